/*
 * libparindex: rule-set files.
 *
 * Loading a rule set from its XML form (format version 1, namespace
 * urn:parindex:ruleset:1, specified in docs/ruleset-format.md), describing a
 * leaf's rule in one line, and comparing two rule sets node by node.
 */
#ifndef PARINDEX_LOAD_H
#define PARINDEX_LOAD_H

#include <stddef.h>
#include "alloc.h"
#include "error.h"
#include "export.h"
#include "ruleset.h"

PARINDEX_BEGIN_DECL

/** The XML namespace of rule-set files this library reads. */
#define PARINDEX_RULESET_NAMESPACE "urn:parindex:ruleset:1"
/** The value of the root's schema-version attribute this library reads. */
#define PARINDEX_RULESET_SCHEMA_VERSION 1

/** Default size limit of a rule-set file: 16 MiB. */
#define PARINDEX_LOAD_DEFAULT_MAX_BYTES ((size_t)16 * 1024 * 1024)
/** Default limit on the nesting of XML elements (the root is depth 1). */
#define PARINDEX_LOAD_DEFAULT_MAX_DEPTH ((size_t)32)
/** Default limit on the number of XML elements in a file. */
#define PARINDEX_LOAD_DEFAULT_MAX_ELEMENTS ((size_t)100000)

/** Flags of parindex_load_options.flags. */
enum parindex_load_flag {
    /** Treat static-analysis warnings as errors, as if the file said
     *  warnings="error". */
    PARINDEX_LOAD_WARNINGS_AS_ERRORS = 1u << 0
};

/**
 * Options of a load. Initialise with PARINDEX_LOAD_OPTIONS_INIT or
 * parindex_load_options_init, then set the fields you need. Fields are only
 * ever appended; `version` tells the library which fields exist.
 */
typedef struct parindex_load_options {
    /** PARINDEX_LOAD_OPTIONS_VERSION of the header the caller compiled with. */
    unsigned int version;
    /** enum parindex_load_flag bits; unknown bits are PARINDEX_EINVAL. */
    unsigned int flags;
    /** Allocator of the loader and of the rule set it returns; NULL for
     *  malloc/free. libxml2's own memory never goes through it. Copied. */
    const parindex_allocator *alloc;
    /** Called once for every problem found (errors and warnings), in the
     *  order found; NULL to ignore. The record is valid during the call. */
    parindex_diag_fn diag;
    /** Passed to `diag`. */
    void *diag_payload;
    /** Largest file accepted, in bytes; 0 for the default (16 MiB). Checked
     *  before anything is read. */
    size_t max_bytes;
    /** Deepest element nesting accepted; 0 for the default (32). */
    size_t max_depth;
    /** Most XML elements accepted; 0 for the default (100000). */
    size_t max_elements;
} parindex_load_options;

/** Version of parindex_load_options this header declares. */
#define PARINDEX_LOAD_OPTIONS_VERSION 1
/** Initialiser: defaults everywhere. */
#define PARINDEX_LOAD_OPTIONS_INIT \
    { PARINDEX_LOAD_OPTIONS_VERSION, 0u, NULL, NULL, NULL, 0, 0, 0 }

/**
 * Fill `opts` with the defaults of options version `version`.
 * @return PARINDEX_OK; PARINDEX_EVERSION when `version` is 0 or newer than
 *         this library knows; PARINDEX_EMISUSE for NULL.
 * @note Thread-safety: safe from any thread.
 */
PARINDEX_API int parindex_load_options_init(parindex_load_options *opts,
                                            unsigned int version);

/**
 * Load a rule set from an XML file.
 *
 * The file is checked in stages, and a stage runs only when the previous one
 * found no error: size and nesting limits, and no DOCTYPE (DTDs, entities
 * and network access are never used); well-formedness; the root element,
 * namespace and schema-version; the XML schema (embedded in the library);
 * the values (numbers, intervals, which inputs a rule reads); then the same
 * checks as parindex_builder_freeze, and the static analysis, whose
 * findings are warnings unless the file says warnings="error" or
 * PARINDEX_LOAD_WARNINGS_AS_ERRORS is set.
 *
 * Every problem goes to opts->diag with the source name, 1-based line and
 * column (0 when unknown), the element path (e.g.
 * "/ruleset/node[2]/node[1]/tiers/tier[3]/@range") and a message. The return
 * status and the last error describe the first error.
 *
 * @param out receives the rule set; NULL on failure.
 * @param path file name; also the source name in messages.
 * @param opts options, or NULL for the defaults.
 * @return PARINDEX_OK; PARINDEX_EIO (cannot read), PARINDEX_ELIMIT (a limit
 *         was exceeded), PARINDEX_EPARSE (not well-formed, or a DOCTYPE),
 *         PARINDEX_EVERSION (unknown schema version or options version),
 *         PARINDEX_ESCHEMA (does not match the schema), PARINDEX_ERULE
 *         (inconsistent rules), PARINDEX_ENOMEM, PARINDEX_EINVAL (unknown
 *         flags), PARINDEX_EMISUSE (NULL out or path).
 * @note Ownership: free the rule set with parindex_ruleset_free.
 * @note Thread-safety: any number of threads may load at once; the loader
 *       shares no state between loads and never touches libxml2's global
 *       error handlers.
 */
