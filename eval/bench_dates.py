"""Benchmark the DATE/TIME grammar and the date resolver on public test cases.

    python eval/bench_dates.py [--bench DIR] [--report eval/reports/dates_bench.md] [--verbose]

Measurement only: the cases are read from ../shared/benchdata (Recognizers-Text Chinese
DateTime specs, MIT; JioNLP time tests, Apache-2.0) and never copied into the project.
When the folder is absent the script says so and exits 0.

(a) extraction: `DateTimeGrammar` on the extractor specs' inputs. Every expected span is
    first classified: applicable (guide §4/§7 counts it as DATE/TIME) or excluded by design
    with a reason (durations, sets, decades, quarters, vague words, traditional script …).
    Frame words the guide leaves outside the span (从/自/在 …, 大约/约) are cut from the
    expected span. A case passes when our entities tile every applicable expected span
    exactly (DATE for dates, TIME for times, DATE… then TIME… for date+time; separators
    between tiles allowed), and, for cases with no expected span (negatives, durations,
    sets), when we tag nothing overlapping.
(b) resolution: `resolve_date(text, reference)` on parser specs and JioNLP `parse_time`
    cases that denote days or day ranges. Expected values become `YYYY-MM-DD` or
    `start/end` (inclusive). A date with a clock time is resolved the way the pipeline
    does it: the grammar's DATE span is resolved. When the expected value depends on a
    year/month policy (Recognizers gives both a future and a past reading for `1月19日`),
    either reading passes; JioNLP cases where only the year-choice policy differs (it takes
    the reference's year, we take the latest past date within a month) are reported as
    "policy" and listed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.entities.datetime import DateTimeGrammar  # noqa: E402
from pipeline.events.dates import resolve_date  # noqa: E402

DEFAULT_BENCH = ROOT.parent / "shared" / "benchdata"
RT = "recognizers_text_zh/DateTime/Chinese"
JIO = "jionlp_tests/jionlp_cases.json"

# ---------------------------------------------------------------- classification
# Each rule: (reason, regex on the expected text). First match wins. They describe kinds
# of expressions, never single cases.
_CN = "零〇一二两三四五六七八九十"
EXCLUDE_RULES = [
    ("traditional script (the pipeline reads simplified bulletins)", r"[週禮個後這鐘點時]"),
    ("decade or century", r"世纪|年代"),
    ("bare numeral festival name (五一, 十一: ambiguous with 五一路, 十一名)", r"^(?:五一|十一)$"),
    ("vacation (a vague period)", r"暑假|寒假"),
    ("ordinal day or year (第N天)", rf"第[\d{_CN}]+(?:天|年|日)"),
    ("enumeration of days (several DATEs)", r"[日号][，,、]\s*\d+[日号]"),
    ("year before 1900 (historical)", rf"(?<!\d)(?:1[0-8]\d\d|[1-9]\d\d)(?!\d)\s*[年\-./]|^[{_CN}]{{3}}年"),
    ("range of clock times (the guide has no rule for time ranges)",
     r"(?:[时点分]|\d[:：]\d\d)[^，。]*?(?:至|到|~|～|—+|-)[^，。]*?(?:[时点分]|\d[:：]\d\d)"),
    ("season, quarter, half-year, part of a month/year (vague: guide §4)",
     r"季度|季$|[春夏秋冬](?:天|季)|年[春夏秋冬]$|^[春夏秋冬]$|半年|旬|月初|月底|月末|年初|年底|年末|伊始|前期|后期"
     rf"|前[\d{_CN}]+个?(?:天|月)|后[\d{_CN}]+个?月|最后|首月"),
    ("weekend (a vague period)", r"周末"),
    ("ordinal week / weekday of a month", r"第.*(?:周|星期|礼拜)|最后一个"),
    ("offset from now or a duration (a quantity, not a DATE)",
     rf"(?:近|过去|未来|今后|再过|^过|^前|^后|^上|^下)\s*[\d{_CN}]+\s*(?:个|多)?\s*(?:年|月|周|天|星期|日|钟头|小时|分钟)(?![一二三四五六日天])"
     rf"|[\d{_CN}半]+\s*(?:个多|个|多)?\s*(?:年|月|周|天|星期|礼拜|小时|钟头|分钟|秒钟?|刻钟)(?:半)?\s*(?:以来|以内|之内|内|后|以后|之后|前|以前|之前)"
     r"|^(?:再|过)|周年|工作日|交易日"),
    ("regnal era year (康熙三年 …)", rf"^(?:农历|阴历)?(?!农历|阴历|过去|未来|今后)[^\d{_CN}年月日]{{2}}[元\d{_CN}]+年"),
    ("vague (guide §4: 近日, 目前 …)", r"^(?:最近|这会儿|现在|目前|全天|白天|午后|黎明|午夜|半夜|后半夜)$|这会儿"),
    ("numeric date other than year-first Y-M-D (ambiguous with scores, fractions, codes)",
     r"^\d{1,2}[-./·]\d{1,2}(?:[-./]\d{2,4})?(?:\s|$)|^\d{1,2}[-./]\d{1,2}[-./]\d{1,2}$|^\d{8}$|^\d{4}$|^\d+ \d+ \d+|\d{4}\.\d{2}-|^\d{4}-\d{2}-\d{4}|^\d{1,2}/\d"),
    ("two-digit year (ambiguous with durations: 15年 = fifteen years)", rf"^(?:从)?(?:\d{{2}}|[{_CN}]{{2}})\s*年"),
    ("relation between years (之后/之前/之间)", r"之后|之前|之间|年间|与"),
    ("set (每 …): not a DATE (DECISIONS: 每日, 每天)", r"每"),
]


def classify(text: str) -> str | None:
    for reason, rx in EXCLUDE_RULES:
        if re.search(rx, text):
            return reason
    return None


# Frame and approximation words the guide keeps outside a DATE/TIME span.
_LEAD = re.compile(r"^(?:从|自|在|于|截至|大约|约|大概)")
_TRAIL = re.compile(r"(?:以后|以前|之后|之前|以来|起|止)$")


def normalise_span(text: str, s: int, e: int) -> tuple[int, int]:
    span = text[s:e]
    m = _LEAD.match(span)
    if m and len(span) > m.end():
        s += m.end()
    span = text[s:e]
    m = _TRAIL.search(span)
    if m and m.start() > 0:
        e -= len(m.group())
    return s, e


_SEP = set(" \u3000,，、")


def tiles(ents, s: int, e: int, text: str, kind: str) -> bool:
    """Our entities inside [s, e) cover it exactly (separators between them allowed)."""
    inside = [x for x in ents if x[0] < e and x[1] > s]
    if not inside or any(x[0] < s or x[1] > e for x in inside):
        return False
    if inside[0][0] != s or inside[-1][1] != e:
        return False
    for a, b in zip(inside, inside[1:]):
        if any(ch not in _SEP for ch in text[a[1]:b[0]]):
            return False
    labels = [x[2] for x in inside]
    if kind == "date":
        return all(lab == "DATE" for lab in labels)
    if kind == "time":
        return all(lab == "TIME" for lab in labels)
    if kind == "datetime":
        k = labels.index("TIME") if "TIME" in labels else len(labels)
        return 0 < k < len(labels) and all(lab == "DATE" for lab in labels[:k]) and all(lab == "TIME" for lab in labels[k:])
    return True


class Suite:
    def __init__(self, name: str):
        self.name = name
        self.passed = 0
        self.failures: list[str] = []
        self.excluded: Counter = Counter()
        self.examples: dict[str, list[str]] = defaultdict(list)
        self.policy: list[str] = []

    @property
    def applicable(self) -> int:
        return self.passed + len(self.failures)

    def exclude(self, reason: str, example: str):
        self.excluded[reason] += 1
        if len(self.examples[reason]) < 4:
            self.examples[reason].append(example)

    def line(self) -> str:
        n = self.applicable
        rate = f"{self.passed / n:.3f}" if n else "n/a"
        extra = f", policy {len(self.policy)}" if self.policy else ""
        return f"| {self.name} | {self.passed}/{n} | {rate} | {sum(self.excluded.values())}{extra} |"


def load_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8-sig"))


# ---------------------------------------------------------------- (a) extraction
RT_EXTRACT = {
    "DateExtractor": "date", "DatePeriodExtractor": "date", "HolidayExtractor": "date",
    "TimeExtractor": "time", "DateTimeExtractor": "datetime",
    "DurationExtractor": "negative", "SetExtractor": "negative",
}
RT_KIND = {"date": "date", "daterange": "date", "time": "time", "datetime": "datetime"}


def run_extract_case(grammar, suite: Suite, text: str, expected: list[tuple[int, int, str]], spec_kind: str):
    ents = list(grammar(text))
    if spec_kind == "negative" or not expected:
        if spec_kind in ("time", "date"):     # a negative of a typed spec: only its own kind counts
            ents = [x for x in ents if x[2] == spec_kind.upper()]
        zones = [(s, e) for s, e, _ in expected] or [(0, len(text))]
        bad = [x for x in ents if any(x[0] < e and x[1] > s for s, e in zones)]
        if bad:
            suite.failures.append(f"{text!r}: expected no DATE/TIME, got {[(text[a:b], lab) for a, b, lab in bad]}")
        else:
            suite.passed += 1
        return
    checks, reasons = [], []
    for s, e, kind in expected:
        reason = classify(text[s:e])
        if reason:
            reasons.append(reason)
            continue
        checks.append((*normalise_span(text, s, e), kind))
    if not checks:
        suite.exclude(reasons[0], text)
        return
    bad = [(text[s:e], kind) for s, e, kind in checks if not tiles(ents, s, e, text, kind)]
    if bad:
        suite.failures.append(f"{text!r}: expected {bad}, got {[(text[a:b], lab) for a, b, lab in ents]}")
    else:
        suite.passed += 1


def bench_extraction(bench: Path, grammar) -> list[Suite]:
    suites = []
    for spec, spec_kind in RT_EXTRACT.items():
        path = bench / RT / f"{spec}.json"
        if not path.exists():
            continue
        suite = Suite(f"RT {spec}")
        for case in load_json(path):
            text = case["Input"]
            expected = []
            for r in case["Results"]:
                s = r["Start"]
                e = s + r["Length"]
                if text[s:e] != r["Text"]:   # the specs print ',' for '，'
                    found = text.find(r["Text"].replace(",", "，"))
                    s, e = (found, found + r["Length"]) if found >= 0 else (s, e)
                expected.append((s, e, "negative" if spec_kind == "negative" else RT_KIND.get(r["Type"], "any")))
            run_extract_case(grammar, suite, text, expected, spec_kind)
        suites.append(suite)
    path = bench / JIO
    if path.exists():
        suite = Suite("JioNLP extract_time")
        for case in load_json(path)["extract_time"]:
            text = case["text"]
            expected = [(x["offset"][0], x["offset"][1], "any") for x in case["expected"]]
            run_extract_case(grammar, suite, text, expected, "jio")
        suites.append(suite)
    return suites


# ---------------------------------------------------------------- (b) resolution
def day_or_range(start: dt.date, end: dt.date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"


_LUNAR = r"农历|阴历|闰|腊月|正月|初[一二三四五六七八九十]|大年|春节|除夕|元宵|端午|中秋|七夕|重阳|腊八|小年"
_SOLAR_TERMS = r"冬至|夏至|春分|秋分|大寒|小寒|芒种|清明|立春|立夏|立秋|立冬|谷雨|白露|霜降|小满|大暑|小暑|处暑|寒露|惊蛰|雨水|小雪|大雪"
_HAS_CLOCK = re.compile(r"\d[:：]\d|[点时](?![间候节期])|分\d*秒?$")


def resolution_reason(text: str) -> str | None:
    if re.search(_LUNAR, text):
        return "lunar calendar date or festival (no lunar table: resolver returns None by design)"
    if re.search(_SOLAR_TERMS, text):
        return "solar term (needs astronomical tables)"
    if re.search(r"(?:起|以来|以前|之前|至今|到现在|到今天|前$)", text):
        return "open-ended span (起/以来/之前/至今): guide §7 takes X, the spec gives a span to/from now"
    reason = classify(text)
    if reason:
        return reason
    if re.fullmatch(rf"(?:从)?(?:\d{{4}}|[{_CN}]{{4}})\s*年(?:(?:至|到|—+|-)(?:\d{{4}}|[{_CN}]{{4}})\s*年)?|今年|去年|明年|前年|后年|上一年|这一年|今明两年|\d{{4}}年内", text):
        return "a year names no day (resolver returns None by design)"
    return None


def check_resolution(suite: Suite, grammar, text: str, ref: dt.date, accepted: list[str], has_clock: bool,
                     policy_alt: list[str] = ()):
    target = text
    if has_clock:   # the pipeline resolves the (first) DATE the grammar finds
        dates = [text[s:e] for s, e, lab in grammar(text) if lab == "DATE"]
        if not dates:
            suite.failures.append(f"{text!r} @ {ref}: expected {accepted[0]}, the grammar found DATEs {dates}")
            return
        target = dates[0]
    got = resolve_date(target, ref)
    if got in accepted:
        suite.passed += 1
    elif got is not None and got in policy_alt:
        suite.policy.append(f"{text!r} @ {ref}: spec {accepted[0]}, ours {got}")
    else:
        suite.failures.append(f"{text!r} @ {ref}: expected {' or '.join(accepted)}, got {got}")


def _shift_year(value: str, years: int) -> str:
    def one(d: str) -> str:
        x = dt.date.fromisoformat(d)
        try:
            return x.replace(year=x.year + years).isoformat()
        except ValueError:
            return d
    return "/".join(one(p) for p in value.split("/"))


def _shift_days(value: str, days: int) -> str:
    return "/".join((dt.date.fromisoformat(d) + dt.timedelta(days=days)).isoformat() for d in value.split("/"))


def _shift_month(value: str, months: int) -> str:
    def one(d: str) -> str:
        x = dt.date.fromisoformat(d)
        y, m = divmod(x.year * 12 + x.month - 1 + months, 12)
        try:
            return dt.date(y, m + 1, x.day).isoformat()
        except ValueError:
            return d
    return "/".join(one(p) for p in value.split("/"))


def bench_rt_resolution(bench: Path, grammar) -> list[Suite]:
    suites = []
    for spec in ("DateParser", "DatePeriodParser", "HolidayParser"):
        path = bench / RT / f"{spec}.json"
        if not path.exists():
            continue
        suite = Suite(f"RT {spec}")
        for case in load_json(path):
            ref = dt.date.fromisoformat(case["Context"]["ReferenceDateTime"][:10])
            for r in case["Results"]:
                text = r["Text"].replace(",", "，")
                s_norm, e_norm = normalise_span(text, 0, len(text))
                text_n = text[s_norm:e_norm]
                reason = resolution_reason(text_n)
                value = r.get("Value") or {}
                timex = value.get("Timex", "")
                if not reason and re.search(r"W\d|WE|P\d+[WMY]|SU|SP|FA|WI|#", timex):
                    reason = classify(text_n) or "week, weekend or offset period"
                if reason:
                    suite.exclude(reason, text)
                    continue
                accepted = []
                for key in ("FutureResolution", "PastResolution"):
                    res = value.get(key) or {}
                    if "date" in res:
                        if res["date"].startswith("0001"):
                            accepted.append(None)
                        else:
                            accepted.append(res["date"])
                    elif "startDate" in res:
                        start = dt.date.fromisoformat(res["startDate"])
                        end = dt.date.fromisoformat(res["endDate"])
                        if not timex.startswith("("):   # a month/year period: end is exclusive
                            end -= dt.timedelta(days=1)
                        accepted.append(day_or_range(start, end))
                accepted = list(dict.fromkeys(accepted))
                if not accepted:
                    suite.exclude("no resolution in the spec", text)
                    continue
                check_resolution(suite, grammar, text_n, ref, accepted, False)
        suites.append(suite)
    return suites


_SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def jio_reference(base) -> dt.date | None:
    if isinstance(base, (int, float)):
        return dt.datetime.fromtimestamp(base, _SHANGHAI).date()
    if isinstance(base, list):
        parts = list(base) + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])
    if isinstance(base, dict):
        if "__datetime__" in base:
            y, m, d = (list(base["__datetime__"]) + [1, 1])[:3]
            return dt.date(y, m, d)
        return dt.date(base.get("year", 1970), base.get("month", 1), base.get("day", 1))
    if base == "__now__":
        return dt.date.today()
    return None


def bench_jio_resolution(bench: Path, grammar) -> list[Suite]:
    path = bench / JIO
    if not path.exists():
        return []
    suite = Suite("JioNLP parse_time")
    for case in load_json(path)["parse_time"]:
        text, exp = case["input"], case["expected"]
        ref = jio_reference(case["time_base"])
        if exp.get("type") not in ("time_point", "time_span") or ref is None:
            suite.exclude(f"{exp.get('type')}: not a point or span", text)
            continue
        if case["kwargs"].get("ret_future"):
            suite.exclude("ret_future option (future-biased resolution)", text)
            continue
        if re.search(rf"(?:月[{_CN}廿]+|^廿[{_CN}]*)(?![日号\d{_CN}])", text) and case["kwargs"].get("lunar_date", True):
            suite.exclude("JioNLP reads a Chinese-numeral day without 日/号 as lunar", text)
            continue
        reason = resolution_reason(text)
        if reason:
            suite.exclude(reason, text)
            continue
        start_s, end_s = exp["time"]
        if "inf" in (start_s, end_s):
            suite.exclude("open-ended span", text)
            continue
        start, end = dt.datetime.fromisoformat(start_s), dt.datetime.fromisoformat(end_s)
        whole_days = start.time() == dt.time(0) and end.time() == dt.time(23, 59, 59)
        clock = bool(_HAS_CLOCK.search(text))
        if not whole_days and not clock:
            suite.exclude("part of a day without a clock time (早上, 上午 as hours)", text)
            continue
        if not whole_days and start.date() != end.date() and not (end.time() == dt.time(0) and (end.date() - start.date()).days == 1):
            suite.exclude("date+time range across days", text)
            continue
        if not whole_days and not re.search(r"[日号天]|[今昨当明]晚|\d[-/.]\d|周|星期|礼拜|月", text):
            suite.exclude("clock time only, no day", text)
            continue
        expected = day_or_range(start.date(), end.date()) if whole_days else start.date().isoformat()
        year_policy = [] if re.search(r"\d{4}|年", text) else [
            _shift_year(expected, -1), _shift_days(expected, -7), _shift_month(expected, -1)]
        check_resolution(suite, grammar, text, ref, [expected], clock and not whole_days, year_policy)
    return [suite]


# ---------------------------------------------------------------- report
def render(suites_a, suites_b, verbose: bool) -> str:
    out = [f"# Dates benchmark — {dt.date.today().isoformat()}", "",
           "Command: `/work/venv/bin/python eval/bench_dates.py` (data: `../shared/benchdata`, measurement only).",
           "", "## (a) Extraction (DATE/TIME grammar)", "",
           "| suite | passed/applicable | rate | excluded |", "|---|---|---|---|"]
    out += [s.line() for s in suites_a]
    out += ["", "## (b) Resolution (`resolve_date`)", "",
            "| suite | passed/applicable | rate | excluded |", "|---|---|---|---|"]
    out += [s.line() for s in suites_b]
    for title, suites in (("Extraction", suites_a), ("Resolution", suites_b)):
        out += ["", f"## {title}: failures"]
        for s in suites:
            if s.failures:
                out += ["", f"### {s.name} ({len(s.failures)})", ""] + [f"* {f}" for f in s.failures]
            if s.policy:
                out += ["", f"### {s.name}: year-choice policy differences ({len(s.policy)})", "",
                        "The spec takes the reference's year; we take the latest such day not more than a month "
                        "after the reference (bulletins report the past).", ""] + [f"* {f}" for f in s.policy]
        out += ["", f"## {title}: exclusions by design"]
        for s in suites:
            if s.excluded:
                out += ["", f"### {s.name}", ""]
                for reason, n in s.excluded.most_common():
                    out.append(f"* {reason}: {n} (e.g. {', '.join(repr(x) for x in s.examples[reason])})")
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--report", type=Path, default=None, help="write the markdown report here")
    ap.add_argument("--verbose", action="store_true", help="print every failure")
    args = ap.parse_args(argv)
    if not (args.bench / RT).exists() and not (args.bench / JIO).exists():
        print(f"bench_dates: no benchmark data under {args.bench}; skipped.")
        return 0
    grammar = DateTimeGrammar(ROOT / "models" / "entities" / "datetime.json")
    suites_a = bench_extraction(args.bench, grammar)
    suites_b = bench_rt_resolution(args.bench, grammar) + bench_jio_resolution(args.bench, grammar)
    for title, suites in (("extraction", suites_a), ("resolution", suites_b)):
        print(f"== {title}")
        for s in suites:
            n = s.applicable
            print(f"  {s.name:28s} {s.passed:4d}/{n:<4d} {s.passed / n if n else 0:6.3f}  "
                  f"excluded {sum(s.excluded.values()):3d}" + (f"  policy {len(s.policy)}" if s.policy else ""))
            if args.verbose:
                for f in s.failures:
                    print("     FAIL", f)
                for f in s.policy:
                    print("     POLICY", f)
    if args.report:
        args.report.write_text(render(suites_a, suites_b, args.verbose), encoding="utf-8")
        print(f"report: {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
