#!/usr/bin/env python3
"""Generate the sample data files of examples/data from the shipped rule sets.

Usage: python3 examples/data/generate.py [--check]

The units the source documents describe are written with their documented
raw facts (the Đắk Nông district of the 2023 remediation plan, the Department
of Natural Resources and Environment in 2021 and 2022); every other unit is
synthetic: its raw facts are drawn from a seeded random generator, and kept
only when its total falls where the published ranks require (for example,
17 departments above 80.567 and 4 below it in 2022). The output is the same
on every run.

Each rule set is read from its XML file and every unit is scored by a small
re-implementation of the scoring rules (exact fractions, half-up rounding at
the leaves), so the generator can check totals and ranks; the library itself
is the authority, and the tests in tests/unit check the same figures
through it. With --check nothing is written: the files on disk are compared
with what would be written.

Standard library only.
"""
import csv
import io
import random
import sys
import xml.etree.ElementTree as ET
from fractions import Fraction as F
from pathlib import Path

HERE = Path(__file__).resolve().parent
RULESETS = HERE.parent / "rulesets"
NS = "{urn:parindex:ruleset:1}"
RULE_TAGS = ("outcome", "tiers", "proportional", "deduction", "count",
             "survey", "points")


# ---------------------------------------------------------------------------
# Rule sets
# ---------------------------------------------------------------------------

def dec(text):
    """A decimal attribute as an exact fraction."""
    return F(text)


def parse_range(text):
    lo_s, hi_s = [s.strip() for s in text[1:-1].split(",")]
    lo = None if lo_s == "-inf" else F(lo_s)
    hi = None if hi_s == "+inf" else F(hi_s)
    return lo, text[0] == "[", hi, text[-1] == "]"


class Node:
    def __init__(self, el, parent, rs):
        self.code = el.get("code")
        self.name = el.get("name")
        self.max = dec(el.get("max"))
        self.weight = dec(el.get("weight", "1"))
        self.aggregation = el.get("aggregation", "sum")
        self.part = el.get("part") or (parent.part if parent else None)
        self.decimals = int(el.get("decimals", rs.decimals))
        self.round_here = "decimals" in el.attrib
        self.parent = parent
        self.children = []
        self.rule = None
        for child in el:
            tag = child.tag.replace(NS, "")
            if tag == "node":
                self.children.append(Node(child, self, rs))
            elif tag in RULE_TAGS:
                self.rule = Rule(tag, child, self)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


class Rule:
    def __init__(self, tag, el, node):
        self.type = tag
        a = el.attrib
        self.ratio = "numerator" in a or "scale" in a
        self.value = a.get("input", node.code)
        self.num = a.get("numerator", node.code + ".num")
        self.den = a.get("denominator", node.code + ".den")
        self.scale = dec(a.get("scale", "1"))
        self.zero_den = a.get("zero-denominator", "error")
        self.low = dec(a["low"]) if "low" in a else F(0)
        self.high = dec(a["high"]) if "high" in a else F(1)
        self.zero_below = dec(a["zero-below"]) if "zero-below" in a else None
        self.full_from = dec(a["full-from"]) if "full-from" in a else None
        self.penalty = dec(a.get("penalty", "0"))
        self.floor = dec(a.get("floor", "0"))
        self.per = dec(a.get("per", "0"))
        self.mode = a.get("mode")
        self.no_match_points = (dec(a.get("no-match-points", "0"))
                                if a.get("no-match") == "points" else None)
        self.options = [(o.get("name"), dec(o.get("points")))
                        for o in el.findall(NS + "option")]
        self.tiers = [(parse_range(t.get("range")), dec(t.get("points")))
                      for t in el.findall(NS + "tier")]
        self.cats = [(c.get("name"), c.get("input", node.code + "." + c.get("name")),
                      dec(c.get("points")))
                     for c in el.findall(NS + "category")]

    def inputs(self):
        """Input names in the order the library registers them."""
        if self.type == "count" and self.cats:
            return [c[1] for c in self.cats]
        if self.ratio:
            return [self.num, self.den]
        return [self.value]


class RuleSet:
    def __init__(self, path):
        root = ET.parse(path).getroot()
        self.id = root.get("id")
        prec = root.find(NS + "precision")
        self.decimals = int(prec.get("decimals", "3")) if prec is not None else 3
        total = root.find(NS + "total")
        tot = total.attrib if total is not None else {}
        self.root = Node.__new__(Node)
        self.root.code, self.root.name, self.root.parent = "", "", None
        self.root.weight, self.root.part, self.root.rule = F(1), None, None
        self.root.round_here = False
        self.root.aggregation = tot.get("aggregation", "sum")
        self.root.decimals = self.decimals
        self.root.children = [Node(el, self.root, self)
                              for el in root.findall(NS + "node")]
        self.root.max = (dec(tot["max"]) if "max" in tot
                         else sum(c.max for c in self.root.children))
        self.nodes = list(self.root.walk())
        self.by_code = {n.code: n for n in self.nodes}
        self.inputs = []
        for n in self.nodes:
            if n.rule:
                for name in n.rule.inputs():
                    if name not in self.inputs:
                        self.inputs.append(name)


def round_half_up(x, decimals):
    q = F(10) ** decimals
    v = abs(x) * q
    r = (v.numerator * 2 + v.denominator) // (2 * v.denominator)
    return F(r if x >= 0 else -r) / q


def micro(x):
    return round_half_up(x, 6)


class NotApplicable(Exception):
    pass


