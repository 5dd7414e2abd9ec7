"""Resolving date expressions to ISO values (guide §6 `date` role, §7 Dates).

`resolve_date(text, reference)` is a pure function: the text of a DATE (as the entity
layer tags it, or with its frame words 截至/自…起/…以来 still attached) and the
reference date (the date in force in the story, else the publication date) give
`YYYY-MM-DD`, a range `YYYY-MM-DD/YYYY-MM-DD`, or None when the expression names no
day (今年, 春节, vague words).

Rules:
* frame words are dropped: `截至X`, `自X起`, `从X起`, `X以来`, `X以后` → X (guide §7);
* a part of day and 许 are dropped (`8月3日晚`, `当天上午`);
* `M月D日` takes the reference's year; when that lands more than a month after the
  reference, the previous year (a January bulletin writing about `12月28日`);
  `D日` takes the reference's month (previous month when it lands more than a week
  after the reference: `28日` in a bulletin of the 2nd);
* `X至Y` / `X到Y` / `X-Y` is a range; Y inherits X's year and month (`8月4日至5日`);
* day-relative words resolve against the reference (当天/当日/当晚/今天 = reference,
  次日/翌日/第二天 = +1, 昨天/前一天 = -1 …);
* a month without a day (`8月`) is the whole month as a range; a weekday (`星期六`)
  is the latest such day on or before the reference.
Arabic and Chinese numerals both work (`十一月十九日`, `二〇二二年`); internal spaces from
the layout are ignored (`2022年 11月 19日`).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Optional, Union

DateLike = Union[dt.date, str, None]

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"[0-9〇零○一二两三四五六七八九十廿]{1,4}"

# Frame words around the date proper (guide §4/§7: 截至X, 自X起, X以来 → X).
_PREFIX = re.compile(r"^(?:截至|截止到|截止|直到|到|自从|自|从|于|在)")
_SUFFIX = re.compile(r"(?:以来|以后|之后|开始|起|前后|期间|当天|当日|那天)$")
# Part of day and 许 after a date (8月3日晚, 当天上午, 8月5日晚10时许 is split by the entity layer).
_PART_OF_DAY = re.compile(r"(?:凌晨|清晨|早上|早晨|上午|中午|午间|下午|傍晚|晚上|晚间|夜间|夜里|深夜|半夜|早|午|晚|夜|许)+$")

_ABSOLUTE = re.compile(
    rf"^(?:(?P<y>[0-9]{{4}}|[〇零○一二三四五六七八九]{{4}})年)?"
    rf"(?:(?P<m>{_NUM})月份?)?"
    rf"(?:(?P<d>{_NUM})[日号])?$")
_SPACE = re.compile(r"\s+")
_RANGE_SEP = re.compile(r"(?:至|到|—+|－|-|~|～|〜)")
_WEEKDAY = re.compile(r"^(?:星期|礼拜|周)(?P<w>[一二三四五六日天1-7])$")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
             "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}

# Day-relative words: offset in days from the reference.
_RELATIVE = {
    "当天": 0, "当日": 0, "当晚": 0, "当夜": 0, "当早": 0, "今天": 0, "今日": 0, "今晚": 0,
    "今早": 0, "本日": 0, "是日": 0, "同日": 0, "同一天": 0, "当天晚上": 0,
    "次日": 1, "翌日": 1, "第二天": 1, "第二日": 1, "明天": 1, "明日": 1, "隔天": 1, "次晚": 1,
    "后天": 2, "第三天": 2,
    "昨天": -1, "昨日": -1, "昨晚": -1, "前一天": -1, "前一日": -1, "头一天": -1,
    "前天": -2,
}


def parse_reference(reference: DateLike) -> Optional[dt.date]:
    if reference is None or isinstance(reference, dt.date):
        return reference
    try:
        return dt.date.fromisoformat(str(reference)[:10])
    except ValueError:
        return None


def _number(s: Optional[str]) -> Optional[int]:
    """Arabic or Chinese numeral (一 … 三十一, 廿三, 二〇二二) → int."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if "十" not in s and "廿" not in s:
        value = 0
        for ch in s:
            if ch not in _CN_DIGITS:
                return None
            value = value * 10 + _CN_DIGITS[ch]
        return value
    if s.startswith("廿"):
        return 20 + (_CN_DIGITS.get(s[1:], 0) if len(s) > 1 else 0)
    tens, _, units = s.partition("十")
    t = _CN_DIGITS.get(tens, None) if tens else 1
    u = _CN_DIGITS.get(units, None) if units else 0
    if t is None or u is None:
        return None
    return t * 10 + u


