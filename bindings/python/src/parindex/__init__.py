"""libparindex for Python: score and rank public-administration reform indices.

Points are exact decimals (``decimal.Decimal``). A ``Ruleset`` is immutable and may
be shared between threads; ``Results`` belong to one thread at a time.

    import parindex
    b = parindex.Builder()
    b.add_node(None, "1", "Chỉ đạo, điều hành", "1")
    b.add_node("1", "1.1", "Ban hành kế hoạch", "1")
    b.set_rule("1.1", parindex.RULE_OUTCOME)
    b.add_outcome("1.1", "on_time", "1")
    b.add_outcome("1.1", "late", "0.5")
    rs = b.freeze()
    res = rs.score([{"unit": "Sở A", "inputs": {"1.1": "late"}}])
    res.total(0)            # Decimal('0.5')
"""

import ctypes
from decimal import Decimal

from ._lib import FIXED_NONE, FIXED_ONE, diag_fn, fixed, handle, lib

__all__ = ["ParindexError", "Builder", "Ruleset", "Results", "load", "version"]

# enums of include/parindex/*.h
ID_ID, ID_TITLE, ID_LEVEL, ID_YEAR, ID_DECISION, ID_VERSION = range(6)
AGG_SUM, AGG_WEIGHTED_SUM, AGG_MEAN, AGG_WEIGHTED_MEAN, AGG_GEOMETRIC_MEAN = range(5)
PART_INHERIT, PART_APPRAISAL, PART_SURVEY = range(3)
(RULE_NONE, RULE_OUTCOME, RULE_TIERS, RULE_PROPORTIONAL, RULE_DEDUCTION,
 RULE_COUNT, RULE_SURVEY, RULE_POINTS) = range(8)
INPUT_VALUE, INPUT_NUMERATOR, INPUT_DENOMINATOR = range(3)
(PARAM_RATIO_SCALE, PARAM_ZERO_DENOMINATOR, PARAM_HIT_POLICY, PARAM_NO_MATCH,
 PARAM_NO_MATCH_POINTS, PARAM_RANGE_LOW, PARAM_RANGE_HIGH, PARAM_ZERO_BELOW,
 PARAM_FULL_FROM, PARAM_PENALTY, PARAM_FLOOR, PARAM_SPILL, PARAM_PER,
 PARAM_SURVEY_MODE) = range(14)
_ENUM_PARAMS = {PARAM_ZERO_DENOMINATOR, PARAM_HIT_POLICY, PARAM_NO_MATCH, PARAM_SPILL,
                PARAM_SURVEY_MODE}


def version():
    """The linked library's version string, e.g. '0.1.0'."""
    return lib.parindex_version_string().decode()


class ParindexError(Exception):
    """A libparindex failure: status code, message and where it happened."""

    def __init__(self, code, message, source="", line=0, column=0, path="", problems=()):
        self.code = code
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.path = path
        self.problems = list(problems)
        where = source
        if line:
            where += ":%d:%d" % (line, column)
        super().__init__("%s: %s" % (where, message) if where else message)


def _record(err):
    return dict(code=lib.parindex_error_code(err),
                message=lib.parindex_error_message(err).decode(),
                source=lib.parindex_error_source(err).decode(),
                line=lib.parindex_error_line(err),
                column=lib.parindex_error_column(err),
                path=lib.parindex_error_path(err).decode())


def _check(rc, problems=()):
    if rc < 0:
        raise ParindexError(problems=problems, **_record(lib.parindex_error_last()))
    return rc


def _b(text):
    return None if text is None else str(text).encode("utf-8")


def _fixed(value):
    """int, str or Decimal -> micro-points, exactly (floats are refused)."""
    if value is None:
        return FIXED_NONE
    if isinstance(value, float):
        raise TypeError("give points as str, int or Decimal, not float (%r)" % value)
    out = fixed()
    _check(lib.parindex_fixed_parse(_b(format(Decimal(value), "f")), ctypes.byref(out)))
    return out.value


def _decimal(v):
    return None if v == FIXED_NONE else Decimal(v) / FIXED_ONE


def _s(raw):
    return raw.decode("utf-8") if raw is not None else ""