def eval_leaf(node, facts):
    r = node.rule
    mx = node.max

    def get(name):
        v = facts[name]
        if v == "N/A":
            raise NotApplicable()
        return v

    def measure():
        if not r.ratio:
            return F(get(r.value)), None
        num, den = F(get(r.num)), F(get(r.den))
        if den == 0:
            if r.zero_den == "full":
                return None, mx
            if r.zero_den == "zero":
                return None, F(0)
            if r.zero_den == "na":
                raise NotApplicable()
            raise ValueError(f"{node.code}: zero denominator")
        return num * r.scale / den, None

    def inside(m, rng):
        lo, lo_inc, hi, hi_inc = rng
        ok_lo = lo is None or m > lo or (lo_inc and m == lo)
        ok_hi = hi is None or m < hi or (hi_inc and m == hi)
        return ok_lo and ok_hi

    def linear(m, lo, hi):
        if m <= lo:
            return F(0)
        if m >= hi:
            return mx
        return micro(mx * (m - lo) / (hi - lo))

    t = r.type
    if t == "outcome":
        v = get(r.value)
        for name, pts in r.options:
            if name == v:
                return pts
        raise ValueError(f"{node.code}: unknown outcome {v!r}")
    if t == "points":
        v = F(get(r.value))
        if not 0 <= v <= mx:
            raise ValueError(f"{node.code}: points {v} out of range")
        return v
    if t == "deduction":
        occ = F(get(r.value))
        return max(mx - micro(r.penalty * occ), r.floor)
    if t == "count":
        if r.cats:
            pts = sum(p for _, inp, p in r.cats if F(get(inp)) == 1)
        else:
            pts = r.per * F(get(r.value))
        return min(pts, mx)
    m, decided = measure()
    if decided is not None:
        return decided
    if t == "tiers":
        for rng, pts in r.tiers:
            if inside(m, rng):
                return pts
        if r.no_match_points is not None:
            return r.no_match_points
        raise ValueError(f"{node.code}: {float(m)} matches no tier")
    if t == "proportional":
        if r.zero_below is not None and m < r.zero_below:
            return F(0)
        if r.full_from is not None and m >= r.full_from:
            return mx
        return linear(m, r.low, r.high)
    if t == "survey":
        if not r.low <= m <= r.high:
            raise ValueError(f"{node.code}: survey value {float(m)} off scale")
        return linear(m, r.low, r.high)
    raise ValueError(t)


def score(rs, facts):
    """Earned points and applicable maximum of every node: {code: (e, m)}."""
    out = {}

    def visit(n):
        if n.rule:
            try:
                e = eval_leaf(n, facts)
            except NotApplicable:
                out[n.code] = None
                return None
            e = round_half_up(e, n.decimals)
            out[n.code] = (e, n.max)
            return out[n.code]
        kids = [(c, visit(c)) for c in n.children]
        app = [(c, v) for c, v in kids if v is not None]
        if not app:
            out[n.code] = None
            return None
        if n.aggregation == "sum":
            e = sum(v[0] for _, v in app)
            m = sum(v[1] for _, v in app)
        elif n.aggregation in ("weighted_sum", "weighted_mean", "mean"):
            if n.aggregation == "mean":
                w = {c.code: F(1) for c, _ in app}
                W = F(len(app))
            else:
                w = {c.code: c.weight for c, _ in app}
                W = (sum(c.weight for c, _ in kids)
                     if n.aggregation == "weighted_sum" else sum(w.values()))
            e = sum(micro(n.max * w[c.code] * v[0] / (v[1] * W)) for c, v in app)
            m = (micro(n.max * sum(w.values()) / W)
                 if n.aggregation == "weighted_sum" else n.max)
        else:
            raise ValueError(n.aggregation)
        if n.round_here:
            e = round_half_up(e, n.decimals)
        out[n.code] = (e, m)
        return out[n.code]

    visit(rs.root)
    return out


def total(rs, facts):
    return score(rs, facts)[""][0]


# ---------------------------------------------------------------------------
# Synthetic raw facts
# ---------------------------------------------------------------------------

def fmt_num(x):
    """A number as a data cell: integers plain, others with '.' decimals."""
    x = F(x)
    if x.denominator == 1:
        return str(x.numerator)
    s = f"{float(x):.6f}".rstrip("0").rstrip(".")
    if F(s) != x:
        raise ValueError(f"{x} needs more than 6 decimals")
    return s


class Facts(dict):
    """Raw facts of one unit: input name -> number (Fraction/int) or text."""


