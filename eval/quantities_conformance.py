"""Conformance of the quantity extractor/parser with peer libraries' public test cases.

    python eval/quantities_conformance.py [--benchdata ../shared/benchdata]

Reads (never copies) the Recognizers-Text Chinese Number / NumberRange / Percent /
Currency specs, cn2an's cases and JioNLP's money cases from the benchdata folder, maps
both sides to one normal form, prints the pass rate per suite and every failure, and
lists the cases left out BY DESIGN with the reason. Writes
eval/reports/quantities_conformance.md. Exits 0 with "skipped" when benchdata is absent.

Normal form: (value, unit, approx[, value_max]) with
* value compared with a relative tolerance of 1e-9 (money: rounded to 2 decimals, as JioNLP);
* percentages in %: ‰ /10, ‱ /100, 成 ×10, 折 ×10 when below 10 (75折 = 75%);
* lengths in 米 (千米/公里 ×1000) so 两千米 = 2000 米 = 2 千米;
* approx: JioNLP accurate→exact, blur→about, blur+→over, blur-→under; a JioNLP range
  [low, high] matches value = low with approx about/over (and value_max = high when we
  give one); Recognizers-Text intervals (a,) [a,) → over, (,b) (,b] → under, [a,b) → a..b.
* money spans exclude 人民币 (guide §7: 价值 and 人民币 stay outside the span).
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.quantities import QuantityExtractor, parse_number, parse_quantity_full  # noqa: E402

EXTRACTOR = QuantityExtractor()


@dataclass
class Suite:
    name: str
    what: str
    passed: int = 0
    failures: list[str] = field(default_factory=list)
    excluded: list[tuple[str, str]] = field(default_factory=list)

    def check(self, ok: bool, label: str) -> None:
        if ok:
            self.passed += 1
        else:
            self.failures.append(label)

    def exclude(self, label: str, reason: str) -> None:
        self.excluded.append((label, reason))

    @property
    def applicable(self) -> int:
        return self.passed + len(self.failures)

    @property
    def rate(self) -> float:
        return self.passed / self.applicable if self.applicable else 1.0


def close(a, b, tol: float = 1e-9) -> bool:
    if a is None or b is None:
        return False
    a, b = float(a), float(b)
    return math.isclose(a, b, rel_tol=tol, abs_tol=1e-12)


def money_close(a, b) -> bool:
    if a is None or b is None:
        return False
    return Decimal(str(a)).quantize(Decimal("0.01")) == Decimal(str(b)).quantize(Decimal("0.01")) or close(a, b)


LENGTH_SCALE = {"米": 1, "千米": 1000, "公里": 1000, "厘米": 0.01, "毫米": 0.001}


def percent_value(value, unit):
    if unit in ("%", "百分点"):
        return value
    if unit == "‰":
        return value / 10
    if unit == "‱":
        return value / 100
    if unit == "成":
        return value * 10
    if unit == "折":
        return value * 10 if value < 10 else value
    return None


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8-sig"))


# ---------------------------------------------------------------------- Recognizers-Text
def rt_number(bench: Path) -> Suite:
    s = Suite("RT NumberModel", "parse_number(expected Text) == value; inputs with no result: the extractor finds nothing")
    for case in load(bench / "recognizers_text_zh/Number/Chinese/NumberModel.json"):
        inp = case["Input"]
        if case.get("IgnoreResolution"):
            s.exclude(inp, "upstream marks the expected resolution as wrong (IgnoreResolution)")
            continue
        if not case["Results"] and re.search(r"[一两二三四五六七八九十][美欧日港英]?[元折]", inp):
            s.exclude(inp, "the number model leaves 一美元 / 一折 to the currency and percent models; the guide counts them")
            continue
        if not case["Results"]:
            got = [q.text for q in EXTRACTOR(inp)]
            s.check(not got, f"{inp!r}: expected no number, extractor found {got}")
            continue
        for r in case["Results"]:
            text, exp = r["Text"], float(r["Resolution"]["value"])
            if re.search(r"\d\s*[eE][-+]?\d|\^", text):
                s.exclude(text, "scientific notation (2e5, 2^5): not used in bulletins")
            elif "打" in text:
                s.exclude(text, "打 (dozen) as a multiplier: a measure word in bulletins, not a number")
            elif re.fullmatch(r"-?\d+(\.\d+)?\s*[mM]", text):
                s.exclude(text, "Latin M multiplier: not used in Chinese bulletins")
            else:
                got = parse_number(text)
                s.check(close(got, exp), f"{text!r}: expected {exp}, got {got}")
    return s


_INTERVAL = re.compile(r"^([\[(])\s*([-\d.Ee+]*)\s*,\s*([-\d.Ee+]*)\s*([\])])$")
_RANGE_JOIN = re.compile(r"\d\s*(?:至|到|~|～|-|–|—)\s*[\d一二三四五六七八九十]|[一二三四五六七八九十百千]\s*(?:至|到|~|-)\s*[一二三四五六七八九十]")


def rt_range(bench: Path) -> Suite:
    s = Suite("RT NumberRangeModel", "parse_quantity_full(expected Text) ↔ interval")
    for case in load(bench / "recognizers_text_zh/Number/Chinese/NumberRangeModel.json"):
        for r in case["Results"]:
            text = r["Text"]
            m = _INTERVAL.match(r["Resolution"]["value"])
            lo, hi = (float(m.group(2)) if m.group(2) else None), (float(m.group(3)) if m.group(3) else None)
            numbers = re.findall(r"\d+(?:\.\d+)?|[零一二三四五六七八九十百千万亿两]+", text)
            if "第" in text:
                s.exclude(text, "ordinals (第十) are not quantities (guide §5)")
            elif "万次" in text and lo == 20000:
                s.exclude(text, "upstream expectation inconsistent (20万 = 200000, expected 20000; NotSupported everywhere)")
            elif lo is not None and hi is not None and lo != hi and not _RANGE_JOIN.search(text):
                s.exclude(text, "two-sided comparison (大于X小于Y, X与Y之间): a quantity has one approx; only X至Y ranges are modelled")
            elif lo is not None and hi is not None and lo == hi:
                s.exclude(text, "等于X is an equation, not a quantity")
            elif re.search(r"比.*[大小低高]|或者|或 |< =|之下|[<>]", text) and numbers:
                s.exclude(text, "comparative construction (比X大, X或者更多, < = X): not a bulletin quantity form")
            else:
                q = parse_quantity_full(text)
                if q is None:
                    s.check(False, f"{text!r}: expected {r['Resolution']['value']}, parse failed")
                    continue
                val = percent_value(q.value, q.unit) if q.unit in ("%", "‰") else q.value
                if lo is not None and hi is not None:
                    ok = close(val, lo) and close(q.value_max, hi) and q.approx == "about"
                elif lo is not None:
                    ok = close(val, lo) and q.approx == "over"
                else:
                    ok = close(val, hi) and q.approx == "under"
                s.check(ok, f"{text!r}: expected {r['Resolution']['value']}, got {q.value} {q.unit} {q.approx} max={q.value_max}")
    return s


def rt_percent(bench: Path) -> Suite:
    s = Suite("RT PercentModel", "extractor(Input), kind percentage: same spans, same value in %")
    for case in load(bench / "recognizers_text_zh/Number/Chinese/PercentModel.json"):
        inp, results = case["Input"], case["Results"]
        spaced = [r["Text"] for r in results if re.search(r"\S\s+\S", r["Text"])]
        if spaced:
            s.exclude(inp, "numerals split by spaces (七成 六, 百 分 之): the normaliser never produces them")
            continue
        if any("对折" in r["Text"] or "對折" in r["Text"] for r in results):
            s.exclude(inp, "对折 (no numeral): an idiom, not a number")
            continue
        if not results and re.search(r"[二三四五六七八九][三四五六七八九]十", inp):
            s.exclude(inp, "approximate range (二三十): guide §7 takes the lower bound; upstream extracts nothing")
            continue
        if re.search(r"\d\s*-\s*\d+%", inp):
            s.exclude(inp, "explicit range 5-20%: kept as one quantity (value 5, value_max 20) by design")
            continue
        got = [q for q in EXTRACTOR(inp) if q.kind == "percentage"]
        want = {(r["Start"], r["End"] + 1, round(float(r["Resolution"]["value"].rstrip("%")), 9)) for r in results}
        have = {(q.start, q.end, round(float(percent_value(q.value, q.unit)), 9)) for q in got}
        s.check(want == have, f"{inp!r}: expected {sorted(want)}, got {sorted(have)}")
    return s


ISO_UNITS = {"CNY": "元", "USD": "美元", "EUR": "欧元", "HKD": "港元", "JPY": "日元", "TWD": "新台币",
             "CHF": "瑞士法郎", "NGN": "奈拉", "GBP": "英镑"}


def strip_rmb(text: str, start: int, end: int) -> tuple[int, int]:
    """Guide §7: 人民币 stays outside the span."""
    seg = text[start:end]
    m = re.match(r"人民币\s*", seg)
    if m and len(seg) > m.end():
        start += m.end()
    seg = text[start:end]
    if seg.endswith("人民币") and seg[:-3].rstrip().endswith(("元", "圆")):
        end -= 3
    return start, end


def rt_currency(bench: Path) -> Suite:
    s = Suite("RT CurrencyModel", "extractor(Input), kind money: same spans (人民币 outside), value, unit")
    for case in load(bench / "recognizers_text_zh/NumberWithUnit/Chinese/CurrencyModel.json"):
        inp, results = case["Input"], case["Results"]
        if any(r["Resolution"].get("value") is None for r in results):
            s.exclude(inp, "a currency name with no number (人民币 美元) is not a quantity")
            continue
        if any(re.match(r"[$￥¥]", r["Text"]) for r in results):
            s.exclude(inp, "currency symbols ($20, ￥300) are not written in bulletins; not modelled")
            continue
        want = set()
        for r in results:
            a, b = strip_rmb(inp, r["Start"], r["End"] + 1)
            res = r["Resolution"]
            unit = ISO_UNITS.get(res.get("isoCurrency", ""), {"Bitcoin": "比特币"}.get(res.get("unit"), res.get("unit")))
            want.add((a, b, float(res["value"]), unit))
        got = [q for q in EXTRACTOR(inp) if q.kind == "money"]
        have = {(q.start, q.end, float(q.value), q.unit) for q in got}
        ok = len(want) == len(have) and all(
            any(w[0] == h[0] and w[1] == h[1] and w[3] == h[3] and close(w[2], h[2], 1e-6) for h in have) for w in want)
        s.check(ok, f"{inp!r}: expected {sorted(want)}, got {sorted(have)}")
    return s


# ---------------------------------------------------------------------- cn2an
def cn2an_numbers(bench: Path) -> tuple[Suite, Suite]:
    data = load(bench / "cn2an_tests/cn2an_cases.json")
    s = Suite("cn2an cn2an()", "parse_number(input) (parse_quantity for inputs with 元/圆) == expected; unique inputs of strict/normal/smart")
    seen = set()
    for case in data["cn2an_cases"]:
        inp, mode, exp = case["input"], case["mode"], case["expected"]
        if mode == "direct":
            s.exclude(f"{inp} (direct)", "direct mode keeps leading zeros as a string (零一 → '01'): codes, not quantities")
            continue
        if inp in seen:
            continue
        seen.add(inp)
        if re.search(r"[元圆]", inp):
            q = parse_quantity_full(inp)
            got = q.value if q is not None and q.unit == "元" else None
        else:
            got = parse_number(inp)
        s.check(close(got, exp), f"{inp!r} ({mode}): expected {exp}, got {got}")
    e = Suite("cn2an must-raise (informational)", "strict-mode rejects; parse_number returns None too? (our parser reads like cn2an normal/smart, so several are accepted by design)")
    for case in data["cn2an_error_cases"]:
        got = parse_number(case["input"])
        e.check(got is None, f"{case['input']!r}: cn2an strict raises, parse_number gives {got}")
    return s, e


def cn2an_transform(bench: Path) -> Suite:
    data = load(bench / "cn2an_tests/cn2an_cases.json")
    s = Suite("cn2an transform sentences", "every quantity-like number of the Arabic sentence is found by the extractor, "
              "on the Arabic and on the Chinese sentence (value or value_max)")
    pairs = []
    for key, arabic_is_expected in (("transform_cn2an_smart", True), ("transform_cn2an_direct", True),
                                    ("transform_an2cn_roundtrip", False), ("transform_an2cn_direct", False)):
        for c in data[key]:
            arabic, chinese = (c["expected"], c["input"]) if arabic_is_expected else (c["input"], c["expected"])
            pairs.append((key, arabic, chinese))
    for key, arabic, chinese in pairs:
        for m in re.finditer(r"(?:(?<![0-9])-)?\d+(?:\.\d+)?", arabic):
            num, a, b = m.group(), m.start(), m.end()
            after, before = arabic[b:b + 2], arabic[max(0, a - 2):a]
            label = f"{arabic!r} / {chinese!r}: {num}"
            if (after[:1] in "年" and len(num.lstrip("-")) <= 4) or after[:1] in "月日" or before.endswith("第"):
                s.exclude(label, "date or ordinal (guide §5)")
            elif "/" in (after[:1], before[-1:]):
                s.exclude(label, "bare fraction (1/2) without a unit: not a quantity")
            elif re.match(r"-?0\d", num) or re.search(r"(电话|编号|数值)$", arabic[:a]):
                s.exclude(label, "code or bare value (电话003, 编号-01, 数值12.30): not a quantity")
            elif after[:1] == "分":
                s.exclude(label, "分 as a score unit (两千分): not a unit here (十分 'very', clock minutes, cents)")
            elif after[:1] == "半":
                s.exclude(label, "半 as a noun (切两半): not a measure word")
            elif not after or not re.match(r"[\u4e00-\u9fff%℃个]", after[:1]):
                s.exclude(label, "bare number without a unit: not a quantity (guide §5)")
            else:
                value = float(num)

                def found(text: str) -> bool:
                    for q in EXTRACTOR(text):
                        scale = LENGTH_SCALE.get(q.unit, 1)
                        if close(q.value * scale, value) or (q.value_max is not None and close(q.value_max * scale, value)):
                            return True
                        if close(q.value, value):
                            return True
                    return False
                s.check(found(arabic) and found(chinese), label)
    return s


# ---------------------------------------------------------------------- JioNLP
JIO_APPROX = {"accurate": "exact", "blur": "about", "blur+": "over", "blur-": "under"}
CURRENCY_WORD = re.compile(r"元|圆|块|币|镑|卢布|泰铢|法郎|美金")


def jio_parse(bench: Path) -> Suite:
    s = Suite("JioNLP parse_money", "parse_quantity_full(input) ↔ {num, case, definition}")
    for case in load(bench / "jionlp_tests/jionlp_cases.json")["parse_money"]:
        inp, exp = case["input"], case["expected"]
        if not CURRENCY_WORD.search(inp):
            s.exclude(inp, "no currency word (15k左右, 三百万): a bare number, not money (guide: unit as written)")
            continue
        if re.match(r"^[一二三四五六七八九两]到[一二三四五六七八九][百千][万亿]", inp):
            s.exclude(inp, "八到九百亿: we read the lower end as 八百亿 (it inherits 百亿); JioNLP reads 八亿")
            continue
        q = parse_quantity_full(inp)
        if q is None:
            s.check(False, f"{inp!r}: expected {exp}, parse failed")
            continue
        num = exp["num"]
        if isinstance(num, list):
            ok = (money_close(q.value, num[0]) and q.approx in ("about", "over")
                  and (q.value_max is None or money_close(q.value_max, num[1])))
        else:
            ok = money_close(q.value, num) and q.approx == JIO_APPROX[exp["definition"]]
        ok = ok and q.unit == exp["case"] and q.kind == "money"
        s.check(ok, f"{inp!r}: expected {exp}, got {q.value} {q.unit} {q.approx} max={q.value_max} kind={q.kind}")
    return s


def jio_extract(bench: Path) -> Suite:
    s = Suite("JioNLP extract_money", "extractor(text), kind money: same spans")
    for case in load(bench / "jionlp_tests/jionlp_cases.json")["extract_money"]:
        text, exp = case["text"], case["expected"]
        if any(not CURRENCY_WORD.search(e["text"]) for e in exp):
            s.exclude(text[:40], "money without a currency word (10k~15k): not money per the guide")
            continue
        want = {tuple(strip_rmb(text, *e["offset"])) for e in exp}
        have = {(q.start, q.end) for q in EXTRACTOR(text) if q.kind == "money"}
        s.check(want == have, f"{text[:60]!r}: expected {sorted(want)} {[text[a:b] for a, b in sorted(want)]}, "
                              f"got {sorted(have)} {[text[a:b] for a, b in sorted(have)]}")
    return s


# ---------------------------------------------------------------------- report
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--benchdata", default=str(REPO.parent / "shared" / "benchdata"))
    ap.add_argument("--report", default=str(REPO / "eval" / "reports" / "quantities_conformance.md"))
    args = ap.parse_args(argv)
    bench = Path(args.benchdata)
    if not bench.is_dir():
        print(f"skipped: benchdata not found at {bench}")
        return 0
    suites = [rt_number(bench), rt_range(bench), rt_percent(bench), rt_currency(bench)]
    cn, cn_err = cn2an_numbers(bench)
    suites += [cn, cn2an_transform(bench), jio_parse(bench), jio_extract(bench)]
    lines = ["# Quantity conformance with peer libraries' test cases", "",
             f"Generated by `eval/quantities_conformance.py` from `{bench}`. Measurement only: no case is",
             "copied into the repository or used to write rules.", "",
             "| suite | applicable | passed | rate | excluded by design |", "|---|---:|---:|---:|---:|"]
    total_pass = total_app = 0
    for s in suites:
        lines.append(f"| {s.name} | {s.applicable} | {s.passed} | {s.rate:.1%} | {len(s.excluded)} |")
        total_pass += s.passed
        total_app += s.applicable
    lines.append(f"| **all** | {total_app} | {total_pass} | {total_pass / max(total_app, 1):.1%} | "
                 f"{sum(len(s.excluded) for s in suites)} |")
    lines += ["", f"Informational: {cn_err.name}: {cn_err.passed}/{cn_err.applicable} also rejected.", ""]
    for s in suites + [cn_err]:
        lines += [f"## {s.name}", "", f"Check: {s.what}.", "",
                  f"Applicable {s.applicable}, passed {s.passed} ({s.rate:.1%}), excluded {len(s.excluded)}.", ""]
        if s.failures:
            lines += ["Failures:", ""] + [f"* {f}" for f in s.failures] + [""]
        if s.excluded:
            reasons: dict[str, list[str]] = {}
            for label, reason in s.excluded:
                reasons.setdefault(reason, []).append(label)
            lines += ["Excluded by design:", ""]
            for reason, labels in reasons.items():
                shown = ", ".join(repr(x) for x in labels[:8]) + (f" … (+{len(labels) - 8})" if len(labels) > 8 else "")
                lines.append(f"* {reason} — {len(labels)}: {shown}")
            lines.append("")
    report = "\n".join(lines) + "\n"
    Path(args.report).parent.mkdir(parents=True, exist_ok=True)
    Path(args.report).write_text(report, encoding="utf-8")
    for s in suites:
        print(f"{s.name:38s} applicable {s.applicable:4d}  passed {s.passed:4d}  rate {s.rate:6.1%}  excluded {len(s.excluded):4d}")
    print(f"{'ALL':38s} applicable {total_app:4d}  passed {total_pass:4d}  rate {total_pass / max(total_app, 1):6.1%}")
    print(f"{cn_err.name}: {cn_err.passed}/{cn_err.applicable}")
    for s in suites:
        for f in s.failures:
            print(f"FAIL [{s.name}] {f}")
    print(f"report: {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