class Builder:
    """Builds a rule set node by node; ``freeze()`` checks it and returns a Ruleset."""

    def __init__(self):
        self._h = handle()
        _check(lib.parindex_builder_new(ctypes.byref(self._h), None))

    def __del__(self):
        if getattr(self, "_h", None):
            lib.parindex_builder_free(self._h)
            self._h = None

    def set_identity(self, field, value):
        _check(lib.parindex_builder_set_identity(self._h, field, _b(value)))

    def set_precision(self, decimals, rounding=0, stage=1):
        _check(lib.parindex_builder_set_precision(self._h, decimals, rounding, stage))

    def add_band(self, label, lo, hi, lo_inclusive=True, hi_inclusive=False):
        _check(lib.parindex_builder_add_band(self._h, _b(label), _fixed(lo), int(lo_inclusive),
                                             _fixed(hi), int(hi_inclusive)))

    def add_node(self, parent, code, name, max_points):
        _check(lib.parindex_builder_add_node(self._h, _b(parent), _b(code), _b(name),
                                             _fixed(max_points)))

    def set_weight(self, code, weight):
        _check(lib.parindex_builder_set_weight(self._h, _b(code), _fixed(weight)))

    def set_weight_total(self, code, total):
        _check(lib.parindex_builder_set_weight_total(self._h, _b(code), _fixed(total)))

    def set_aggregation(self, code, aggregation):
        _check(lib.parindex_builder_set_aggregation(self._h, _b(code), aggregation))

    def set_part(self, code, part):
        _check(lib.parindex_builder_set_part(self._h, _b(code), part))

    def set_max(self, code, max_points):
        _check(lib.parindex_builder_set_max(self._h, _b(code), _fixed(max_points)))

    def set_decimals(self, code, decimals):
        _check(lib.parindex_builder_set_decimals(self._h, _b(code), decimals))

    def set_rule(self, code, rule_type):
        _check(lib.parindex_builder_set_rule(self._h, _b(code), rule_type))

    def set_input(self, code, role, name):
        _check(lib.parindex_builder_set_input(self._h, _b(code), role, _b(name)))

    def set_param(self, code, param, value):
        v = int(value) if param in _ENUM_PARAMS else _fixed(value)
        _check(lib.parindex_builder_set_param(self._h, _b(code), param, v))

    def add_outcome(self, code, name, points):
        _check(lib.parindex_builder_add_outcome(self._h, _b(code), _b(name), _fixed(points)))

    def add_tier(self, code, lo, hi, points, lo_inclusive=True, hi_inclusive=False):
        """A tier [lo, hi) by default; None is an unbounded end."""
        _check(lib.parindex_builder_add_tier(self._h, _b(code), _fixed(lo), int(lo_inclusive),
                                             _fixed(hi), int(hi_inclusive), _fixed(points)))

    def add_category(self, code, name, points, input_name=None):
        _check(lib.parindex_builder_add_category(self._h, _b(code), _b(name), _b(input_name),
                                                 _fixed(points)))

    def freeze(self):
        """Check the rule set; every problem is in the raised error's ``problems``."""
        problems = []

        def collect(err, _payload):
            problems.append(_record(err))

        callback = diag_fn(collect)
        out = handle()
        _check(lib.parindex_builder_freeze(self._h, ctypes.byref(out), callback, None), problems)
        return Ruleset(out)


def load(path):
    """Load and validate a rule set from an XML file."""
    if not hasattr(lib, "parindex_ruleset_load_file") or \
            lib.parindex_ruleset_load_file.restype is not ctypes.c_int:
        raise ParindexError(-4, "this libparindex cannot load XML rule sets")
    out = handle()
    _check(lib.parindex_ruleset_load_file(ctypes.byref(out), _b(path), None))
    return Ruleset(out)


