"""Resolving date expressions to ISO values (guide §6 `date` role, §7 Dates).

`resolve_date(text, reference)` is a pure function: the text of a DATE (as the entity
layer tags it, or with its frame words 截至/自…起/…以来 still attached) and the
reference date (the date in force in the story, else the publication date) give
`YYYY-MM-DD`, a range `YYYY-MM-DD/YYYY-MM-DD`, or None when the expression names no
day (今年, vague words).

Rules:
* frame words are dropped: `截至X`, `自X起`, `从X起`, `X以来`, `X以后` → X (guide §7);
* a part of day and 许 are dropped (`8月3日晚`, `当天上午`);
* `M月D日` takes the reference's year; when that lands more than a month after the
  reference, the previous year (a January bulletin writing about `12月28日`);
  `D日` takes the reference's month (previous month when it lands more than a week
  after the reference: `28日` in a bulletin of the 2nd);
* `X至Y` / `X到Y` / `X-Y` is a range; Y inherits X's year and month (`8月4日至5日`);
* day-relative words resolve against the reference (当天/当日/当晚/今天 = reference,
  次日/翌日/第二天 = +1, 昨天/前一天 = -1 …); they and the parts of day are read from the
  entity stage's date grammar (`relative_day_offsets`, `parts_of_day` in
  models/entities/datetime.json), so the two always agree;
* a month without a day (`8月`) is the whole month as a range; a weekday (`星期六`)
  is the latest such day on or before the reference;
* a day without 日/号 after a month counts (`10月22`, `八月十五`: Gregorian); a two-digit
  year before a month (`98年4月`) is the nearest century; `2022-08-07`, `2022.8.7`,
  `2022/8/7` are dates (year first only);
* relative years and months prefix a date (`去年5月`, `明年3月3日`, `本月10日`, `上个月15号`,
  `去年本月十日`); `上月`/`下个月` alone are the whole month;
* weeks are Monday–Sunday: `本周`/`上周`/`下下周` are ranges, `上周一`, `下个星期三`,
  `这周二` are days;
* Gregorian festivals resolve like `M月D日` (元旦, 劳动节, 国庆节 …; 母亲节/父亲节/感恩节 by
  their weekday rule);
* lunar festivals (春节, 除夕, 元宵节, 端午节, 七夕, 中秋节, 重阳节, 腊八, 小年 = 腊月二十三,
  the northern custom; `lunar_festivals` in datetime.json), lunar dates (农历正月初八,
  腊月二十三, 大年初三, 正月初八; `农历八月十五` — without 农历, `八月十五` is Gregorian) and the
  solar-term festivals (清明, 冬至) resolve to ISO days with the lunar-python package
  (Lunar → Solar conversion): like the Gregorian festivals, the one nearest on or before
  the reference + a month, unless a year is written (`2020年春节`, `2020年除夕` = 2020-01-24:
  the one that falls in that year);
* in a range the left side may borrow the right side's unit (`4月12-19日`, `2019年1-5月`),
  and the right side rolls into the next month/year when it would end before the start
  (`12月28日至1月3日`).
Arabic and Chinese numerals both work (`十一月十九日`, `二〇二二年`); internal spaces from
the layout are ignored (`2022年 11月 19日`).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache
from typing import Optional, Union

from ..lexicon_util import read_json, word_alternation
from ..paths import models_dir

DateLike = Union[dt.date, str, None]

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"[0-9〇零○一二两三四五六七八九十廿]{1,4}"

# Frame words around the date proper (guide §4/§7: 截至X, 自X起, X以来 → X).
_PREFIX = re.compile(r"^(?:截至|截止到|截止|直到|到|自从|自|从|于|在)")
_SUFFIX = re.compile(r"(?:以来|以后|之后|开始|起|止|前后|左右|期间|当天|当日|那天)$")

_ABSOLUTE = re.compile(
    rf"^(?:(?P<y>[0-9]{{4}}|[〇零○一二三四五六七八九]{{4}}|[0-9]{{2}}|[〇零○一二三四五六七八九]{{2}})年)?"
    rf"(?:(?P<m>{_NUM})月份?)?"
    rf"(?:(?P<d>{_NUM})(?P<mk>[日号])?)?$")
_NUMERIC = re.compile(r"^(?P<y>(?:19|20)\d\d)(?P<sep>[-./])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})$")
_REL_YEAR = re.compile(r"^(?:大前年|前年|去年|上年|今年|当年|同年|本年|明年|次年|后年)")
_REL_YEAR_OFFSET = {"大前年": -3, "前年": -2, "去年": -1, "上年": -1, "今年": 0, "当年": 0, "同年": 0,
                    "本年": 0, "明年": 1, "次年": 1, "后年": 2}
_REL_MONTH = re.compile(r"^(?P<w>上上个月|下下个月|上个月|下个月|这个月|本月|当月|同月|上月|下月)")
_REL_MONTH_OFFSET = {"上上个月": -2, "下下个月": 2, "上个月": -1, "下个月": 1, "这个月": 0, "本月": 0,
                     "当月": 0, "同月": 0, "上月": -1, "下月": 1}
_WEEK = re.compile(r"^(?P<mod>[上下]*[上下]|这|本)个?(?:周|星期|礼拜)(?:(?:周|星期|礼拜)?(?P<w>[一二三四五六日天1-7]))?$")
# Gregorian festivals: fixed (month, day) or (month, weekday, n-th).
_FESTIVALS = {
    "元旦": (1, 1), "元旦节": (1, 1), "情人节": (2, 14), "妇女节": (3, 8), "三八妇女节": (3, 8),
    "植树节": (3, 12), "劳动节": (5, 1), "五一劳动节": (5, 1), "青年节": (5, 4), "五四青年节": (5, 4),
    "护士节": (5, 12), "儿童节": (6, 1), "六一儿童节": (6, 1), "建党节": (7, 1), "七一建党节": (7, 1),
    "建军节": (8, 1), "八一建军节": (8, 1), "教师节": (9, 10), "国庆": (10, 1), "国庆节": (10, 1),
    "记者节": (11, 8), "平安夜": (12, 24), "圣诞节": (12, 25),
}
_TRAILING_WEEKDAY = re.compile(r"(?<=[日号])[，,、]?(?:星期|礼拜|周)[一二三四五六日天]$")
_FLOATING = {"母亲节": (5, 6, 2), "父亲节": (6, 6, 3), "感恩节": (11, 3, 4)}
_SPACE = re.compile(r"\s+")
_RANGE_SEP = re.compile(r"(?:至|到|—+|－|-|~|～|〜)")
_WEEKDAY = re.compile(r"^(?:星期|礼拜|周)(?P<w>[一二三四五六日天1-7])$")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
             "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}



@lru_cache(maxsize=1)
def _day_words() -> tuple[dict[str, int], re.Pattern]:
    """Day-relative words → offset in days, and the part-of-day tail, from the entity
    stage's date grammar (models/entities/datetime.json), so that what it tags as a
    DATE (今晨, 8月3日午后) resolves and what resolves is tagged (第二天, 隔天)."""
    data = read_json(models_dir() / "entities" / "datetime.json")
    offsets = {word: int(days) for word, days in data["relative_day_offsets"].items()}
    # Part of day and 许 after a date (8月3日晚, 当天上午; 8月5日晚10时许 is split by the entity layer).
    part_of_day = re.compile("(?:" + word_alternation(data["parts_of_day"] + data["resolver_parts_of_day"]) + ")+$")
    return offsets, part_of_day


@lru_cache(maxsize=1)
def _lunar_words() -> tuple[dict[str, tuple[int, int]], dict[str, int], dict[str, str]]:
    """Lunar festivals → (lunar month, day; 0 = the month's last day), the lunar month names
    that are no numeral (正 腊 冬), and the solar-term festivals (清明, 冬至), from datetime.json,
    where the grammar that tags them lives."""
    data = read_json(models_dir() / "entities" / "datetime.json")
    festivals = {name: (int(m), int(d)) for name, (m, d) in data.get("lunar_festivals", {}).items()}
    return festivals, dict(data.get("lunar_month_numbers", {})), dict(data.get("solar_terms", {}))


@lru_cache(maxsize=1)
def _story_days() -> frozenset:
    return frozenset(read_json(models_dir() / "entities" / "datetime.json").get("story_relative_days", []))


def is_story_relative(text: str) -> bool:
    """Is this a day counted from the story's date in force (当天, 次日 …, datetime.json
    `story_relative_days`) rather than from the publication date (今天, 昨天)?"""
    return _clean(text) in _story_days()


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
    relative, part_of_day = _day_words()
    s = _SPACE.sub("", text)
    s = _TRAILING_WEEKDAY.sub("", s) or s          # 2022年11月19日星期六: the date decides
    for _ in range(2):  # 截至8月7日凌晨 / 自8月4日起 / 11月11日以来
        for pattern in (_PREFIX, _SUFFIX, part_of_day):
            if s in relative or s in _FESTIVALS or s in _lunar_words()[0]:   # 平安夜 keeps its 夜, 端午 its 午
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


def _two_digit_year(yy: int, ref: Optional[dt.date]) -> int:
    """`98年` → 1998, `15年` → 2015: the century that puts it at most 10 years after the reference."""
    now = (ref or dt.date.today()).year
    year = now - now % 100 + yy
    return year - 100 if year > now + 10 else year


def _absolute(s: str, ref: Optional[dt.date], inherit: Optional[dt.date] = None,
              year: Optional[int] = None) -> Optional[tuple[dt.date, dt.date]]:
    """A calendar date (or a whole month) → (first day, last day); `year` forces the year."""
    n = _NUMERIC.match(s)
    if n:
        date = _safe_date(int(n.group("y")), int(n.group("m")), int(n.group("d")))
        return (date, date) if date else None
    m = _ABSOLUTE.match(s)
    if not m or not any(m.group(k) for k in ("y", "m", "d")):
        return None
    if m.group("d") and not m.group("mk") and not m.group("m"):
        return None                       # 十一 / 2019年1: a number, not a day
    if m.group("y") and len(m.group("y")) == 2 and not m.group("m"):
        return None                       # 15年: fifteen years
    if year is None:
        year = _number(m.group("y"))
        if year is not None and len(m.group("y")) == 2:
            year = _two_digit_year(year, ref)
    month, day = _number(m.group("m")), _number(m.group("d"))
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
    if date is None and not explicit_year and inherit is None and ref is not None:
        if m.group("m") is None:          # 29日 in February: last month's 29th
            prev = ref.replace(day=1) - dt.timedelta(days=1)
            date = _safe_date(prev.year, prev.month, day)
        else:                             # 2月29日: the latest leap year
            date = next((d for d in (_safe_date(year - k, month, day) for k in range(1, 5)) if d), None)
        return (date, date) if date else None
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
    try:
        span = _span(text, ref)
    except OverflowError:   # 9999-12-31 + 1 day, year 0: a date no calendar value can hold
        return None
    if span is None:
        return None
    start, end = span
    return start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"


def _month_shift(d: dt.date, months: int) -> tuple[int, int]:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return y, m + 1


def _festival(name: str, year: Optional[int], ref: Optional[dt.date]) -> Optional[dt.date]:
    def on(y: int) -> dt.date:
        if name in _FESTIVALS:
            return dt.date(y, *_FESTIVALS[name])
        month, weekday, nth = _FLOATING[name]
        first = dt.date(y, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    if year is not None:
        return on(year)
    if ref is None:
        return None
    date = on(ref.year)
    return on(ref.year - 1) if date > ref + dt.timedelta(days=31) else date


_LUNAR_DATE = re.compile(rf"^(?P<lp>农历|阴历)?(?P<m>[正腊冬]|{_NUM})月(?P<d>初[一二三四五六七八九十]|{_NUM})[日号]?$")
_NEW_YEAR_DAY = re.compile(r"^大年初(?P<d>[一二三四五六七八九十])$")
NEAREST_AFTER = dt.timedelta(days=31)   # a festival up to a month after the reference is the coming one


def _lunar_to_solar(year: int, month: int, day: int) -> Optional[dt.date]:
    """The Gregorian day of lunar year/month/day (day 0: the month's last day, 除夕); None
    when there is no such day (腊月三十 in a 29-day month) or the year is out of range."""
    from lunar_python import Lunar, LunarYear   # imported when a lunar date is met (≈ 50 ms)

    try:
        if day == 0:
            day = LunarYear.fromYear(year).getMonth(month).getDayCount()
        solar = Lunar.fromYmd(year, month, day).getSolar()
        return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())
    except Exception:   # lunar-python raises a bare Exception for impossible days and years
        return None


def _solar_term(name: str, year: int) -> Optional[dt.date]:
    """The day of solar term `name` (清明, 冬至) in Gregorian year `year`."""
    from lunar_python import Lunar

    for lunar_year in (year, year + 1):     # a lunar year's table runs from the previous 冬至
        try:
            solar = Lunar.fromYmd(lunar_year, 1, 1).getJieQiTable().get(name)
        except Exception:
            return None
        if solar is not None and solar.getYear() == year:
            return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())
    return None


def _nearest_yearly(on, year: Optional[int], ref: Optional[dt.date]) -> Optional[dt.date]:
    """A day that comes once a (lunar or solar) year: of the written `year`, else the latest
    one on or before the reference + a month (the rule of the Gregorian festivals: a January
    bulletin's 春节 is the coming one, a March bulletin's the past one). A written year is
    the Gregorian year the day falls in, as news write it (`2020年除夕` = 2020-01-24, the eve
    of lunar year 2020), else that lunar year (a 腊八 may fall in late December)."""
    if year is not None:
        days = [d for d in (on(year - 1), on(year)) if d is not None]
        return next((d for d in days if d.year == year), on(year))
    if ref is None:
        return None
    days = [d for d in (on(y) for y in range(ref.year - 2, ref.year + 2)) if d is not None]
    days = [d for d in days if d <= ref + NEAREST_AFTER]
    return max(days) if days else None


def _lunar(s: str, year: Optional[int], ref: Optional[dt.date]) -> Optional[tuple[dt.date, dt.date]]:
    """A lunar festival, solar-term festival or lunar date → (day, day); None if `s` is none."""
    festivals, month_names, terms = _lunar_words()
    if s in terms:
        day = _nearest_yearly(lambda y: _solar_term(terms[s], y), year, ref)
        return (day, day) if day else None
    if s in festivals:
        month, d = festivals[s]
    else:
        m = _NEW_YEAR_DAY.match(s)
        if m:
            month, d = 1, _number(m.group("d"))
        else:
            m = _LUNAR_DATE.match(s)
            # Without 农历 a lunar date needs a lunar month name or day (正月, 腊月, 初八):
            # 八月十五 alone reads as Gregorian.
            if not m or not (m.group("lp") or m.group("m") in month_names or m.group("d").startswith("初")):
                return None
            month = month_names.get(m.group("m")) or _number(m.group("m"))
            d = _number(m.group("d")[1:] if m.group("d").startswith("初") else m.group("d"))
    if not month or not 1 <= month <= 12 or d is None or not 0 <= d <= 30:
        return None
    day = _nearest_yearly(lambda y: _lunar_to_solar(y, month, d), year, ref)
    return (day, day) if day else None


def _span(text: str, ref: Optional[dt.date], inherit: Optional[dt.date] = None
          ) -> Optional[tuple[dt.date, dt.date]]:
    s = _clean(text)
    if not s:
        return None
    relative = _day_words()[0]
    if s in relative:
        if ref is None:
            return None
        day = ref + dt.timedelta(days=relative[s])
        return day, day
    year = None
    y = _REL_YEAR.match(s)
    if y:                                 # 去年5月, 明年母亲节, 去年本月十日; 今年 alone names no day
        if ref is None or y.end() == len(s):
            return None
        year, s = ref.year + _REL_YEAR_OFFSET[y.group()], s[y.end():]
    else:
        fy = re.match(r"^(?:农历|阴历)?([0-9]{4}|[〇零○一二三四五六七八九]{4})年(?=\D)", s)
        if fy and (s[fy.end():] in _FESTIVALS.keys() | _FLOATING.keys() or _lunar(s[fy.end():], 2000, None)):
            year, s = _number(fy.group(1)), ("农历" if s.startswith(("农历", "阴历")) else "") + s[fy.end():]
    if s in _FESTIVALS or s in _FLOATING:
        date = _festival(s, year, ref)
        return (date, date) if date else None
    lunar = _lunar(s, year, ref)
    if lunar is not None:
        return lunar
    rm = _REL_MONTH.match(s)
    if rm:                                # 本月, 上个月15号, 同月9号
        if ref is None:
            return None
        yy, mm = _month_shift(ref, _REL_MONTH_OFFSET[rm.group("w")])
        rest = s[rm.end():]
        if not rest:
            last = calendar.monthrange(year or yy, mm)[1]
            return dt.date(year or yy, mm, 1), dt.date(year or yy, mm, last)
        d = re.fullmatch(rf"({_NUM})[日号]?", rest)
        date = _safe_date(year or yy, mm, _number(d.group(1)) or 0) if d else None
        return (date, date) if date else None
    w = _WEEK.match(s)
    if w:                                 # 上周, 下下周, 上周一, 这个星期三
        if ref is None:
            return None
        mod = w.group("mod")
        offset = 0 if mod in ("这", "本") else mod.count("下") - mod.count("上")
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=offset)
        if w.group("w") is None:
            return monday, monday + dt.timedelta(days=6)
        day = monday + dt.timedelta(days=_WEEKDAYS[w.group("w")])
        return day, day
    wd = _WEEKDAY.match(s)
    if wd and year is None:
        if ref is None:
            return None
        back = (ref.weekday() - _WEEKDAYS[wd.group("w")]) % 7
        day = ref - dt.timedelta(days=back)
        return day, day
    span = _absolute(s, ref, inherit, year)
    if span is None:
        span = _range(_clean(text), ref)
    return span


def _range(s: str, ref: Optional[dt.date]) -> Optional[tuple[dt.date, dt.date]]:
    for sep in _RANGE_SEP.finditer(s):
        left, right = s[:sep.start()], s[sep.end():]
        first = _span(left, ref)
        if first is None:                 # 4月12-19日, 2019年1-5月: the left side borrows the unit
            unit = re.search(r"([日号月])份?$", _clean(right))
            first = _span(left + unit.group(1), ref) if unit else None
        if first is None:
            continue
        second = _span(right, ref, inherit=first[0])
        if second is not None and second[1] < first[0]:
            # 12月28日至1月3日 / 8月30日至5日: the end rolls into the next year / month.
            r = _ABSOLUTE.match(_clean(right))
            if r and not r.group("y"):
                if r.group("m"):
                    bump = _safe_date(first[0].year + 1, 1, 1)
                else:
                    yy, mm = _month_shift(first[0], 1)
                    bump = _safe_date(yy, mm, 1)
                second = _span(right, ref, inherit=bump) if bump else None
        if second is None or second[1] < first[0]:
            continue
        return first[0], second[1]
    return None


def date_line(text: str, grammar) -> Optional[str]:
    """The publication date a notice writes on a line of its own before the body
    (`2008年04月05日 09:12`, `2020-02-03`, `2022年 11月 19日 星期六`), for documents that come
    without meta.date: a line among the first `date_line.lines` non-empty ones (datetime.json)
    that `grammar` (the DATE/TIME grammar) covers whole, with a DATE naming one day on its
    own (a year written: no reference is needed). None when there is none."""
    data = read_json(models_dir() / "entities" / "datetime.json")
    max_lines = int(data.get("date_line", {}).get("lines", 0))
    seen = 0
    for line in text.split("\n"):
        if not line.strip():
            continue
        seen += 1
        if seen > max_lines:
            return None
        spans = list(grammar(line))
        rest = list(line)
        for s, e, _ in spans:
            rest[s:e] = [" "] * (e - s)
        if "".join(rest).strip(" \u3000\t,，"):
            continue                              # other words on the line: a sentence, not a date line
        for s, e, label in spans:
            value = resolve_date(line[s:e], None) if label == "DATE" else None
            if value and "/" not in value:
                return value
    return None


__all__ = ["resolve_date", "parse_reference", "date_line"]