def ratio_hit(rng, den, lo, lo_inc, hi, hi_inc, scale):
    """A numerator n in [0, den] with n * scale / den inside the interval,
    or None when there is none."""
    if den == 0:
        return None
    first, last = 0, den
    if lo is not None:
        b = lo * den / scale          # n >= b (n > b when open)
        first = max(first, -(-b.numerator // b.denominator))
        if not lo_inc and F(first) == b:
            first += 1
    if hi is not None:
        b = hi * den / scale          # n <= b (n < b when open)
        last = min(last, b.numerator // b.denominator)
        if not hi_inc and F(last) == b:
            last -= 1
    return rng.randint(first, last) if first <= last else None


class Generator:
    """Draws plausible raw facts for every leaf of a rule set.

    `quality` in [0, 1] is the chance that an item is done perfectly; when
    it is not, a lesser outcome, tier or ratio is drawn. `sizes` maps a
    denominator input to the range its count is drawn from (e.g. dossiers
    received in a year).
    """

    def __init__(self, rs, sizes, default_size=(6, 40)):
        self.rs = rs
        self.sizes = sizes
        self.default_size = default_size

    def size(self, rng, name):
        lo, hi = self.sizes.get(name, self.default_size)
        return rng.randint(lo, hi)

    def draw(self, rng, quality):
        f = Facts()
        for n in self.rs.nodes:
            if n.rule:
                self.leaf(rng, quality, n, f)
        return f

    def leaf(self, rng, q, node, f):
        r = node.rule
        good = rng.random() < q
        t = r.type
        if t == "outcome":
            if r.value in f:
                return
            opts = sorted(r.options, key=lambda o: -o[1])
            f[r.value] = opts[0][0] if good else rng.choice(opts[1:])[0]
        elif t == "deduction":
            if r.value not in f:
                f[r.value] = 0 if good else rng.choice([1, 1, 1, 2, 3])
        elif t == "count":
            if r.cats:
                for _, inp, _ in r.cats:
                    if inp not in f:
                        f[inp] = 1 if (good or rng.random() < 0.6) else 0
            elif r.value not in f:
                need = -(-node.max // r.per)
                f[r.value] = int(need) if good else rng.randint(0, int(need) - 1)
        elif t == "tiers":
            tiers = sorted(r.tiers, key=lambda x: -x[1])
            rng_ = tiers[0][0] if good else rng.choice(tiers[1:3] or tiers)[0]
            lo, lo_inc, hi, hi_inc = rng_
            if not r.ratio:
                if r.value in f:
                    return
                start = 0 if lo is None else int(lo) + (0 if lo_inc else 1)
                end = start + 3 if hi is None else int(hi) - (0 if hi_inc else 1)
                f[r.value] = rng.randint(start, max(start, end))
                return
            den = f[r.den] if r.den in f else self.size(rng, r.den)
            if den == 0:
                f[r.den] = 0
                f.setdefault(r.num, 0)
                return
            n = ratio_hit(rng, int(den), lo, lo_inc, hi, hi_inc, r.scale)
            if n is None:  # the size cannot reach that tier: take the top one
                lo, lo_inc, hi, hi_inc = tiers[0][0]
                n = ratio_hit(rng, int(den), lo, lo_inc, hi, hi_inc, r.scale)
            f[r.den] = den
            f.setdefault(r.num, n)
        elif t in ("proportional", "survey"):
            if not r.ratio:
                raise ValueError(f"{node.code}: a value input needs explicit facts")
            den = f[r.den] if r.den in f else self.size(rng, r.den)
            if den == 0:
                f[r.den] = 0
                f.setdefault(r.num, 0)
                return
            if t == "survey":
                share = rng.uniform(0.72, 0.97) if good else rng.uniform(0.55, 0.85)
                n = round(den * share)
            else:
                full = r.high / r.scale
                if r.full_from is not None:
                    full = min(full, r.full_from / r.scale)
                share = (rng.uniform(float(full), 1.0) if good
                         else rng.uniform(0.6, 1.0) * float(full))
                n = min(den, max(0, round(den * min(1.0, share))))
                if good and F(n, den) < full:
                    n = min(den, -(-den * full.numerator // full.denominator))
            f[r.den] = den
            f.setdefault(r.num, n)
        elif t == "points":
            raise ValueError(f"{node.code}: given points need explicit facts")


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

def csv_text(header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row in rows:
        w.writerow(row)
    return buf.getvalue()


def data_csv(rs, units):
    """units: list of (name, group, Facts)."""
    header = ["unit", "group"] + rs.inputs
    rows = []
    for name, group, facts in units:
        missing = [i for i in rs.inputs if i not in facts]
        extra = [k for k in facts if k not in rs.inputs]
        if missing or extra:
            raise ValueError(f"{name}: missing {missing}, unknown {extra}")
        rows.append([name, group] + [v if isinstance(v, str) else fmt_num(v)
                                     for v in (facts[i] for i in rs.inputs)])
    return csv_text(header, rows)


def ranks(rs, units):
    totals = [(total(rs, f), name) for name, _, f in units]
    order = sorted(totals, key=lambda t: -t[0])
    return {name: (order.index((t, name)) + 1, t) for t, name in totals}


def distinct_from(value, others):
    return all(value != o for o in others)


def fill(rng, gen, rs, names, group, fixed, targets):
    """Draw units until each target interval (lo, hi) holds one unit.

    `targets` is a list of (lo, hi, quality range); units are drawn in the
    order of `names`. Totals are kept distinct from each other and from the
    fixed units' totals (no ties).
    """
    taken = [total(rs, f) for _, _, f in fixed]
    units = []
    for name, (lo, hi, qlo, qhi) in zip(names, targets):
        for _ in range(20000):
            f = gen.draw(rng, rng.uniform(qlo, qhi))
            t = total(rs, f)
            if lo < t < hi and distinct_from(t, taken):
                break
        else:
            raise RuntimeError(f"no facts for {name} in ({lo}, {hi})")
        taken.append(t)
        units.append((name, group, f))
    return units


# ---------------------------------------------------------------------------
# Đắk Nông, departments (seed: the 2023 plan of the Department of Natural
# Resources and Environment)
# ---------------------------------------------------------------------------

DEPARTMENTS = [
    "Văn phòng UBND tỉnh", "Sở Nội vụ", "Sở Tư pháp", "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính", "Sở Công Thương", "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Giao thông vận tải", "Sở Xây dựng", "Sở Tài nguyên và Môi trường",
    "Sở Thông tin và Truyền thông", "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo", "Sở Y tế", "Thanh tra tỉnh", "Ban Dân tộc",
    "Ban Quản lý các khu công nghiệp", "Sở Ngoại vụ",
    "Ban Quản lý dự án đầu tư xây dựng tỉnh", "Quỹ Phát triển đất",
]
SEED_DEPARTMENT = "Sở Tài nguyên và Môi trường"
DEPARTMENT_GROUP = "Sở, ban, ngành"

DEPARTMENT_SIZES = {
    "1.1.2.planned": (15, 40), "1.2.required": (4, 4),
    "1.3.2.found": (0, 6), "1.4.2.planned": (8, 20), "1.5.1.received": (10, 40),
    "2.1.2.sent": (0, 4), "2.1.3.planned": (0, 4), "2.2.2.planned": (5, 30),
    "2.2.3.found": (0, 4), "2.3.2.tasks": (0, 8), "2.4.2.planned": (3, 10),
    "3.1.2.planned": (4, 12), "3.2.2.planned": (4, 12),
    "3.3.1.total": (1, 10), "3.4.1.procedures": (20, 140),
    "3.4.2.dossiers": (200, 3000), "3.5.1.total": (200, 3000),
    "3.5.2.late": (0, 60), "3.6.1.received": (0, 12),
    "3.7.1.total": (200, 3000), "3.7.2.required": (4, 4),
    "3.8.2.found": (0, 5), "4.3.target": (0, 5), "5.1.2.staff": (30, 250),
    "5.4.2.planned": (10, 60), "5.7.1.records": (30, 250),
    "6.1.2.allocated": (0, 40), "6.2.1.total": (0, 6), "6.4.1.units": (0, 5),
    "7.1.2.planned": (6, 20), "7.1.3.total": (800, 6000),
    "7.1.5.issued": (800, 6000), "7.1.6.staff": (30, 250),
    "7.2.1.procedures": (20, 140), "7.2.2.total": (200, 3000),
}


def department_link(f, rng):
    """Keep related facts consistent: one count of dossiers, the late
    dossiers and their apologies, the same procedures at the centre and
    online."""
    dossiers = f["3.5.1.total"]
    for den, num in (("3.4.2.dossiers", "3.4.2.updated"),
                     ("3.7.1.total", "3.7.1.digitised"),
                     ("7.2.2.total", "7.2.2.online")):
        f[num] = min(dossiers, round(F(f[num], f[den]) * dossiers))
        f[den] = dossiers
    late = dossiers - f["3.5.1.on_time"]
    apologised = late if (f["3.5.2.apologised"] >= f["3.5.2.late"]
                          or rng.random() < 0.6) else rng.randint(0, max(0, late - 1))
    f["3.5.2.late"], f["3.5.2.apologised"] = late, apologised
    f["7.2.1.online"] = min(f["7.2.1.online"], f["3.4.1.procedures"])
    f["7.2.1.procedures"] = f["3.4.1.procedures"]
    return f


def department_facts_2022():
    """Sở Tài nguyên và Môi trường, 2022: 80.567 of 99 (plan of 2023)."""
    f = Facts({
        # field 1: 8.75 of 13
        "1.1.1": "on_time", "1.1.2.done": 24, "1.1.2.planned": 24,
        "1.1.3": "issued",
        "1.2.submitted": 4, "1.2.required": 4, "1.2.late": 1,  # Q3 report late
        "1.3.1": "issued", "1.3.2.handled": 3, "1.3.2.found": 3,
        "1.4.1": "on_time", "1.4.2.done": 12, "1.4.2.planned": 12,
        "1.4.3.website": 1, "1.4.3.media": 1, "1.4.3.seminar": 0,
        "1.4.3.training": 0,
        "1.5.1.done": 21, "1.5.1.received": 23, "1.5.2": 4,
        "1.6": 0,
        # field 2: 11.333 of 13
        "2.1.1": 6, "2.1.2.compliant": 1, "2.1.2.sent": 2,
        "2.1.3.on_time": 2, "2.1.3.planned": 2,
        "2.2.1": "on_time", "2.2.2.done": 18, "2.2.2.planned": 18,
        "2.2.3.handled": 0, "2.2.3.found": 0,
        "2.3.1": "on_time", "2.3.2.done": 5, "2.3.2.tasks": 6, "2.3.3": "on_time",
        "2.4.1": "on_time", "2.4.2.done": 4, "2.4.2.planned": 4,
        # field 3: 14 of 17 (84 late dossiers: 20 + 4 + 7 + 19 + 34)
        "3.1.1": "on_time", "3.1.2.done": 6, "3.1.2.planned": 6,
        "3.2.1": "on_time", "3.2.2.done": 8, "3.2.2.planned": 8, "3.2.3": 2,
        "3.3.1.on_time": 5, "3.3.1.total": 5, "3.3.2": "full",
        "3.4.1.at_centre": 112, "3.4.1.procedures": 112,
        "3.4.2.updated": 1260, "3.4.2.dossiers": 1260, "3.4.3": "done",
        "3.5.1.on_time": 1176, "3.5.1.total": 1260,
        "3.5.2.apologised": 84, "3.5.2.late": 84,
        "3.6.1.on_time": 4, "3.6.1.received": 4, "3.6.2": "published",
        "3.7.1.digitised": 1071, "3.7.1.total": 1260,
        "3.7.2.submitted": 4, "3.7.2.required": 4,
        "3.8.1": "issued", "3.8.2.handled": 2, "3.8.2.found": 2,
        # field 4: 9 of 9
        "4.1.1": "on_time", "4.1.2": 0, "4.1.3": 0, "4.2.1": 0, "4.2.2": 0,
        "4.3.reduced": 3, "4.3.target": 3, "4.4": "done",
        # field 5: 17.5 of 19
        "5.1.1": "on_time", "5.1.2.placed": 186, "5.1.2.staff": 186,
        "5.2": 0, "5.3": "on_time", "5.4.1": "issued",
        "5.4.2.trained": 30, "5.4.2.planned": 40, "5.5": 0,
        "5.6.1": 2, "5.6.2": 0,
        "5.7.1.complete": 186, "5.7.1.records": 186, "5.7.2": "compliant",
        # field 6: 8.5 of 10.5 (audit recommendations not implemented)
        "6.1.1": "issued", "6.1.2.disbursed": 48, "6.1.2.allocated": 50,
        "6.1.3": "on_time", "6.1.4": 0,
        "6.2.1.done": 0, "6.2.1.total": 3, "6.2.2": "submitted",
        "6.3": 0, "6.4.1.granted": 4, "6.4.1.units": 4, "6.4.2": "increased",
        # field 7: 11.484 of 17.5
        "7.1.1": "on_time", "7.1.2.done": 10, "7.1.2.planned": 10,
        "7.1.3.electronic": 1230, "7.1.3.total": 2500, "7.1.4": "full",
        "7.1.5.signed": 2500, "7.1.5.issued": 2500,
        "7.1.6.users": 12, "7.1.6.staff": 186,
        "7.2.1.online": 96, "7.2.1.procedures": 112,
        "7.2.2.online": 0, "7.2.2.total": 1260, "7.2.3": "full",
        "7.3.1": "not_compliant", "7.3.2": "regular",
        "7.4": 0,
    })
    return f


def department_facts_2021():
    """Sở Tài nguyên và Môi trường, 2021: 91.5 of 99 (10.933 above 2022).

    The plan gives only the total and the rank (12th of 22); the losses
    below (7.5 points) are illustrative: no initiative, two forms of
    communication, on-time rate 96 %, no online dossier.
    """
    f = department_facts_2022()
    f.update({
        "1.2.late": 0, "1.5.1.done": 23, "1.5.1.received": 23,
        "2.1.1": 0, "2.1.2.compliant": 2, "2.3.2.done": 6,
        "3.5.1.on_time": 1152, "3.5.1.total": 1200, "3.5.2.apologised": 48,
        "3.5.2.late": 48, "3.4.2.updated": 1200, "3.4.2.dossiers": 1200,
        "3.7.1.digitised": 960, "3.7.1.total": 1200,
        "5.4.2.trained": 40, "5.6.1": 0,
        "6.2.1.done": 2, "6.2.1.total": 2,
        "7.1.3.electronic": 2300, "7.1.3.total": 2300,
        "7.1.6.users": 186, "7.2.2.total": 1200, "7.3.1": "compliant",
    })
    return f


def departments(rng, rs):
    gen = Generator(rs, DEPARTMENT_SIZES)
    others = [d for d in DEPARTMENTS if d != SEED_DEPARTMENT]
    # A lasting quality per department, so the two years resemble each other.
    base = {d: rng.uniform(0.0, 1.0) for d in others}
    by_base = sorted(others, key=lambda d: -base[d])
    years = {}
    for year, seed_facts, seed_total, above in (
            (2021, department_facts_2021(), F("91.5"), 11),
            (2022, department_facts_2022(), F("80.567"), 17)):
        fixed = [(SEED_DEPARTMENT, DEPARTMENT_GROUP, seed_facts)]
        t = total(rs, seed_facts)
        assert t == seed_total, (year, float(t))
        # Spread the others evenly above and below the documented unit.
        below = len(by_base) - above
        top, bottom = F("97.5"), F("72")
        targets = []
        for k in range(len(by_base)):
            if k < above:
                lo_all, hi_all, j, n = seed_total + F("0.3"), top, above - 1 - k, above
            else:
                lo_all, hi_all, j, n = bottom, seed_total - F("0.3"), below - 1 - (k - above), below
            step = (hi_all - lo_all) / n
            targets.append((float(lo_all + j * step), float(lo_all + (j + 1) * step),
                            0.4, 0.99))

        class LinkedGen(Generator):
            def draw(self, rng_, quality):
                return department_link(super().draw(rng_, quality), rng_)

        units = fill(rng, LinkedGen(rs, DEPARTMENT_SIZES), rs, by_base,
                     DEPARTMENT_GROUP, fixed, targets)
        allu = fixed + units
        order = {d: i for i, d in enumerate(DEPARTMENTS)}
        allu.sort(key=lambda u: order[u[0]])
        rk = ranks(rs, allu)
        want = 12 if year == 2021 else 18
        assert rk[SEED_DEPARTMENT] == (want, seed_total), rk[SEED_DEPARTMENT]
        years[year] = allu
    del gen
    return years


# ---------------------------------------------------------------------------
# Đắk Nông, districts (seed: the district's 2023 remediation plan)
# ---------------------------------------------------------------------------

DISTRICTS = ["Huyện A", "Huyện B", "Huyện C", "Huyện D", "Huyện E", "Huyện F",
             "Huyện G", "Huyện H"]
SEED_DISTRICT = "Huyện H"
DISTRICT_GROUP = "UBND cấp huyện"
BEST_NEW_ENTERPRISE_RATE = F("10.81")

DISTRICT_SIZES = {
    "1.1.2.planned": (15, 40), "1.2.required": (4, 4),
    "1.3.2.planned": (4, 14), "1.3.3.found": (0, 8),
    "1.4.1.planned": (8, 20), "1.5.2.received": (20, 50),
    "1.5.3.assigned": (2, 12), "2.1.1.planned": (0, 4), "2.1.2.issued": (0, 4),
    "2.2.3.found": (0, 3), "2.3.2.found": (0, 6), "2.4.2.planned": (2, 8),
    "3.1.2.planned": (4, 10), "3.2.2.planned": (4, 10),
    "3.4.2.procedures": (250, 320), "3.4.4.total": (3000, 9000),
    "3.4.5.total": (3000, 9000), "3.5.received": (0, 10),
    "3.6.late": (0, 200), "3.7.1.total": (3000, 9000),
    "3.7.2.total": (3000, 9000), "3.7.3.required": (4, 4),
    "4.3.target": (0, 8), "4.4.1.assigned": (0, 10),
    "5.1.2.staff": (80, 160), "5.5.2.planned": (20, 80),
    "5.6.1.staff": (150, 260), "5.6.2.staff": (150, 260),
    "5.7.1.records": (300, 800), "6.1.1.allocated": (20, 200),
    "6.2.total": (0, 6), "6.4.units": (0, 40),
    "7.1.2.planned": (5, 15), "7.1.3.total": (3000, 12000),
    "7.1.5.issued": (3000, 12000), "7.1.6.staff": (300, 800),
    "7.2.total": (3000, 9000), "8.1.respondents": (300, 600),
    "8.2.respondents": (150, 300), "8.4.respondents": (150, 300),
    "8.5.estimate": (100, 600),
}


def district_link(f, rng):
    """One count of dossiers; late dossiers and apologies; 8.3's rate."""
    dossiers = f["3.4.4.total"]
    for den, num in (("3.4.5.total", "3.4.5.updated"),
                     ("3.7.1.total", "3.7.1.digitised"),
                     ("3.7.2.total", "3.7.2.digitised"),
                     ("7.2.total", "7.2.online")):
        f[num] = min(dossiers, round(F(f[num], f[den]) * dossiers))
        f[den] = dossiers
    late = dossiers - f["3.4.4.on_time"]
    apologised = late if (f["3.6.apologised"] >= f["3.6.late"]
                          or rng.random() < 0.5) else rng.randint(0, max(0, late - 1))
    f["3.6.late"], f["3.6.apologised"] = late, apologised
    # online dossiers were few everywhere in 2022
    f["7.2.online"] = round(dossiers * F(rng.randint(30, 900), 10000))
    f["8.3.rate"] = F(rng.randint(300, 1080), 100)
    f["8.3.best"] = BEST_NEW_ENTERPRISE_RATE
    f["8.6"] = rng.choice([0, 0, 1, 1, 2, 3])
    return f


def district_facts_seed():
    """The district of the plan: 71.79 of 100, 8th of 8.

    Every itemised loss of the plan is reproduced by these facts; every
    other appraised item is at full marks. The survey criteria (not in the
    plan) lose the remaining 3.603 points.
    """
    return Facts({
        # field 1: −3.75
        "1.1.1": "on_time", "1.1.2.done": 30, "1.1.2.planned": 30,
        "1.1.3": "issued",
        "1.2.submitted": 4, "1.2.required": 4, "1.2.late": 1,
        "1.3.1": "issued", "1.3.2.inspected": 8, "1.3.2.planned": 8,
        "1.3.3.handled": 5, "1.3.3.found": 5,
        "1.4.1.done": 14, "1.4.1.planned": 14,
        "1.4.2.media": 1, "1.4.2.documents": 1, "1.4.2.events": 0,
        "1.5.1": "issued", "1.5.2.done": 40, "1.5.2.received": 44,
        "1.5.3.done": 6, "1.5.3.assigned": 6, "1.5.4": 0,
        "1.6.1": "done", "1.6.2": "done",
        "1.7": 0,
        # field 2: no loss
        "2.1.1.on_time": 2, "2.1.1.planned": 2,
        "2.1.2.compliant": 2, "2.1.2.issued": 2,
        "2.2.1": "done", "2.2.2": "done", "2.2.3.handled": 1, "2.2.3.found": 1,
        "2.3.1": "on_time", "2.3.2.handled": 3, "2.3.2.found": 3,
        "2.4.1": "on_time", "2.4.2.done": 5, "2.4.2.planned": 5,
        # field 3: −9
        "3.1.1": "late", "3.1.2.done": 7, "3.1.2.planned": 7,
        "3.2.1": "late", "3.2.2.done": 6, "3.2.2.planned": 6,
        "3.3.1": "full", "3.3.2": "full",
        "3.4.1": "compliant", "3.4.2.at_desk": 286, "3.4.2.procedures": 286,
        "3.4.3": "done",
        "3.4.4.on_time": 5270, "3.4.4.total": 6000,   # 87.83 %
        "3.4.5.updated": 5700, "3.4.5.total": 6000,   # 95 %
        "3.4.6": "done",
        "3.5.on_time": 3, "3.5.received": 3,
        "3.6.apologised": 0, "3.6.late": 730,
        "3.7.1.digitised": 4800, "3.7.1.total": 6000,
        "3.7.2.digitised": 4800, "3.7.2.total": 6000,
        "3.7.3.submitted": 0, "3.7.3.required": 4,
        # field 4: −1
        "4.1.1": "on_time", "4.1.2": 0, "4.2.1": 0, "4.2.2": 0,
        "4.3.reduced": 4, "4.3.target": 4,
        "4.4.1.done": 6, "4.4.1.assigned": 6, "4.4.2": 0, "4.4.3": "not_handled",
        # field 5: −2.25
        "5.1.1": "on_time", "5.1.2.placed": 118, "5.1.2.staff": 118,
        "5.2": 0, "5.3": "on_time", "5.4": 0,
        "5.5.1": "issued", "5.5.2.trained": 46, "5.5.2.planned": 46,
        "5.6.1.qualified": 212, "5.6.1.staff": 212,
        "5.6.2.trained": 180, "5.6.2.staff": 212,
        "5.7.1.complete": 485, "5.7.1.records": 500,  # 97 %
        "5.7.2": "compliant", "5.7.3": 0, "5.7.4": 4,
        # field 6: no loss
        "6.1.1.disbursed": 97, "6.1.1.allocated": 100, "6.1.2": "on_time",
        "6.1.3": 0, "6.2.done": 2, "6.2.total": 2, "6.3": 0,
        "6.4.granted": 31, "6.4.units": 31,
        # field 7: −7.685
        "7.1.1": "on_time", "7.1.2.done": 5, "7.1.2.planned": 6,  # 83.3 %
        "7.1.3.electronic": 5440, "7.1.3.total": 8000,            # 68 %
        "7.1.4": "done", "7.1.5.signed": 8000, "7.1.5.issued": 8000,
        "7.1.6.users": 416, "7.1.6.staff": 520,                   # 80 %
        "7.2.online": 87, "7.2.total": 6000,                      # 1.45 %
        "7.3.1": "compliant", "7.3.2": "regular", "7.4": 0,
        # field 8: −0.922 appraised, −3.603 surveyed
        "8.1.respondents": 480,
        "8.1.1.satisfied": 358, "8.1.2.satisfied": 337,
        "8.1.3.satisfied": 361, "8.1.4.satisfied": 350,
        "8.1.5.satisfied": 314,
        "8.2.satisfied": 163, "8.2.respondents": 220,
        "8.3.rate": F("6.25"), "8.3.best": BEST_NEW_ENTERPRISE_RATE,
        "8.4.satisfied": 171, "8.4.respondents": 229,
        "8.5.collected": 412, "8.5.estimate": 400,
        "8.6": 4,
    })


def districts(rng, rs):
    seed = district_facts_seed()
    assert total(rs, seed) == F("71.79"), float(total(rs, seed))
    fixed = [(SEED_DISTRICT, DISTRICT_GROUP, seed)]

    class LinkedGen(Generator):
        def draw(self, rng_, quality):
            return district_link(super().draw(rng_, quality), rng_)

    names = [d for d in DISTRICTS if d != SEED_DISTRICT]
    rng.shuffle(names)
    step = (93.0 - 72.5) / len(names)
    targets = [(72.5 + k * step, 72.5 + (k + 1) * step, 0.4, 0.99)
               for k in range(len(names))]
    units = fill(rng, LinkedGen(rs, DISTRICT_SIZES), rs, names,
                 DISTRICT_GROUP, fixed, targets)
    # one district has the province's best new-enterprise rate
    best = max(units, key=lambda u: total(rs, u[2]))
    before = total(rs, best[2])
    best[2]["8.3.rate"] = BEST_NEW_ENTERPRISE_RATE
    after = total(rs, best[2])
    others = [total(rs, u[2]) for u in units if u is not best] + [F("71.79")]
    assert distinct_from(after, others) and after >= before
    allu = sorted(units + fixed, key=lambda u: DISTRICTS.index(u[0]))
    rk = ranks(rs, allu)
    assert rk[SEED_DISTRICT] == (8, F("71.79")), rk[SEED_DISTRICT]
    return allu


DISTRICT_MAP = [
    # code, lead, partners, deadline (verbatim from the plan's appendix): the
    # 21 losing items of the plan's body. Appendix row 19 only heads field 8,
    # whose items are rows 20 and 21 (8.3, 8.6), so it names no node here:
    # the survey losses of field 8 stay outside the map, as in the plan.
    ("1.2", "Phòng Nội vụ",
     "Các phòng, ban liên quan và UBND các xã, thị trấn",
     "Theo quy định báo cáo quý, 6 tháng và năm"),
    ("1.5.4", "Văn phòng HĐND&UBND huyện",
     "Phòng Nội vụ, các phòng ban liên quan",
     "Thông báo Kết luận cuộc họp giao ban tháng, quý của UBND huyện"),
    ("1.7", "Phòng Nội vụ",
     "Các phòng, ban, ngành đoàn thể, UBND các xã, thị trấn",
     "Trước ngày 15/11/2023"),
    ("1.4.2",
     "Văn phòng HĐND&UBND, Phòng Văn hóa và Thông tin; Trung tâm Văn hóa – TT-TT",
     "Các phòng, ban có liên quan", "Thường xuyên"),
    ("1.5.2",
     "Phòng Nội vụ; Văn phòng HĐND&UBND; Tài chính – Kế hoạch; Tư pháp; Văn hóa và Thông tin",
     "Các phòng, ban liên quan", "Thường xuyên"),
    ("3.1.1", "Văn phòng HĐND&UBND huyện", "Các phòng, ban liên quan",
     "Trước ngày 25/12 hàng năm"),
    ("3.2.1", "Văn phòng HĐND&UBND huyện", "Các phòng, ban liên quan",
     "Trước ngày 25/12 hàng năm"),
    ("3.4.4", "Văn phòng HĐND&UBND huyện; UBND các xã, thị trấn",
     "Chi nhánh Văn phòng đăng ký đất đai; Phòng Tài nguyên và Môi trường",
     "Thường xuyên"),
    ("3.4.5", "Văn phòng HĐND&UBND huyện; UBND các xã, thị trấn",
     "Các phòng, ban liên quan", "Thường xuyên"),
    ("3.6",
     "Văn phòng HĐND&UBND huyện; Phòng Tài nguyên và Môi trường, Chi nhánh Văn phòng đăng ký đất đai; UBND các xã, thị trấn",
     "Các phòng, ban, đơn vị liên quan", "Thường xuyên"),
    ("3.7.3", "Phòng Văn hóa và Thông tin", "Các phòng, ban, đơn vị liên quan",
     "Theo quy định báo cáo quý, 6 tháng và năm"),
    # appendix row 12 names 4.4.2; the plan's body gives 4.4.3 to the same office
    ("4.4.2", "Phòng Nội vụ", "Các phòng, ban, đơn vị liên quan", "Thường xuyên"),
    ("4.4.3", "Phòng Nội vụ", "Các phòng, ban, đơn vị liên quan", "Thường xuyên"),
    ("5.7.1", "Phòng Nội vụ", "Các phòng, ban, đơn vị liên quan", "Thường xuyên"),
    ("5.7.4",
     "Văn phòng HĐND&UBND huyện; Chi nhánh Văn phòng đăng ký đất đai; Phòng Tài nguyên và Môi trường; Phòng Nội vụ",
     "Các phòng, ban, đơn vị liên quan", "Thường xuyên"),
    ("7.1.2", "Phòng Văn hóa và Thông tin", "Các phòng, ban, đơn vị liên quan",
     "Thường xuyên"),
    ("7.1.3",
     "Phòng Văn hóa và Thông tin; Văn phòng HĐND&UBND huyện; UBND các xã, thị trấn",
     "Các phòng, ban, đơn vị liên quan", "Thường xuyên"),
    ("7.1.6", "Phòng Văn hóa và Thông tin; UBND các xã, thị trấn",
     "Các phòng, ban, đơn vị liên quan", "Thường xuyên"),
    ("7.2", "Văn phòng HĐND&UBND huyện", "Các phòng, ban, đơn vị liên quan",
     "Thường xuyên"),
    ("8.3", "Phòng Tài chính – Kế hoạch", "Các phòng, ban, đơn vị liên quan",
     "Thường xuyên"),
    ("8.6", "Phòng Tài chính – Kế hoạch", "Các phòng, ban, đơn vị liên quan",
     "Thường xuyên"),
]


# ---------------------------------------------------------------------------
# PCI 2021 and PAPI 2020 (published tables, domain.md §4.2 and §4.4)
# ---------------------------------------------------------------------------

PCI_2021 = """\
Quảng Ninh,7.98,7.39,6.31,8.52,7.85,6.96,7.74,7.39,7.27,7.91,73.02,1,Rất tốt
Hải Phòng,6.52,6.77,6.82,7.64,6.70,6.02,7.73,7.49,7.17,7.21,70.61,2,Tốt
Đồng Tháp,7.73,7.26,6.94,8.35,8.11,6.96,7.27,6.53,6.42,7.68,70.53,3,Tốt
Đà Nẵng,6.94,7.51,6.30,7.46,7.29,5.92,7.01,7.57,7.15,7.33,70.42,4,Tốt
Vĩnh Phúc,7.02,7.56,5.63,8.46,8.05,7.07,7.20,7.11,6.81,7.78,69.69,5,Tốt
Bình Dương,6.38,7.21,6.98,8.01,7.06,6.36,6.74,7.64,6.37,6.47,69.61,6,Tốt
Bắc Ninh,6.53,7.14,6.39,8.47,7.27,6.29,7.27,7.27,6.74,7.06,69.45,7,Tốt
TT-Huế,7.02,7.05,6.47,8.29,7.95,6.39,7.06,6.94,6.49,7.16,69.24,8,Tốt
BRVT,6.48,7.01,6.07,8.00,7.23,6.52,6.77,7.81,6.56,7.08,69.03,9,Tốt
Hà Nội,6.57,6.60,5.21,8.45,7.15,5.38,6.92,7.74,7.64,6.60,68.60,10,Tốt
Bình Định,7.03,6.97,6.23,8.14,7.42,6.41,7.62,7.13,6.21,7.35,68.32,11,Tốt
Cần Thơ,6.85,7.43,6.03,6.24,7.71,5.58,7.55,7.64,6.24,7.43,68.06,12,Tốt
Hải Dương,7.24,7.37,5.43,7.23,7.24,8.38,8.24,6.56,6.64,7.83,67.65,13,Khá
TP.HCM,6.16,6.98,5.45,7.58,6.38,6.09,6.22,8.54,6.71,6.39,67.50,14,Khá
Lâm Đồng,7.63,7.28,5.57,6.55,6.77,7.19,6.43,7.34,6.53,7.99,67.17,15,Khá
Long An,7.10,7.49,5.93,8.13,7.27,5.56,7.40,7.54,5.44,7.30,66.58,16,Khá
An Giang,6.44,6.40,6.48,7.06,7.30,4.82,7.18,7.35,5.81,7.87,66.48,17,Khá
Bến Tre,7.29,6.76,6.24,7.89,7.40,5.94,7.13,7.31,5.39,7.13,66.34,18,Khá
Quảng Nam,7.05,7.16,5.32,7.79,7.48,6.63,6.55,7.06,6.24,7.87,66.24,19,Khá
Phú Thọ,7.37,7.01,6.10,7.70,6.45,4.94,7.18,7.21,6.21,7.02,66.11,20,Khá
Bình Thuận,5.79,6.98,6.93,7.25,6.97,5.52,7.04,7.69,5.14,6.35,65.96,21,Khá
"""
PCI_SUBINDICES = ["entry", "land", "transparency", "time_costs",
                  "informal_charges", "policy_bias", "proactivity",
                  "business_support", "labour", "legal"]
PROVINCE_GROUP = "Tỉnh, thành phố"

PAPI_2020 = [("Quảng Ninh", ["5.805", "6.499", "4.793", "8.286", "7.611",
                             "7.713", "4.964", "3.14"], "48.811", 1)]


def pci_files(rs):
    rows, published = [], []
    for line in PCI_2021.strip().splitlines():
        cells = line.split(",")
        unit, subs, pci, rank, tier = cells[0], cells[1:11], cells[11], cells[12], cells[13]
        rows.append([unit, PROVINCE_GROUP] + subs)
        published.append([unit, pci, rank, tier])
        facts = Facts(zip(PCI_SUBINDICES, subs))
        assert abs(total(rs, facts) - F(pci)) <= F("0.02"), unit
    assert rs.inputs == PCI_SUBINDICES
    return (csv_text(["unit", "group"] + PCI_SUBINDICES, rows),
            csv_text(["unit", "pci", "rank", "tier"], published))


def papi_file(rs):
    rows = []
    for unit, dims, tot, _ in PAPI_2020:
        assert total(rs, Facts(zip(rs.inputs, dims))) == F(tot)
        rows.append([unit, PROVINCE_GROUP] + dims)
    return csv_text(["unit", "group"] + rs.inputs, rows)


# ---------------------------------------------------------------------------

def main(argv):
    check = "--check" in argv[1:]
    rng = random.Random(20230301)  # the date Decision 251/QĐ-UBND was signed
    dept = RuleSet(RULESETS / "daknong-2022-department.xml")
    dist = RuleSet(RULESETS / "daknong-2022-district.xml")
    pci = RuleSet(RULESETS / "pci.xml")
    papi = RuleSet(RULESETS / "papi.xml")

    files = {}
    years = departments(rng, dept)
    for year, units in years.items():
        files[f"daknong-{year}-departments.csv"] = data_csv(dept, units)
    files["daknong-2022-districts.csv"] = data_csv(dist, districts(rng, dist))
    for code, *_ in DISTRICT_MAP:
        assert code in dist.by_code, code
    files["daknong-2022-district-offices.csv"] = csv_text(
        ["code", "lead", "partners", "deadline"], DISTRICT_MAP)
    files["pci-2021.csv"], files["pci-2021-published.csv"] = pci_files(pci)
    files["papi-2020.csv"] = papi_file(papi)

    status = 0
    for name, text in files.items():
        path = HERE / name
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                print(f"{name}: differs from what the generator writes")
                status = 1
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {name}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
