/*
 * libparindex: status codes and error reporting.
 *
 * Every fallible function returns an int: PARINDEX_OK (0) or one of the
 * negative codes below. The details of the last failure on the calling thread
 * are kept in a thread-local record read through the parindex_error_*
 * accessors. Each fallible entry point clears that record when it starts; the
 * accessors never change it.
 */
#ifndef PARINDEX_ERROR_H
#define PARINDEX_ERROR_H

#include "export.h"

PARINDEX_BEGIN_DECL

/** Status codes. The values are ABI: they are never renumbered. */
enum parindex_status {
    PARINDEX_OK = 0,
    PARINDEX_ERROR = -1,     /**< unexpected internal failure */
    PARINDEX_ENOMEM = -2,    /**< an allocation failed */
    PARINDEX_EINVAL = -3,    /**< an argument has an invalid value */
    PARINDEX_EMISUSE = -4,   /**< API used wrongly (NULL handle, wrong state) */
    PARINDEX_EIO = -5,       /**< a file cannot be read or written */
    PARINDEX_EPARSE = -6,    /**< input is not well-formed (XML, CSV, number) */
    PARINDEX_ESCHEMA = -7,   /**< XML does not match the rule-set schema */
    PARINDEX_ERULE = -8,     /**< the rule set is inconsistent */
    PARINDEX_ELIMIT = -9,    /**< a size limit was exceeded */
    PARINDEX_EVERSION = -10, /**< unsupported version (options, schema) */
    PARINDEX_ENOTFOUND = -11,/**< a named node, input or unit does not exist */
    PARINDEX_EINPUT = -12,   /**< a unit's input is missing or out of range */
    PARINDEX_EEXISTS = -13   /**< the name is already taken */
};

/** Severity of a diagnostic passed to a parindex_diag_fn. */
enum parindex_severity {
    PARINDEX_SEVERITY_ERROR = 0,
    PARINDEX_SEVERITY_WARNING = 1
};

/** An error or diagnostic record; opaque, read through the accessors. */
typedef struct parindex_error parindex_error;

/**
 * Callback receiving every problem found while building or loading a rule
 * set. The record is valid only during the call.
 */
typedef void (*parindex_diag_fn)(const parindex_error *diag, void *payload);

/**
 * The last error of the calling thread. Never NULL; when the last call
 * succeeded its code is PARINDEX_OK and its message is empty.
 * @note Ownership: thread-local storage owned by the library; valid until the
 *       next fallible call on the same thread.
 * @note Thread-safety: each thread sees its own record.
 */
PARINDEX_API const parindex_error *parindex_error_last(void);

/** Status code of the record (a negative PARINDEX_E* value, or 0). */
PARINDEX_API int parindex_error_code(const parindex_error *e);

/** Severity of the record (enum parindex_severity). */
PARINDEX_API int parindex_error_severity(const parindex_error *e);

/** Human-readable English message, without position. Never NULL. */
PARINDEX_API const char *parindex_error_message(const parindex_error *e);

/** Source name (file path, "<memory>" or a caller label); "" if none. */
PARINDEX_API const char *parindex_error_source(const parindex_error *e);

/** 1-based line in the source, 0 if unknown. */
PARINDEX_API unsigned parindex_error_line(const parindex_error *e);

/** 1-based column in the source, 0 if unknown. */
PARINDEX_API unsigned parindex_error_column(const parindex_error *e);

/**
 * Where in the model the problem is: an element path such as
 * "/ruleset/node[2]/node[1]" for XML, or "node 1.2.3" for the builder.
 * "" if none.
 */
PARINDEX_API const char *parindex_error_path(const parindex_error *e);

/**
 * Static English text for a status code, e.g. "out of memory".
 * @note Ownership: static string. Unknown codes give "unknown error".
 */
PARINDEX_API const char *parindex_strerror(int status);

PARINDEX_END_DECL

#endif /* PARINDEX_ERROR_H */
