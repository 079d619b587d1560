"""The ctypes binding against the built library (PARINDEX_LIBRARY)."""

import threading
import unittest
from decimal import Decimal

import parindex


def department():
    b = parindex.Builder()
    b.set_identity(parindex.ID_ID, "sample")
    b.add_band("Tốt", "80", "90")
    b.add_band("Khá", "70", "80")
    b.add_node(None, "1", "Chỉ đạo, điều hành", "4")
    b.add_node("1", "1.1", "Kế hoạch CCHC", "1")
    b.set_rule("1.1", parindex.RULE_OUTCOME)
    b.add_outcome("1.1", "on_time", "1")
    b.add_outcome("1.1", "late", "0.5")
    b.add_outcome("1.1", "none", "0")
    b.add_node("1", "1.2", "Kế hoạch chuyển đổi số", "2")
    b.set_rule("1.2", parindex.RULE_PROPORTIONAL)
    b.set_input("1.2", parindex.INPUT_NUMERATOR, "1.2.done")
    b.set_input("1.2", parindex.INPUT_DENOMINATOR, "1.2.planned")
    b.set_decimals("1.2", 2)
    b.add_node("1", "1.3", "Sự năng động", "1")
    b.set_rule("1.3", parindex.RULE_DEDUCTION)
    b.set_param("1.3", parindex.PARAM_PENALTY, "0.25")
    return b.freeze()


UNIT = {"unit": "Sở A", "group": "sở",
        "inputs": {"1.1": "on_time", "1.2.done": "5", "1.2.planned": "6", "1.3": 1}}


class BindingTest(unittest.TestCase):
    def test_version(self):
        self.assertEqual(parindex.version(), "0.1.0")

    def test_scores_exactly(self):
        rs = department()
        self.assertEqual(rs.inputs(), ["1.1", "1.2.done", "1.2.planned", "1.3"])
        res = rs.score([UNIT])
        self.assertEqual(res.total(0), Decimal("3.42"))
        self.assertEqual(res.earned(0, "1.2"), Decimal("1.67"))
        self.assertEqual(res.lost(0, "1.3"), Decimal("0.25"))
        self.assertEqual(res.index(0), Decimal("85.5"))
        self.assertEqual(res.band(0), "Tốt")
        self.assertEqual(res.unit(0), "Sở A")

    def test_explains(self):
        res = department().score([UNIT])
        e = res.explain(0, "1.2")
        self.assertEqual(e["rule"], "proportional")
        self.assertEqual(e["inputs"], {"1.2.done": "5", "1.2.planned": "6"})
        self.assertEqual(e["lost"], Decimal("0.33"))
        self.assertEqual(e["reason"], "ratio 5/6 = 0.833333 → 2 × 0.833333 = 1.67 of 2 (lost 0.33)")

    def test_node_not_applicable(self):
        unit = dict(UNIT, na=["1.2"])
        res = department().score([unit])
        self.assertEqual(res.max(0), Decimal("2"))
        self.assertTrue(res.is_na(0, "1.2"))
        self.assertEqual(res.index(0), Decimal("87.5"))

    def test_missing_input_is_an_error_naming_unit_and_input(self):
        rs = department()
        with self.assertRaises(parindex.ParindexError) as cm:
            rs.score([{"unit": "Sở B", "inputs": {"1.1": "late", "1.2.done": "1", "1.3": "0"}}])
        self.assertEqual(cm.exception.code, -12)
        self.assertIn("Sở B", cm.exception.message)
        self.assertIn("1.2.planned", cm.exception.message)

    def test_freeze_reports_every_problem(self):
        b = parindex.Builder()
        b.add_node(None, "1", "Field", "3")
        b.add_node("1", "1.1", "a", "1")
        b.add_node("1", "1.2", "b", "1")
        with self.assertRaises(parindex.ParindexError) as cm:
            b.freeze()
        messages = [p["message"] for p in cm.exception.problems]
        self.assertIn("node 1.1 is a leaf without a rule", messages)
        self.assertIn("node 1.2 is a leaf without a rule", messages)
        self.assertTrue(any("add up to 2" in m for m in messages))
        self.assertEqual(cm.exception.message, "node 1: the children's maxima add up to 2, not to the node's maximum 3")

    def test_floats_refused(self):
        b = parindex.Builder()
        with self.assertRaises(TypeError):
            b.add_node(None, "1", "x", 0.1)

    def test_threads_share_a_ruleset(self):
        rs = department()
        totals = []

        def work():
            for _ in range(50):
                totals.append(rs.score([UNIT]).total(0))

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(set(totals), {Decimal("3.42")})
        self.assertEqual(len(totals), 200)

    def test_loads_a_shipped_rule_set(self):
        import os
        src = os.environ.get("PARINDEX_SOURCE_DIR")
        if not src:
            self.skipTest("PARINDEX_SOURCE_DIR not set")
        rs = parindex.load(os.path.join(src, "examples", "rulesets", "papi.xml"))
        self.assertEqual(rs.identity(), "papi")
        dims = ["5.805", "6.499", "4.793", "8.286", "7.611", "7.713", "4.964", "3.14"]
        res = rs.score([{"unit": "Quảng Ninh", "inputs": dict(zip(rs.inputs(), dims))}])
        self.assertEqual(res.total(0), Decimal("48.811"))

    def test_load_error_names_file_and_line(self):
        import os
        import tempfile
        with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
            f.write("<ruleset>\n  <oops>\n</ruleset>\n")
        try:
            with self.assertRaises(parindex.ParindexError) as cm:
                parindex.load(f.name)
            self.assertEqual(cm.exception.source, f.name)
            self.assertGreater(cm.exception.line, 0)
        finally:
            os.unlink(f.name)


if __name__ == "__main__":
    unittest.main()