PARINDEX_API PARINDEX_WARN_UNUSED int
parindex_ruleset_load_file(parindex_ruleset **out, const char *path,
                           const parindex_load_options *opts);

/**
 * Load a rule set from XML held in memory. Same checks and results as
 * parindex_ruleset_load_file; `len` is checked against the size limit
 * before the data is read.
 * @param data the XML text (need not be NUL-terminated); not retained.
 * @param source_name name used in messages, or NULL for "<memory>".
 */
PARINDEX_API PARINDEX_WARN_UNUSED int
parindex_ruleset_load_memory(parindex_ruleset **out, const void *data,
                             size_t len, const char *source_name,
                             const parindex_load_options *opts);

/**
 * Describe the rule of a leaf in one line, with every parameter's effective
 * value, e.g. "tiers input=1.1.4 hit=unique no-match=error: [90, +inf) 2;
 * [70, 90) 1; (-inf, 70) 0". Inner nodes give "" (length 0).
 * @return the length of the full text (excluding NUL), as snprintf: when it
 *         is >= size the text was truncated (always NUL-terminated when
 *         size > 0).
 * @note Thread-safety: only reads the rule set.
 */
PARINDEX_API size_t parindex_node_rule_text(const parindex_ruleset *rs,
                                            size_t node, char *buf,
                                            size_t size);

/** Kinds of difference reported by parindex_ruleset_diff. */
enum parindex_diff_kind {
    PARINDEX_DIFF_ADDED = 0,   /**< a node only the new rule set has */
    PARINDEX_DIFF_REMOVED = 1, /**< a node only the old rule set has */
    PARINDEX_DIFF_CHANGED = 2  /**< a field that differs */
};

/**
 * Receives one difference.
 * @param kind enum parindex_diff_kind.
 * @param code the node's code; "" for the rule set itself (identity,
 *        precision, bands, the total).
 * @param field for PARINDEX_DIFF_CHANGED, what differs: "name", "max",
 *        "weight", "aggregation", "part", "floor", "cap", "decimals",
 *        "weights-total", "parent", "rule" (the rule type, with the whole
 *        rule as values), a rule parameter named as its XML attribute
 *        ("input", "scale", "hit", "penalty", ...), "tier N",
 *        "option NAME", "category NAME", identity fields ("id", "title",
 *        "level", "year", "decision", "version"), "precision", "band LABEL".
 *        For added and removed nodes: "node".
 * @param old_value, new_value the values as text; NULL where absent (the
 *        old value of an added node or field, the new value of a removed
 *        one). For an added or removed node: "max M, RULE" or
 *        "max M, AGGREGATION of N".
 * Strings are valid during the call only.
 */
typedef void (*parindex_diff_fn)(int kind, const char *code,
                                 const char *field, const char *old_value,
                                 const char *new_value, void *payload);

/**
 * Compare two rule sets node by node, matching nodes by code. Reports, in
 * this order: changes to the rule set itself, then each node of `old_rs`
 * in pre-order (removed, or its changed fields), then each node only
 * `new_rs` has, in pre-order. Rule parameters are compared by effective
 * value, so a default written out and the same default left implicit are
 * equal.
 * @param fn called once per difference; may be NULL to only count.
 * @return the number of differences (0 when equivalent), or
 *         PARINDEX_EMISUSE for a NULL rule set.
 * @note Thread-safety: only reads both rule sets.
 */
PARINDEX_API long parindex_ruleset_diff(const parindex_ruleset *old_rs,
                                        const parindex_ruleset *new_rs,
                                        parindex_diff_fn fn, void *payload);

PARINDEX_END_DECL

#endif /* PARINDEX_LOAD_H */