class Ruleset:
    """An immutable, thread-shareable rule set."""

    def __init__(self, h):
        self._h = h

    def __del__(self):
        if getattr(self, "_h", None):
            lib.parindex_ruleset_free(self._h)
            self._h = None

    def identity(self, field=ID_ID):
        return _s(lib.parindex_ruleset_identity(self._h, field))

    @property
    def decimals(self):
        return lib.parindex_ruleset_decimals(self._h)

    def node_index(self, code):
        i = lib.parindex_ruleset_find_node(self._h, _b(code))
        if i < 0:
            raise KeyError(code)
        return i

    def nodes(self):
        """(code, name, max, depth, rule type name) of every node, root first."""
        out = []
        for i in range(lib.parindex_ruleset_node_count(self._h)):
            out.append((_s(lib.parindex_node_code(self._h, i)), _s(lib.parindex_node_name(self._h, i)),
                        _decimal(lib.parindex_node_max(self._h, i)), lib.parindex_node_depth(self._h, i),
                        _s(lib.parindex_rule_type_name(lib.parindex_node_rule(self._h, i)))))
        return out

    def inputs(self):
        """The input names the rules read: the columns of a data file."""
        return [_s(lib.parindex_ruleset_input_name(self._h, i))
                for i in range(lib.parindex_ruleset_input_count(self._h))]

    def score(self, units):
        """Score units: an iterable of dicts {unit, group?, inputs: {name: value}, na?: [codes]}.

        Values are numbers (int, str, Decimal), outcome names or "N/A". Raises
        ParindexError naming the unit and input on the first bad or missing one."""
        res = Results(self)
        ins = handle()
        _check(lib.parindex_inputs_new(ctypes.byref(ins), self._h, None))
        try:
            for u in units:
                lib.parindex_inputs_clear(ins)
                for name, value in u.get("inputs", {}).items():
                    text = format(value, "f") if isinstance(value, Decimal) else str(value)
                    if isinstance(value, float):
                        raise TypeError("input %s: give numbers as str, int or Decimal" % name)
                    _check(lib.parindex_inputs_set_text(ins, _b(name), _b(text)))
                for code in u.get("na", ()):
                    _check(lib.parindex_inputs_set_node_na(ins, _b(code), 1))
                _check(lib.parindex_results_add(res._h, _b(u["unit"]), _b(u.get("group", "")), ins))
        finally:
            lib.parindex_inputs_free(ins)
        return res


class Results:
    """Scores of units against one rule set (keeps the rule set alive)."""

    def __init__(self, ruleset):
        self.ruleset = ruleset
        self._h = handle()
        _check(lib.parindex_results_new(ctypes.byref(self._h), ruleset._h, None))

    def __del__(self):
        if getattr(self, "_h", None):
            lib.parindex_results_free(self._h)
            self._h = None

    def __len__(self):
        return lib.parindex_results_unit_count(self._h)

    def unit(self, u):
        return _s(lib.parindex_results_unit(self._h, u))

    def group(self, u):
        return _s(lib.parindex_results_group(self._h, u))

    def _node(self, node):
        return self.ruleset.node_index(node) if isinstance(node, str) else node

    def earned(self, u, node=0):
        return _decimal(lib.parindex_results_earned(self._h, u, self._node(node)))

    def max(self, u, node=0):
        return _decimal(lib.parindex_results_max(self._h, u, self._node(node)))

    def lost(self, u, node=0):
        return _decimal(lib.parindex_results_lost(self._h, u, self._node(node)))

    def percent(self, u, node=0):
        return _decimal(lib.parindex_results_percent(self._h, u, self._node(node)))

    def is_na(self, u, node):
        return bool(lib.parindex_results_is_na(self._h, u, self._node(node)))

    def total(self, u):
        return self.earned(u, 0)

    def index(self, u):
        return _decimal(lib.parindex_results_index(self._h, u))

    def band(self, u):
        return _s(lib.parindex_results_band(self._h, u))

    def explain(self, u, node):
        """How a node got its points, as a dict (rule, inputs, match, points, reason...)."""
        e = handle()
        _check(lib.parindex_results_explain(self._h, u, self._node(node), ctypes.byref(e)))
        try:
            n = lib.parindex_explanation_input_count(e)
            return {
                "rule": _s(lib.parindex_rule_type_name(lib.parindex_explanation_rule(e))),
                "na": bool(lib.parindex_explanation_is_na(e)),
                "points": _decimal(lib.parindex_explanation_points(e)),
                "max": _decimal(lib.parindex_explanation_max(e)),
                "lost": _decimal(lib.parindex_explanation_lost(e)),
                "spill": _decimal(lib.parindex_explanation_spill(e)),
                "measure": _decimal(lib.parindex_explanation_measure(e)),
                "occurrences": _decimal(lib.parindex_explanation_occurrences(e)),
                "match": lib.parindex_explanation_match(e),
                "match_label": _s(lib.parindex_explanation_match_label(e)),
                "inputs": {_s(lib.parindex_explanation_input_name(e, i)):
                           _s(lib.parindex_explanation_input_text(e, i)) for i in range(n)},
                "reason": _s(lib.parindex_explanation_reason(e)),
            }
        finally:
            lib.parindex_explanation_free(e)
