"""DATE and TIME: a pattern grammar whose pieces live in models/entities/datetime.json.

One precompiled regex scans the text; each match is a DATE or a TIME (named groups).
The grammar follows guide §4/§7: `8月3日晚` (part of day attached), `8月4日至5日` (a range
is one DATE), `2022年 11月 19日` (layout spaces inside), `凌晨1时` / `晚10时许` (TIME keeps
its part of day and 许), and `8月5日晚10时许` → DATE `8月5日` + TIME `晚10时许`.
Words around a date (自 … 起, … 以来, 截至 …) are simply not part of the grammar.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from .lexicon import RuleFileError, literal_pattern, read_json

REQUIRED = ("numerals", "layout_space", "day_markers", "range_joiners", "parts_of_day", "relative_days",
            "weekdays", "festivals", "clock_markers", "clock_tail", "bare_day_not_after", "bare_day_not_before")


def _alt(items: list[str]) -> str:
    return "(?:" + "|".join(items) + ")"


class DateTimeGrammar:
    def __init__(self, path: Path):
        data = read_json(path)
        missing = [k for k in REQUIRED if k not in data]
        if missing:
            raise RuleFileError(f"{path}: missing keys {missing}")
        num = data["numerals"]
        sp = data["layout_space"]
        year, month, day = f"{_alt(num['year'])}年", f"{_alt(num['month'])}月", f"{_alt(num['day'])}{_alt(data['day_markers'])}"
        hour, hour_cn, minute = _alt(num["hour"]), _alt(num["hour_chinese"]), _alt(num["minute"])
        part = literal_pattern(data["parts_of_day"])
        joiner = literal_pattern(data["range_joiners"])
        clock_start = f"(?:{hour}|{hour_cn}){_alt(data['clock_markers'])}"
        # 8月5日晚10时: the part of day belongs to the clock time, not to the date. The
        # atomic group stops `晚上` from backtracking to `晚` to escape the lookahead.
        date_part = f"(?:(?>{part})(?!{sp}{clock_start}))?"
        calendar = (f"(?:{year}{sp})?{month}{sp}{day}"       # (2022年) 11月 19日
                    f"(?:{joiner}(?:{month})?{day})?"          # 8月4日至5日, 8月30日至9月2日
                    f"|{year}{sp}{month}(?!{sp}\\d)"           # 2022年11月
                    f"|{year}(?![{sp[1:-2]}]?\\d)")            # 2022年
        named = literal_pattern(data["relative_days"]) + "|" + "|".join(data["weekdays"]) + "|" + "|".join(data["festivals"])
        bare_day = r"(?<![\d月号日])(?:3[01]|[12]\d|0?[1-9])日"   # 18日 (checked in context below)
        tail = literal_pattern(data["clock_tail"])
        any_hour = f"(?:{hour}|{hour_cn})"
        time = (f"(?:{part}{sp})?(?<![0-9.]){hour}时(?:{minute}分)?(?:{minute}秒)?半?(?:{tail})?"  # 4时30分, 凌晨1时
                f"|(?:{part}{sp}){any_hour}[时点](?:{minute}分|半|钟)?(?:{tail})?"           # 晚上8点, 凌晨一时
                f"|{any_hour}[时点](?:{minute}分|半|钟|{tail})(?:{tail})?"                  # 20点30分, 十时许; not 三点要求
                r"|(?<!\d)(?:[01]?\d|2[0-4])[:：][0-5]\d(?![:：]?\d)")                      # 20:30
        self.pattern = re.compile(
            f"(?P<date>(?:{calendar}){date_part}|(?:{named})(?:{part})?(?<!晚晚)|(?P<bare>{bare_day}){date_part})"
            f"|(?P<time>{time})")
        self.not_after = tuple(sorted(data["bare_day_not_after"], key=len, reverse=True))
        self.not_before = tuple(sorted(data["bare_day_not_before"], key=len, reverse=True))

    def __call__(self, text: str) -> Iterator[tuple[int, int, str]]:
        for m in self.pattern.finditer(text):
            if m.group("bare") is not None:
                # 连续3日 / 3日内 are durations (quantities), not dates.
                b, e = m.span("bare")
                if text[:b].endswith(self.not_after) or text[e:].startswith(self.not_before):
                    continue
            start, end = m.span()
            while end > start and text[end - 1] in " \u3000":
                end -= 1
            yield start, end, "DATE" if m.group("date") is not None else "TIME"