def _clean(text: str) -> str:
    s = _SPACE.sub("", text)
    for _ in range(2):  # 截至8月7日凌晨 / 自8月4日起 / 11月11日以来
        for pattern in (_PREFIX, _SUFFIX, _PART_OF_DAY):
            if s in _RELATIVE:
                return s
            stripped = pattern.sub("", s)
            if stripped:  # never strip a word down to nothing (当天 alone is the date)
                s = stripped
    return s


def _safe_date(y: int, m: int, d: int) -> Optional[dt.date]:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _absolute(s: str, ref: Optional[dt.date], inherit: Optional[dt.date] = None
              ) -> Optional[tuple[dt.date, dt.date]]:
    """A calendar date (or a whole month) → (first day, last day)."""
    m = _ABSOLUTE.match(s)
    if not m or not any(m.group(k) for k in ("y", "m", "d")):
        return None
    year, month, day = _number(m.group("y")), _number(m.group("m")), _number(m.group("d"))
    base = inherit or ref
    explicit_year = year is not None
    if month is None and day is None:
        return None                       # 2022年: names no day
    if month is None:
        if base is None:
            return None
        year, month = (year or base.year), base.month
    if year is None:
        if base is None:
            return None
        year = base.year
    if day is None:
        if not 1 <= month <= 12:
            return None
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1), dt.date(year, month, last)
    date = _safe_date(year, month, day)
    if date is None:
        return None
    if ref is not None and inherit is None and not explicit_year:
        if m.group("m") is None and date > ref + dt.timedelta(days=7):
            # `28日` in a bulletin of the 2nd is last month's 28th.
            prev = (date.replace(day=1) - dt.timedelta(days=1))
            date = _safe_date(prev.year, prev.month, day) or date
        elif m.group("m") is not None and date > ref + dt.timedelta(days=31):
            date = _safe_date(year - 1, month, day) or date
    return date, date


def resolve_date(text: str, reference: DateLike = None) -> Optional[str]:
    """The ISO value of a date expression, a `start/end` range, or None (see module doc)."""
    ref = parse_reference(reference)
    s = _clean(text)
    if not s:
        return None
    if s in _RELATIVE:
        return (ref + dt.timedelta(days=_RELATIVE[s])).isoformat() if ref else None
    w = _WEEKDAY.match(s)
    if w:
        if ref is None:
            return None
        back = (ref.weekday() - _WEEKDAYS[w.group("w")]) % 7
        return (ref - dt.timedelta(days=back)).isoformat()
    span = _absolute(s, ref)
    if span is None:
        span = _range(s, ref)
    if span is None:
        return None
    start, end = span
    return start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"


def _range(s: str, ref: Optional[dt.date]) -> Optional[tuple[dt.date, dt.date]]:
    for sep in _RANGE_SEP.finditer(s):
        left, right = _clean(s[:sep.start()]), _clean(s[sep.end():])
        first = _absolute(left, ref)
        if first is None:
            continue
        second = _absolute(right, ref, inherit=first[0])
        if second is None or second[1] < first[0]:
            continue
        return first[0], second[1]
    return None


__all__ = ["resolve_date", "parse_reference"]
