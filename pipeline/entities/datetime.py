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

from ..lexicon_util import RuleFileError, read_json, word_alternation

# 8天20时 is a duration, not a clock time: a count of days right before the hour.
DAYS_BEFORE = re.compile(r"[\d一二三四五六七八九十两]天$")

REQUIRED = ("numerals", "layout_space", "day_markers", "range_joiners", "parts_of_day", "resolver_parts_of_day",
            "relative_day_offsets", "relative_years", "relative_months", "week_words", "numeric_date", "lunar_prefix", "lunar_months",
            "weekdays", "festivals", "clock_markers", "clock_tail", "bare_day_not_after", "bare_day_not_before",
            "day_without_marker_not_before", "bare_hao_followers", "clock_bare_after", "set_markers")


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
        month_num = _alt(num["month"] + data["lunar_months"])
        year = f"(?<!\\d){_alt(num['year'])} ?年"
        month = f"{month_num}月"
        day = f"{_alt(num['day'])}{_alt(data['day_markers'])}"
        # 10月22, 八月十五: a day without its marker, when no numeral or measure word follows.
        day_nomark = f"{_alt(num['day'])}(?!{data['day_without_marker_not_before']})"
        hour, hour_cn, minute = _alt(num["hour"]), _alt(num["hour_chinese"]), _alt(num["minute"])
        quarter, minute_bare = _alt(num["quarter"]), _alt(num["minute_bare"])
        part = word_alternation(data["parts_of_day"])
        joiner = word_alternation(data["range_joiners"])
        hhmm = r"(?<!\d)(?:[01]?\d|2[0-4])[:：][0-5]\d(?:[:：][0-5]\d)?(?![:：]?\d)"
        clock_start = f"(?:(?:{hour}|{hour_cn}){_alt(data['clock_markers'])}|{hhmm})"
        # 8月5日晚10时: the part of day belongs to the clock time, not to the date. The
        # atomic group stops `晚上` from backtracking to `晚` to escape the lookahead.
        date_part = f"(?:(?>{part})(?!{sp}{clock_start}))?"
        rel_year = word_alternation(data["relative_years"])
        rel_month = word_alternation(data["relative_months"])
        festival = "|".join(sorted(data["festivals"], key=len, reverse=True))   # 元宵节 before 元宵
        lunar = f"(?:{word_alternation(data['lunar_prefix'])})?"
        any_year = f"(?:{year}|{rel_year})"
        # 去年年初, 2014年上半年: a year followed by a vague part of it is no DATE (DECISIONS R-E9)
        vague = data.get("year_not_before", [])
        not_vague = f"(?!{word_alternation(vague)})" if vague else ""
        calendar = (f"{lunar}(?:{any_year}{sp})?{month}{sp}{day}"                  # (2022年) 11月 19日
                    f"(?:{joiner}(?:(?:{year})?{month})?{day})?"                   # 8月4日至5日, 8月30日至9月2日
                    f"|{lunar}(?:{any_year}{sp})?{month}{day_nomark}(?:{joiner}(?:{month})?(?:{day}|{day_nomark}))?"  # 10月22, 1月3至2月10
                    f"|(?:{any_year}{sp})?{rel_month}(?:{sp}{day}|{day_nomark})?"   # 本月, 上个月15号
                    f"|{any_year}{sp}(?:{festival})"                               # 今年国庆节
                    f"|{any_year}{sp}{month}(?:{joiner}{month})?(?!{sp}\\d)"       # 2022年11月, 去年5月
                    f"|{year}(?:{sp}{joiner}{sp}{year})?(?![{sp[1:-2]}]?\\d){not_vague}"  # 2022年, 2009年至2010年
                    f"|{rel_year}{not_vague}"
                    f"|(?<![\\d.]){month}份?(?:{joiner}{month}份?)?(?!{sp}[\\d零〇一二三四五六七八九十廿卅两])"  # 2月, 4月份, 2月至3月
                    f"|{data['numeric_date']}")                                    # 2022-08-07
        week = data["week_words"]["pattern"]
        named = (word_alternation(data["relative_day_offsets"]) + "|" + week + "|" + "|".join(data["weekdays"])
                 + "|" + festival)
        bare_day = r"(?<![\d月号日])(?:3[01]|[12]\d|0?[1-9])[日号]"   # 18日, 12号 (checked in context below)
        tail = word_alternation(data["clock_tail"])
        any_hour = f"(?:{hour}|{hour_cn})"
        extra = f"(?:{minute}分|半|钟|{quarter})"
        time = (f"(?:{part}{sp})?(?<![0-9.]){hour}时(?:{minute}分|{quarter})?(?:{minute}秒)?半?(?:{tail})?"  # 4时30分, 凌晨1时
                f"|(?:{part}{sp}){any_hour}[时点](?:{extra}|{minute_bare})?(?:{tail})?"        # 晚上8点, 凌晨一时, 晚上九点零九
                f"|(?:{part}{sp})?{any_hour}[时点]{extra}(?:{tail})?"                           # 20点30分, 十时半
                f"|{any_hour}[时点]{tail}"                                                      # 十时许, 零点整; not 三点要求
                f"|(?:{part}{sp})?{hhmm}")                                                      # 20:30, 晚上9:30
        self.pattern = re.compile(
            f"(?P<date>(?:{calendar}){date_part}|(?:{named})(?:{date_part})(?<!晚晚)|(?P<bare>{bare_day}){date_part})"
            f"|(?P<time>{time})"
            f"|(?P<clock>{any_hour}[时点](?:{minute_bare})?)")
        self.not_after = tuple(sorted(data["bare_day_not_after"], key=len, reverse=True))
        self.not_before = tuple(sorted(data["bare_day_not_before"], key=len, reverse=True))
        self.hao_followers = tuple(sorted(data["bare_hao_followers"], key=len, reverse=True))
        self.parts = re.compile(part)
        self.clock_after = tuple(data["clock_bare_after"])
        self.set_markers = tuple(data["set_markers"])
        # How far back the context checks in _scan look: the longest word they test.
        self.lookbehind = max(map(len, self.not_after + self.clock_after + self.set_markers + ("第", "十天")))
        self.joiners = set(data["range_joiners"])
        self.same_day = set(data.get("same_day_words", []))   # 21日当天 is one DATE (DECISIONS R-E9)
        # 0-24时, 12至24时: a bare hour and a joiner before a clock time open a time range
        self.hour_before = re.compile(f"(?<![\\d.:：])(?:[01]?\\d|2[0-4])[ \u3000]?(?:{joiner})[ \u3000]?$")

    def __call__(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, label); `A至B` with two DATEs (or two TIMEs: 0时至24时) is one entity,
        a range written as one expression; so is a bare hour joined to a TIME (0-24时)."""
        pending = None
        for s, e, label in self._scan(text):
            if (pending is not None and label == pending[2]
                    and text[pending[1]:s].strip(" \u3000") in self.joiners):
                pending = (pending[0], e, label)
                continue
            if pending is not None and label == pending[2] == "DATE" and s == pending[1] and text[s:e] in self.same_day:
                pending = (pending[0], e, label)
                continue
            if label == "TIME" and (pending is None or pending[1] <= s - 2):
                m = self.hour_before.search(text, max(0, s - 8), s)
                if m is not None and (pending is None or m.start() >= pending[1]):
                    s = m.start()
            if pending is not None:
                yield pending
            pending = (s, e, label)
        if pending is not None:
            yield pending

    def _scan(self, text: str) -> Iterator[tuple[int, int, str]]:
        last_date_end = -1
        for m in self.pattern.finditer(text):
            start, end = m.span()
            while end > start and text[end - 1] in " \u3000":
                end -= 1
            # The few characters before the match are all the checks below look at;
            # slicing the whole prefix would make long texts quadratic.
            before = text[max(0, start - self.lookbehind):start]
            if m.group("clock") is not None:
                # 今晚6点, 1987年1月11日八点, 大约十点: a bare hour needs a date or 约 before it.
                if not (text[last_date_end:start].strip(" \u3000") == "" and last_date_end >= 0
                        or before.endswith(self.clock_after)):
                    continue
                yield start, end, "TIME"
                continue
            if m.group("bare") is not None:
                # 连续3日 / 3日内 are durations (quantities), not dates; 12号楼 is not a date.
                b, e = m.span("bare")
                if text[max(0, b - self.lookbehind):b].endswith(self.not_after) or text.startswith(self.not_before, e):
                    continue
                if text[e - 1] == "号" and not (e == len(text) or text.startswith(self.hao_followers, e)
                                                 or self.parts.match(text, e)):
                    continue
            if m.group("date") is not None:
                if before.endswith(self.set_markers):
                    continue          # 每周一, 每月5日: a set, not a date (DECISIONS: 每日)
                last_date_end = end
                yield start, end, "DATE"
                continue
            # 第1时 is an ordinal; 8天20时 a duration.
            if before.endswith("第") or DAYS_BEFORE.search(before):
                continue
            yield start, end, "TIME"
