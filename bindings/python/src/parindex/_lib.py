"""Loading libparindex and declaring its functions for ctypes."""

import ctypes
import ctypes.util
import os

ABI_MAJOR = 0  # the SOVERSION this binding was written for

fixed = ctypes.c_int64
FIXED_NONE = -(2 ** 63)
FIXED_ONE = 1000000


class _Opaque(ctypes.Structure):
    pass


handle = ctypes.POINTER(_Opaque)
diag_fn = ctypes.CFUNCTYPE(None, handle, ctypes.c_void_p)


def _candidates():
    env = os.environ.get("PARINDEX_LIBRARY")
    if env:
        yield env
    here = os.path.dirname(os.path.abspath(__file__))
    yield os.path.join(here, "libparindex.so.%d" % ABI_MAJOR)
    yield "libparindex.so.%d" % ABI_MAJOR
    found = ctypes.util.find_library("parindex")
    if found:
        yield found


def _load():
    errors = []
    for path in _candidates():
        try:
            return ctypes.CDLL(path)
        except OSError as exc:
            errors.append("%s: %s" % (path, exc))
    raise ImportError("cannot load libparindex (set PARINDEX_LIBRARY to its path):\n  "
                      + "\n  ".join(errors))


lib = _load()

# name: (restype, argtypes)
_DECLS = {
    "parindex_version_number": (ctypes.c_uint, []),
    "parindex_version_string": (ctypes.c_char_p, []),
    "parindex_error_last": (handle, []),
    "parindex_error_code": (ctypes.c_int, [handle]),
    "parindex_error_severity": (ctypes.c_int, [handle]),
    "parindex_error_message": (ctypes.c_char_p, [handle]),
    "parindex_error_source": (ctypes.c_char_p, [handle]),
    "parindex_error_line": (ctypes.c_uint, [handle]),
    "parindex_error_column": (ctypes.c_uint, [handle]),
    "parindex_error_path": (ctypes.c_char_p, [handle]),
    "parindex_strerror": (ctypes.c_char_p, [ctypes.c_int]),
    "parindex_fixed_parse": (ctypes.c_int, [ctypes.c_char_p, ctypes.POINTER(fixed)]),
    "parindex_builder_new": (ctypes.c_int, [ctypes.POINTER(handle), ctypes.c_void_p]),
    "parindex_builder_free": (None, [handle]),
    "parindex_builder_set_identity": (ctypes.c_int, [handle, ctypes.c_int, ctypes.c_char_p]),
    "parindex_builder_set_precision": (ctypes.c_int, [handle, ctypes.c_int, ctypes.c_int, ctypes.c_int]),
    "parindex_builder_add_band": (ctypes.c_int, [handle, ctypes.c_char_p, fixed, ctypes.c_int, fixed, ctypes.c_int]),
    "parindex_builder_add_node": (ctypes.c_int, [handle, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, fixed]),
    "parindex_builder_set_max": (ctypes.c_int, [handle, ctypes.c_char_p, fixed]),
    "parindex_builder_set_weight": (ctypes.c_int, [handle, ctypes.c_char_p, fixed]),
    "parindex_builder_set_weight_total": (ctypes.c_int, [handle, ctypes.c_char_p, fixed]),
    "parindex_builder_set_aggregation": (ctypes.c_int, [handle, ctypes.c_char_p, ctypes.c_int]),
    "parindex_builder_set_part": (ctypes.c_int, [handle, ctypes.c_char_p, ctypes.c_int]),
    "parindex_builder_set_floor": (ctypes.c_int, [handle, ctypes.c_char_p, fixed]),
    "parindex_builder_set_cap": (ctypes.c_int, [handle, ctypes.c_char_p, fixed]),
    "parindex_builder_set_decimals": (ctypes.c_int, [handle, ctypes.c_char_p, ctypes.c_int]),
    "parindex_builder_set_rule": (ctypes.c_int, [handle, ctypes.c_char_p, ctypes.c_int]),
    "parindex_builder_set_input": (ctypes.c_int, [handle, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]),
    "parindex_builder_set_param": (ctypes.c_int, [handle, ctypes.c_char_p, ctypes.c_int, fixed]),
    "parindex_builder_add_outcome": (ctypes.c_int, [handle, ctypes.c_char_p, ctypes.c_char_p, fixed]),
    "parindex_builder_add_tier": (ctypes.c_int, [handle, ctypes.c_char_p, fixed, ctypes.c_int, fixed, ctypes.c_int, fixed]),
    "parindex_builder_add_category": (ctypes.c_int, [handle, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, fixed]),
    "parindex_builder_freeze": (ctypes.c_int, [handle, ctypes.POINTER(handle), diag_fn, ctypes.c_void_p]),
    "parindex_ruleset_free": (None, [handle]),
    "parindex_ruleset_identity": (ctypes.c_char_p, [handle, ctypes.c_int]),
    "parindex_ruleset_decimals": (ctypes.c_int, [handle]),
    "parindex_ruleset_node_count": (ctypes.c_size_t, [handle]),
    "parindex_ruleset_find_node": (ctypes.c_long, [handle, ctypes.c_char_p]),
    "parindex_node_code": (ctypes.c_char_p, [handle, ctypes.c_size_t]),
    "parindex_node_name": (ctypes.c_char_p, [handle, ctypes.c_size_t]),
    "parindex_node_max": (fixed, [handle, ctypes.c_size_t]),
    "parindex_node_parent": (ctypes.c_long, [handle, ctypes.c_size_t]),
    "parindex_node_depth": (ctypes.c_int, [handle, ctypes.c_size_t]),
    "parindex_node_rule": (ctypes.c_int, [handle, ctypes.c_size_t]),
    "parindex_node_decimals": (ctypes.c_int, [handle, ctypes.c_size_t]),
    "parindex_ruleset_input_count": (ctypes.c_size_t, [handle]),
    "parindex_ruleset_input_name": (ctypes.c_char_p, [handle, ctypes.c_size_t]),
    "parindex_rule_type_name": (ctypes.c_char_p, [ctypes.c_int]),
    "parindex_inputs_new": (ctypes.c_int, [ctypes.POINTER(handle), handle, ctypes.c_void_p]),
    "parindex_inputs_free": (None, [handle]),
    "parindex_inputs_clear": (None, [handle]),
    "parindex_inputs_set": (ctypes.c_int, [handle, ctypes.c_char_p, fixed]),
    "parindex_inputs_set_text": (ctypes.c_int, [handle, ctypes.c_char_p, ctypes.c_char_p]),
    "parindex_inputs_set_na": (ctypes.c_int, [handle, ctypes.c_char_p]),
    "parindex_inputs_set_node_na": (ctypes.c_int, [handle, ctypes.c_char_p, ctypes.c_int]),
    "parindex_results_new": (ctypes.c_int, [ctypes.POINTER(handle), handle, ctypes.c_void_p]),
    "parindex_results_free": (None, [handle]),
    "parindex_results_add": (ctypes.c_int, [handle, ctypes.c_char_p, ctypes.c_char_p, handle]),
    "parindex_results_unit_count": (ctypes.c_size_t, [handle]),
    "parindex_results_unit": (ctypes.c_char_p, [handle, ctypes.c_size_t]),
    "parindex_results_group": (ctypes.c_char_p, [handle, ctypes.c_size_t]),
    "parindex_results_earned": (fixed, [handle, ctypes.c_size_t, ctypes.c_size_t]),
    "parindex_results_max": (fixed, [handle, ctypes.c_size_t, ctypes.c_size_t]),
    "parindex_results_lost": (fixed, [handle, ctypes.c_size_t, ctypes.c_size_t]),
    "parindex_results_percent": (fixed, [handle, ctypes.c_size_t, ctypes.c_size_t]),
    "parindex_results_is_na": (ctypes.c_int, [handle, ctypes.c_size_t, ctypes.c_size_t]),
    "parindex_results_index": (fixed, [handle, ctypes.c_size_t]),
    "parindex_results_band": (ctypes.c_char_p, [handle, ctypes.c_size_t]),
    "parindex_results_explain": (ctypes.c_int, [handle, ctypes.c_size_t, ctypes.c_size_t, ctypes.POINTER(handle)]),
    "parindex_explanation_free": (None, [handle]),
    "parindex_explanation_rule": (ctypes.c_int, [handle]),
    "parindex_explanation_is_na": (ctypes.c_int, [handle]),
    "parindex_explanation_points": (fixed, [handle]),
    "parindex_explanation_max": (fixed, [handle]),
    "parindex_explanation_lost": (fixed, [handle]),
    "parindex_explanation_spill": (fixed, [handle]),
    "parindex_explanation_measure": (fixed, [handle]),
    "parindex_explanation_occurrences": (fixed, [handle]),
    "parindex_explanation_match": (ctypes.c_int, [handle]),
    "parindex_explanation_match_label": (ctypes.c_char_p, [handle]),
    "parindex_explanation_input_count": (ctypes.c_size_t, [handle]),
    "parindex_explanation_input_name": (ctypes.c_char_p, [handle, ctypes.c_size_t]),
    "parindex_explanation_input_text": (ctypes.c_char_p, [handle, ctypes.c_size_t]),
    "parindex_explanation_reason": (ctypes.c_char_p, [handle]),
}

# Functions of later modules: declared when the library has them.
_OPTIONAL = {
    "parindex_ruleset_load_file": (ctypes.c_int, [ctypes.POINTER(handle), ctypes.c_char_p, ctypes.c_void_p]),
}

for _name, (_res, _args) in list(_DECLS.items()) + list(_OPTIONAL.items()):
    try:
        _f = getattr(lib, _name)
    except AttributeError:
        if _name in _OPTIONAL:
            continue
        raise ImportError("libparindex lacks %s: the library is older than this binding" % _name)
    _f.restype = _res
    _f.argtypes = _args

if lib.parindex_version_number() // 10000 != ABI_MAJOR:
    raise ImportError("libparindex %s is not ABI %d" % (lib.parindex_version_string().decode(), ABI_MAJOR))
