"""The quantity extractor (Recognizers-Text shape: extractor → parser → item finder).

1. Masks: spans that are never quantities — dates, clock times, ordinals, weekdays,
   fractions' denominators, idioms, schemes, codes, phone numbers, URLs
   (dates_times.tsv, not_quantities.tsv).
2. Candidates: runs of numeral characters (numerals.tsv), found with one pattern.
3. Grammar around each run (`QuantityGrammar`): qualifiers before/after
   (qualifiers.tsv), an explicit range, `个` + measure word, the unit (units.tsv), money
   sub-units (money_subunits.tsv), or — with no measure word — a magnitude number
   directly before a noun (30万党员: unit "", item 党员).
4. Value: the pure number reader (numbers.py) on the run's text.
5. Item and kind (items.py, item_kinds.tsv, kinds.tsv).

All patterns are compiled once per instance from the tables.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Iterator, Optional, Sequence, Union

from .chunker import NounChunker, Word, WordIndex
from .items import ItemFinder, is_cjk
from ..lexicon_util import plain_number, word_alternation
from .numbers import NumberReader, NumberReading, fold_width
from .tables import Tables, Unit

Number = Union[int, float]
_PERCENT_UNITS = {Decimal(100): "%", Decimal(1000): "‰", Decimal(10000): "‱"}
_APPROX_PRIORITY = ("about", "under", "over")
# measure kinds whose phrase + 的 describes the noun after it (30万小时的有声书, 5吨的蔬菜);
# counts (47人的团队) and money (价值9600余元的…) do not (DECISIONS, Quantities → Item)
_DE_MEASURE_KINDS = ("duration", "weight", "area")
_FULLWIDTH_RE = re.compile("[０-９Ａ-Ｚａ-ｚ．％－／＋]")   # what fold_width changes


@dataclass(frozen=True)
class QuantityMatch:
    start: int
    end: int
    text: str                              # == the given text[start:end]
    value: Number                          # int when integral
    unit: str
    approx: str                            # exact | over | under | about
    kind: str
    item: Optional[tuple[int, int]]        # offsets of the counted noun phrase
    value_max: Optional[Number] = None     # upper bound of a range (10至15名 → 15; 三四百人 → 400)


@dataclass
class _Tail:
    """What follows a number: unit, extra value (money sub-units, 半), approx words, end."""
    end: int
    unit: str
    kind: str
    extra: Decimal
    approx: list[str]
    has_unit: bool


def _first_chars(pattern: str) -> Optional[str]:
    """A regex (char or class) for the first character `pattern` can match, or None when
    that is not obvious (no prefilter then). Leading look-behinds are skipped (they consume
    nothing); the first atom must be a literal character, a class or \\d, not optional
    (no ?, *, {0, after it) and the pattern must have no top-level `|`."""
    p = pattern
    while p.startswith(("(?<!", "(?<=")):
        end = _group_end(p)
        if end is None:
            return None
        p = p[end:]
    if not p or _has_top_level_bar(p):
        return None
    if p.startswith("["):
        end = _class_end(p, 0)
        if end is None:
            return None
        first, rest = p[:end], p[end:]
    elif p.startswith("\\d"):
        first, rest = "\\d", p[2:]
    elif p[0] in "()|.*+?{}^$\\[]":
        return None
    else:
        first, rest = re.escape(p[0]), p[1:]
    if rest.startswith(("?", "*", "{0,", "{,")):
        return None                     # the first atom may be absent: [甲乙]?组3人
    return first


def _class_end(p: str, i: int) -> Optional[int]:
    """The index after the character class that opens at p[i] (`[`), or None."""
    j = i + 1
    if j < len(p) and p[j] == "^":
        j += 1
    if j < len(p) and p[j] == "]":      # a leading ] is a literal
        j += 1
    while j < len(p):
        if p[j] == "\\":
            j += 2
            continue
        if p[j] == "]":
            return j + 1
        j += 1
    return None


def _outside_classes(p: str) -> Iterator[tuple[int, str]]:
    """(index, character) of `p` outside escapes and character classes; ("", -1) ends an
    unclosed class (malformed: no prefilter, re.compile reports it)."""
    j = 0
    while j < len(p):
        if p[j] == "\\":
            j += 2
        elif p[j] == "[":
            end = _class_end(p, j)
            if end is None:
                yield -1, ""
                return
            j = end
        else:
            yield j, p[j]
            j += 1


def _group_end(p: str) -> Optional[int]:
    """The index after the group that opens at p[0], or None."""
    depth = 0
    for j, ch in _outside_classes(p):
        if not ch:
            return None
        depth += (ch == "(") - (ch == ")")
        if depth == 0:
            return j + 1
    return None


def _has_top_level_bar(p: str) -> bool:
    depth = 0
    for _, ch in _outside_classes(p):
        if not ch or (ch == "|" and depth == 0):
            return True
        depth += (ch == "(") - (ch == ")")
    return False


def _combine_approx(before: Optional[str], others: list[str]) -> str:
    found = [a for a in ([before] if before else []) + others if a and a != "exact"]
    if not found:
        return "exact"
    if "about" in found:
        return "about"
    return before if before and before != "exact" else found[0]


class QuantityGrammar:
    """The patterns and rules shared by the extractor and the pure span parser."""

    def __init__(self, tables: Tables):
        t = self.t = tables
        self.reader = NumberReader(tables)
        self.items = ItemFinder(tables)
        digit_chars = "".join(t.digits)
        power_chars = "".join(t.powers)
        tens_chars = "".join(t.tens)
        vague_chars = "".join(t.vague)
        inner_chars = "".join(w for w in t.qualifier_words("inner") if len(w) == 1)
        point_chars = "".join(t.points)
        half_chars = "".join(t.halves)
        latin = "".join(t.latin_powers)
        big_powers = "".join(c for c, v in t.powers.items() if v >= 10000)
        ten_chars = "".join(c for c, v in t.powers.items() if v == 10)
        self.numeral_chars = set(digit_chars + power_chars + tens_chars + vague_chars + half_chars) | set("0123456789")
        self.digit_chars = set(digit_chars) | set("0123456789")
        arabic = r"\d+(?:[,，]\d{3}(?!\d))*(?:\.\d+)?"
        sign = r"(?:(?<![0-9A-Za-z.])-|" + word_alternation(s for s in t.signs) + ")?"
        half_units = [u for u, unit in t.units.items() if t.kinds.get(unit.kind, {}).get("half_after") == "yes"]
        start = (rf"(?:{arabic}|[{re.escape(digit_chars + tens_chars + ten_chars)}]"
                 rf"|[{re.escape(vague_chars + half_chars)}](?=[{re.escape(power_chars)}])"
                 rf"|[{re.escape(half_chars)}](?=[个個]|{word_alternation(half_units)})"      # 半小时, 半个月, 半斤
                 rf"|(?<=分之)[{re.escape(power_chars)}])")                              # 百分之百
        cont = (rf"(?:{arabic}|[{re.escape(digit_chars + power_chars + tens_chars + vague_chars)}]"
                rf"|[{re.escape(inner_chars)}]"
                rf"|[{re.escape(point_chars)}](?=[{re.escape(digit_chars)}0-9])"
                rf"|[个個](?=[{re.escape(big_powers)}])"
                rf"|(?<=\d)[{re.escape(latin)}](?![A-Za-z]))")
        self.run_re = re.compile(sign + start + cont + "*")
        # the same without the sign: the fast pattern used to find candidates in running text
        self.unsigned_run_re = re.compile(start + cont + "*")
        self.sign_words = sorted(t.signs, key=len, reverse=True)
        self.sign_last_chars = {w[-1] for w in t.signs} | {"-"}
        self.unit_re = re.compile(word_alternation(t.units))
        # measure words of the classifier table that units.tsv does not list: generic
        # classifiers, taken only where the tagged words show numeral + measure word
        extra = sorted(t.classifiers - set(t.units))
        self.classifier_re = re.compile(word_alternation(extra)) if extra else None
        self.after_re = re.compile(word_alternation(t.qualifier_words("after")))
        self.range_re = re.compile(r" ?(?:" + word_alternation(t.qualifier_words("range")) + r") ?")
        self.before_words = sorted(t.qualifier_words("before"), key=len, reverse=True)
        self.before_lengths = sorted({len(w) for w in self.before_words}, reverse=True)
        self.before_approx = t.qualifier_words("before")
        self.inner_approx = t.qualifier_words("inner")
        self.currency_words = sorted(t.currency_words, key=len, reverse=True)
        self.ge_chars = "个個"
        self.power_values = t.powers
        self.two_chars = {c for c, v in t.digits.items() if v == 2 and c not in "二贰貳"}   # 两 俩 …
        self.subunit_re = {main: re.compile(word_alternation(subs)) for main, subs in t.money_subunits.items()}
        self.closer_re = {main: re.compile(word_alternation(cl)) for main, cl in t.money_closers.items()}

    # ------------------------------------------------------------------ the run
    def sign_start(self, text: str, s: int, floor: int) -> int:
        """Where a number starting at s really starts when a sign precedes it."""
        for w in self.sign_words:
            if s - len(w) >= floor and text.startswith(w, s - len(w)):
                return s - len(w)
        if text[s - 1] == "-" and (s < 2 or not (text[s - 2].isascii() and (text[s - 2].isalnum() or text[s - 2] == "."))):
            return s - 1                      # -22.2%, but not 10-15 (a range) or A-3 (a code)
        return s

    def trim_run(self, text: str, s: int, e: int) -> int:
        """Where the number in run [s, e) really ends."""
        # 二两 / 三两: 两 after a digit is the weight unit, not a digit (两辆 keeps it).
        for k in range(s + 1, e):
            if text[k] in self.two_chars and text[k - 1] in self.digit_chars:
                e = k
                break
        # 七十|百分位, 三|百分比: a power right before 分 begins the next word
        if e - s > 1 and text[e - 1] in self.power_values and text.startswith("分", e):
            e -= 1
        # 5千克, 3千米, 2百分点: the last power begins a longer unit.
        if e - s > 1 and text[e - 1] in self.power_values:
            um = self.unit_re.match(text, e - 1)
            if um and um.end() - (e - 1) > 1:
                e -= 1
        return e

    def read(self, text: str) -> Optional[NumberReading]:
        return self.reader.read(text, clean=True)

    # ------------------------------------------------------------------ after the number
    def _word_unit(self, surface: str, j: int, words) -> str:
        """The longest unit reading that the next word allows: 300张床位 is 张 + 床位, not
        张床 + 位 — a word that straddles the unit's end cuts it to a shorter unit."""
        if words is None or not words.inside(j + len(surface)):
            return surface
        for n in range(len(surface) - 1, 0, -1):
            if surface[:n] in self.t.units and not words.inside(j + n):
                return surface[:n]
        return surface

    def _tagged_classifier(self, text: str, j: int, words) -> Optional[Unit]:
        """A measure word of the classifier table at j, when the tagged words read it as
        one: inside a numeral word (300盏/m) or a measure word of its own (q), ending on a
        word boundary (not 一般/a, 一手/d)."""
        if words is None or self.classifier_re is None:
            return None
        m = self.classifier_re.match(text, j)
        if not m or words.inside(m.end()):
            return None
        w = words.covering(j, m.end())
        if w is None or w[2] not in ("m", "q") or w[1] != m.end():
            return None
        return Unit(m.group(), m.group(), "-", True)

    def tail(self, text: str, pos: int, masked=None, words=None) -> _Tail:
        """Unit, money sub-units, 半 and after-qualifiers following position `pos`; with
        the tagged words (a chunker.WordIndex) the unit's end agrees with a word boundary
        and the classifier table adds measure words."""
        t = self.t
        n = len(text)
        j = pos
        approx: list[str] = []
        extra = Decimal(0)
        if j < n and text[j] == " " and j + 1 < n and (self.unit_re.match(text, j + 1) or text[j + 1] in self.ge_chars):
            j += 1  # 177.1 亿元, 1000 人: one space from the layout
        unit: Optional[Unit] = None
        end = j
        if j < n and text[j] in self.ge_chars:
            k = j + 1
            inner = None
            half = False
            if k < n and text[k] in self.inner_approx:
                inner = self.inner_approx[text[k]]
                k += 1
            if k < n and text[k] in t.halves:
                half = True
                k += 1
            um = self.unit_re.match(text, k)
            if um and t.units[um.group()].drops_ge:
                unit = t.units[um.group()]       # 9个小时 → 小时; 5个半小时 → 5.5 小时
                end = um.end()
                if inner:
                    approx.append(inner)
                if half:
                    extra += Decimal("0.5")
            else:
                unit = t.units.get(text[j]) or t.units.get("个")
                end = j + 1
        else:
            um = self.unit_re.match(text, j)
            if um:
                unit = t.units[self._word_unit(um.group(), j, words)]
                end = j + len(unit.surface)
            else:
                unit = self._tagged_classifier(text, j, words)
                end = j + len(unit.surface) if unit else end
        if unit is None:
            return _Tail(pos, "", "", extra, approx, False)
        unit_name, kind = unit.unit, unit.kind
        # money in several denominations: 123元1角1分, 十块三毛, 壹仟玖佰圆整
        if unit.surface in self.subunit_re or unit.surface in self.closer_re:
            k, money_extra, became_money = self._money_tail(text, end, unit.surface, masked)
            if became_money or k > end:
                extra += money_extra
                end = k
                if unit.surface in t.money_as:
                    unit_name, kind = t.money_as[unit.surface], "money"
        # 一年半, 三成半
        if end < n and text[end] in t.halves and t.kinds.get(kind, {}).get("half_after") == "yes":
            extra += Decimal("0.5")
            end += 1
        am = self.after_re.match(text, end)
        if am:
            approx.append(t.qualifier_words("after")[am.group()])
            end = am.end()
        return _Tail(end, unit_name, kind, extra, approx, True)

    def _money_tail(self, text: str, pos: int, main: str, masked) -> tuple[int, Decimal, bool]:
        extra = Decimal(0)
        k = pos
        matched = False
        sub_re = self.subunit_re.get(main)
        while sub_re is not None:
            q = k
            if q < len(text) and text[q] in "又零" and q + 1 < len(text) and text[q + 1] in self.numeral_chars:
                q += 1
            m = self.run_re.match(text, q)
            if not m or (masked is not None and masked(m.start(), m.end())):
                break
            sm = sub_re.match(text, m.end())
            if not sm:
                break
            reading = self.reader.read(text[m.start():m.end()])
            if reading is None:
                break
            extra += reading.value * self.t.money_subunits[main][sm.group()]
            k = sm.end()
            matched = True
        closer_re = self.closer_re.get(main)
        if closer_re is not None:
            cm = closer_re.match(text, k)
            if cm:
                k = cm.end()
                matched = True
        return k, extra, matched

    # ------------------------------------------------------------------ before the number
    def qualifier_before(self, text: str, start: int, floor: int) -> tuple[int, Optional[str]]:
        """(new start, approx) for a before-qualifier ending at `start` (one space allowed)."""
        k = start - 1 if start > floor and text[start - 1] == " " else start
        for n in self.before_lengths:
            if k - n >= floor:
                approx = self.before_approx.get(text[k - n:k])
                if approx is not None:
                    return k - n, approx
        return start, None

    def currency_before(self, text: str, start: int, floor: int) -> Optional[str]:
        k = start
        while k > floor and text[k - 1] == " ":
            k -= 1
        for word in self.currency_words:
            if k - len(word) >= floor and text.startswith(word, k - len(word)):
                return self.t.currency_words[word]
        return None

    # ------------------------------------------------------------------ ranges
    @staticmethod
    def range_values(low: NumberReading, high: NumberReading) -> Optional[tuple[Decimal, Decimal]]:
        """Both ends of an explicit range; the lower end inherits the upper end's magnitude
        when it has none of its own (十八至三十万 → 18万; 两~3百 → 200; 10~15k → 10k)."""
        if low.value_max is not None or high.value_max is not None:
            return None
        lo = low.value
        if not low.has_big_power:
            if not low.powers and low.lead_digits == 1 and high.digit_then_powers:
                mult = Decimal(1)
                for p in high.powers:
                    mult *= p
            else:
                mult = high.trailing_big
            if mult != 1 and lo * mult <= high.value:
                lo = lo * mult
        if lo >= high.value:
            return None
        return lo, high.value


class QuantityExtractor:
    """Finds quantities in a (normalised) string: `extractor(text) -> list[QuantityMatch]`."""

    def __init__(self, tables_dir: Union[str, Path, None] = None):
        self.tables = Tables.load(tables_dir)
        self.grammar = g = QuantityGrammar(self.tables)
        t = self.tables
        # ---- masks
        # Literals in one alternation. Regexes whose first character can be read off the
        # pattern are combined behind a look-ahead on those characters (one fast pass);
        # the rest (back-references, complex openings) keep a pass each.
        literals = word_alternation(t.not_quantity_literals)
        self.literal_re = re.compile(literals) if literals else None
        guarded, firsts, self.regexes = [], set(), []
        for p in t.not_quantity_regexes:
            first = _first_chars(p)
            if first is None or re.search(r"\\[1-9]", p):
                self.regexes.append(re.compile(p))
            else:
                guarded.append(f"(?:{p})")
                firsts.add(first)
        self.guarded_re = (re.compile("(?=" + "|".join(sorted(firsts)) + ")(?:" + "|".join(guarded) + ")")
                           if guarded else None)
        self.code_exempt_re = re.compile(r"\d+(?:\.\d+)?[" + re.escape("".join(t.latin_powers)) + "]")
        dm = t.date_markers
        cn_digits = "".join(c for c, v in t.digits.items() if c not in g.two_chars)
        cn_small = cn_digits + "".join(t.tens) + "".join(c for c, v in t.powers.items() if v == 10)
        num_small = rf"(?:\d{{1,2}}|[{re.escape(cn_small)}]{{1,3}})"
        year_num = rf"(?:\d{{4}}|[{re.escape(cn_digits)}]{{2,4}})"
        c = lambda role: "[" + re.escape("".join(m for m in dm.get(role, ()) if len(m) == 1)) + "]"
        alt = lambda role: word_alternation(dm.get(role, ()))
        minute = rf"(?: ?{num_small} ?{c('minute')}(?: ?{num_small} ?{c('second')})?)?"
        cn_digit_class = re.escape(cn_digits + "0123456789")
        # matched at each candidate's start only (not over the whole text): far cheaper
        self.date_re = re.compile(
            r"(?<![0-9.,])(?:"
            rf"{year_num} ?{c('year')}"                                           # 2022年, 二〇二二年
            rf"|{num_small} ?{c('month')}"                                       # 8月 (个月 never matches)
            rf"|{num_small} ?{c('day')}"                                         # 3日, 5号
            rf"|\d{{1,2}} ?(?:{c('hour')}){minute}(?:{alt('time_tail')})?"      # 20点30分, 4时30分
            rf"|{num_small} ?{self._hour_cn(dm)}(?![{cn_digit_class}]){minute}(?:{alt('time_tail')})?"
            ")")
        self.prefix_markers = dm.get("ordinal_prefix", set()) | dm.get("weekday_prefix", set())
        self.prefix_lengths = sorted({len(p) for p in self.prefix_markers}, reverse=True)
        # a run can only become a quantity if one of these follows it (unit, 个, range, 分之, %)
        self.follow_first = ({w[0] for w in t.units} | set(g.ge_chars) | {" ", "分"}
                             | {w[0] for w in t.qualifier_words("range")})
        # with tagged words the classifier table's measure words may follow too
        self.follow_first_tagged = self.follow_first | {w[0] for w in t.classifiers}
        self.bare_markers = set(c for c, v in t.powers.items() if v >= 10000) | set(t.latin_powers) | set(
            w for w in t.qualifier_words("inner") if len(w) == 1)
        self.finder = g.items
        self.chunker = NounChunker(t)

    @staticmethod
    def _hour_cn(dm) -> str:
        # Chinese numeral + 时 is a clock time; + 点 only when no digit follows (十五点八 is a decimal)
        return "[" + re.escape("".join(m for m in dm.get("hour", ()) if len(m) == 1)) + "]"

    # ------------------------------------------------------------------ masks
    def _mask(self, text: str) -> bytearray:
        mask = bytearray(len(text))

        def cover(s: int, e: int) -> None:
            mask[s:e] = b"\x01" * (e - s)

        if self.literal_re is not None:
            for m in self.literal_re.finditer(text):
                cover(*m.span())
        rxs = self.regexes if self.guarded_re is None else [self.guarded_re] + self.regexes
        for rx in rxs:
            for m in rx.finditer(text):
                if m.end() > m.start() and not self.code_exempt_re.fullmatch(m.group()):
                    cover(*m.span())
        return mask

    def _is_date_or_ordinal(self, text: str, s: int) -> bool:
        """8月3日, 2022年, 4时30分 start at s; 第一, 初三, 星期六, 周一 end just before it."""
        if self.date_re.match(text, s):
            return True
        k = s - 1 if s > 0 and text[s - 1] == " " else s
        for n in self.prefix_lengths:
            if k >= n and text[k - n:k] in self.prefix_markers:
                return True
        return False

    # ------------------------------------------------------------------ extraction
    def __call__(self, text: str, words: Optional[Sequence[Word]] = None) -> list[QuantityMatch]:
        """The quantities of `text`; with `words` (the tagged words of the text, (start, end,
        tag), as the entities stage sets doc._.words) items are noun-phrase chunks of them
        (chunker.py), without them the character-based item finder (items.py) reads them."""
        if not text:
            return []
        index = WordIndex(words) if words is not None else None
        folded = fold_width(text) if _FULLWIDTH_RE.search(text) else text
        mask = self._mask(folded)

        date_memo: dict[int, bool] = {}

        def masked(s: int, e: int) -> bool:
            if mask.find(1, s, e) != -1:
                return True
            hit = date_memo.get(s)
            if hit is None:
                hit = date_memo[s] = self._is_date_or_ordinal(folded, s)
            return hit

        out: list[QuantityMatch] = []
        floor = 0
        follow = self.follow_first if index is None else self.follow_first_tagged
        bare, n = self.bare_markers, len(folded)
        g = self.grammar
        for m in g.unsigned_run_re.finditer(folded):
            s, e = m.span()
            if s < floor:
                continue
            # a sign right before the run belongs to it (负3.9%, 零下4摄氏度, -22.2%)
            if s > floor and folded[s - 1] in g.sign_last_chars:
                s = g.sign_start(folded, s, floor)
            e = self.grammar.trim_run(folded, s, e)
            # cheap pre-filter: nothing that could make a quantity follows, and no magnitude word
            if (e >= n or folded[e] not in follow) and not bare.intersection(folded[s:e]) and folded[e - 1] not in \
                    self.grammar.power_values and not folded.startswith("分之", s - 2):
                continue
            q = self._at_run(text, folded, s, e, masked, floor, index)
            if q is not None:
                out.append(q)
                floor = q.end
        return out

    def _at_run(self, text: str, s_text: str, s: int, e: int, masked, floor: int,
                words: Optional[WordIndex] = None) -> Optional[QuantityMatch]:
        g = self.grammar
        t = self.tables
        e = g.trim_run(s_text, s, e)
        if e <= s or masked(s, e):
            return None
        after_fraction_mark = s_text.startswith("分之", s - 2) if s >= 2 else False
        if e - s == 1 and s_text[s] in t.not_standalone and not after_fraction_mark:
            return None
        # fractions: 三分之一 is a bare ratio, not a quantity; 百分之三十 is a percentage
        if s_text.startswith("分之", e):
            return None
        percent_unit = None
        start = s
        percent_scale = Decimal(1)
        if after_fraction_mark and s - 3 >= floor and s_text[s - 3] in g.power_values:
            # 百分之三十, 千分之2.4, 百万分之五: the denominator is powers only
            d = s - 3
            denominator = Decimal(1)
            # never reach back into the previous quantity (百分之十百分之五)
            while d >= floor and s_text[d] in g.power_values:
                denominator *= g.power_values[s_text[d]]
                d -= 1
            if d >= floor and s_text[d] in g.numeral_chars:
                return None                     # 五百分之二 is a fraction, not a percentage
            percent_unit = _PERCENT_UNITS.get(denominator)
            if percent_unit is None:            # 百万分之五 → 0.0005 %
                percent_unit, percent_scale = "%", Decimal(100) / denominator
            start = d + 1
        reading = g.read(s_text[s:e])
        if reading is None and percent_unit is not None and e - s == 1 and s_text[s] in g.power_values:
            reading = NumberReading(g.power_values[s_text[s]])       # 百分之百
        if reading is None:
            return None
        value, value_max = reading.value * percent_scale, reading.value_max
        approx_parts = [reading.approx]
        if percent_unit is not None:
            end = e
            am = g.after_re.match(s_text, end)
            if am:
                approx_parts.append(t.qualifier_words("after")[am.group()])
                end = am.end()
            unit, kind, has_unit = percent_unit, "percentage", True
        else:
            # explicit range with the unit after the second number: 10至15名, 两到三万港元
            rng = self._range_after(s_text, e, reading, masked)
            if rng is not None:
                value, value_max, tail = rng
                approx_parts.append("about")
            elif s_text.startswith(" ", e) and _starts_line(s_text, s):
                # "1　双龙湖街道　85": a row or item number set off by a space, not 1双
                return None
            else:
                tail = g.tail(s_text, e, masked, words)
                # a range that repeats the unit: 1万元--5万元
                if tail.has_unit:
                    rng2 = self._repeated_unit_range(s_text, tail, reading, masked)
                    if rng2 is not None:
                        value_max, tail = rng2
                        approx_parts.append("about")
            value = value + tail.extra
            approx_parts += tail.approx
            end, unit, kind, has_unit = tail.end, tail.unit, tail.kind, tail.has_unit
        if masked(e, end):
            return None
        if not has_unit:
            # no measure word: only a magnitude number (30万, 220多万) right before a noun
            if not (reading.has_big_power or reading.approx == "over") or reading.value_max is not None:
                return None
            if end >= len(s_text) or not is_cjk(s_text[end]) or masked(end, end + 1):
                return None
            item = self._right(s_text, end, None, words)
            if item is None:
                return None
        start, before = g.qualifier_before(s_text, start, floor)
        currency = g.currency_before(s_text, start, floor) if kind == "money" or not has_unit else None
        if currency and unit == "元":
            unit = currency
        approx = _combine_approx(before, approx_parts)
        item = self._item(s_text, start, end, kind, has_unit, floor, currency, unit, words)
        if kind in ("-", ""):
            kind = (self.finder.kind_of(s_text[item[0]:item[1]]) if item else None) or "other"
        elif item and unit in t.ambiguous_units:
            # 200床棉被: the kind of an ambiguous measure word follows the counted thing
            kind = self.finder.kind_of(s_text[item[0]:item[1]]) or "other"
        if value_max is not None and value_max < value:   # a bound added after the range was read
            value, value_max = value_max, value
        return QuantityMatch(start, end, text[start:end], plain_number(value), unit, approx, kind, item,
                             plain_number(value_max) if value_max is not None else None)

    def _range_after(self, text: str, e: int, low: NumberReading, masked):
        g = self.grammar
        rm = g.range_re.match(text, e)
        if not rm:
            return None
        m2 = g.run_re.match(text, rm.end())
        if not m2 or m2.start() != rm.end():
            return None
        e2 = g.trim_run(text, m2.start(), m2.end())
        if masked(m2.start(), e2) or text.startswith("分之", e2):
            return None
        high = g.read(text[m2.start():e2])
        if high is None:
            return None
        tail = g.tail(text, e2, masked)
        if not tail.has_unit:
            return None
        values = g.range_values(low, high)
        if values is None:
            return None
        lo, hi = values
        return lo, hi + tail.extra, tail

    def _repeated_unit_range(self, text: str, tail, low: NumberReading, masked):
        g = self.grammar
        rm = g.range_re.match(text, tail.end)
        if not rm or tail.approx:
            return None
        m2 = g.run_re.match(text, rm.end())
        if not m2:
            return None
        e2 = g.trim_run(text, m2.start(), m2.end())
        if masked(m2.start(), e2):
            return None
        high = g.read(text[m2.start():e2])
        tail2 = g.tail(text, e2, masked)
        if high is None or not tail2.has_unit or tail2.unit != tail.unit:
            return None
        if high.value + tail2.extra <= low.value + tail.extra:
            return None
        merged = _Tail(tail2.end, tail.unit, tail.kind, tail.extra, tail2.approx, True)
        return high.value + tail2.extra, merged

    def _item(self, text: str, start: int, end: int, kind: str, has_unit: bool, floor: int,
              currency: Optional[str], unit: str = "",
              words: Optional[WordIndex] = None) -> Optional[tuple[int, int]]:
        if has_unit:
            # 超过30万小时的有声书和视频资源: a measure phrase + 的 describes the noun after it
            if kind in _DE_MEASURE_KINDS and text.startswith("的", end):
                return self.finder.after_de(text, end + 1)
            info = self.tables.kinds.get(kind)
            if info is not None and info.get("find_item") != "yes":
                return None
            if unit in self.finder.verbal_units:
                return None                    # 送一次物资: 次 counts the sending, 物资 is its object
        own_kind = kind if has_unit and kind not in ("-", "") else None
        right = self._right(text, end, own_kind, words)
        if right is not None or not has_unit or currency:
            return right
        # The left noun (车辆25台) is the item only when the quantity closes its phrase:
        # in 商会一辆满载… the noun before 一辆 is the owner, not the thing counted.
        if end < len(text) and is_cjk(text[end]) and not self.finder.function_word_at(text, end):
            # 医护人员85名赶赴现场: a verb after the quantity also closes it, when the measure
            # word's own kind can be checked against the noun (not 商会|一辆满载…)
            if not (own_kind in self.finder.head_kinds and self.finder.verb_at(text, end)):
                return None
        left = self._left(text, start, own_kind, words)
        if left is not None and left[0] < floor:
            left = (floor, left[1]) if floor < left[1] else None
        return left


    def _same_kind(self, own_kind: Optional[str]):
        """The agreement test of a measure word with its own kind (名 → people) for
        coordinated nouns (一名公务员和党员); None for generic classifiers."""
        if own_kind is None or own_kind not in self.finder.head_kinds:
            return None
        return lambda item_text: self.finder.kind_of(item_text) == own_kind

    def _right(self, text: str, end: int, own_kind: Optional[str],
               words: Optional[WordIndex]) -> Optional[tuple[int, int]]:
        """The item after the quantity: a chunk of the tagged words when there are any."""
        if words is None:
            return self.finder.right(text, end, own_kind)
        item = self.chunker.right(words, text, end, self._same_kind(own_kind))
        if item is not None:
            # 30个镇街|核酸检测点: a division counted before another noun is the item
            division = self.finder._division(text, item[0], item[1])
            if division and (own_kind is None or self.finder.head_kind.get(text[end:division]) == own_kind):
                item = (end, division)
        return item

    def _left(self, text: str, start: int, own_kind: Optional[str],
              words: Optional[WordIndex]) -> Optional[tuple[int, int]]:
        """The item before the quantity: a chunk of the tagged words when there are any; a
        measure word with its own kind must not disagree with the noun's (点位78人次 → null)."""
        if words is None:
            return self.finder.left(text, start, own_kind)
        if any(text[max(0, start - len(w)):start] == w for w in self.finder.before_number):
            return None                        # 分3班, 连值三班: the number is the verb's object
        item = self.chunker.left(words, text, start, self._same_kind(own_kind))
        if item is not None and own_kind in self.finder.head_kinds:
            kind = self.finder.kind_of(text[item[0]:item[1]])
            if kind is not None and kind != own_kind:
                return None
        return item


# ---------------------------------------------------------------------- pure span parser

_DEFAULT_EXTRACTOR: Optional[QuantityExtractor] = None


def _starts_line(text: str, s: int) -> bool:
    k = s
    while k > 0 and text[k - 1] in " \t":
        k -= 1
    return k == 0 or text[k - 1] == "\n"


def default_extractor() -> QuantityExtractor:
    global _DEFAULT_EXTRACTOR
    if _DEFAULT_EXTRACTOR is None:
        _DEFAULT_EXTRACTOR = QuantityExtractor()
    return _DEFAULT_EXTRACTOR


def parse_quantity_full(s: str, extractor: Optional[QuantityExtractor] = None) -> Optional[QuantityMatch]:
    """Parse one quantity string (158余人, 约4.287亿美元, 港币两千九百六十元, 五百多) that must be
    read as a whole; a bare number gives unit "". Currency words before the number or
    after the amount (人民币) are accepted and left out, as in running text."""
    ex = extractor or default_extractor()
    g = ex.grammar
    text = fold_width(s.strip())
    text = re.sub(r"\s+", " ", text)
    # currency word after the amount: 数十亿元人民币, 8亿元人民币
    trailing_currency = None
    for word in g.currency_words:
        if text.endswith(word) and text[: -len(word)].rstrip().endswith(("元", "圆")):
            trailing_currency = g.t.currency_words[word]
            text = text[: -len(word)].rstrip()
            break
    # spaces inside numerals (一百 五 十 二) are layout noise: drop those between numeral characters
    text = re.sub(r"(?<=[^\sA-Za-z]) (?=[^\sA-Za-z])", lambda m: "", text) if " " in text else text
    masked = lambda a, b: False  # noqa: E731 (a single span: nothing to mask)
    m = g.run_re.search(text)
    while m is not None:
        s0 = m.start()
        prefix_ok = _prefix_ok(g, text[:s0])
        if prefix_ok:
            q = ex._at_run(text, text, s0, m.end(), masked, 0)
            if q is not None and q.end == len(text):
                return _with_currency(q, trailing_currency)
            if q is None:
                bare = _bare_number(g, text, s0)
                if bare is not None:
                    return _with_currency(bare, trailing_currency)
        m = g.run_re.search(text, m.end())
    return None


def _prefix_ok(g: QuantityGrammar, prefix: str) -> bool:
    """Only a range opener (从), a currency word, a before-qualifier and a percent mark
    (百分之) may precede the number: 从8500到3万港元, 港币两千九百六十元, 超过了百分之零点九."""
    rest = prefix.strip()
    for group in (g.t.qualifier_words("range_open"), g.currency_words, g.before_words):
        for word in sorted(group, key=len, reverse=True):
            if rest.startswith(word):
                rest = rest[len(word):].strip()
                break
    return not rest or (rest.endswith("分之") and all(c in g.power_values for c in rest[:-2]) and len(rest) > 2)


def _bare_number(g: QuantityGrammar, text: str, s0: int) -> Optional[QuantityMatch]:
    """A number with qualifiers but no unit (五百多, 超过了80): unit ""."""
    start, before = g.qualifier_before(text, s0, 0)
    if start != 0 and text[:start].strip():
        return None
    e = len(text)
    am = None
    for k in range(s0 + 1, len(text) + 1):
        tail = text[k:]
        am = g.after_re.fullmatch(tail) if tail else None
        if am or not tail:
            e = k
            break
    rm = g.range_re.search(text, s0, e)
    if rm:   # 20~100, 一到五: an explicit range with no unit
        m2 = g.run_re.match(text, rm.end())
        low, high = g.read(text[s0:rm.start()]), g.read(text[rm.end():e])
        if m2 is None or low is None or high is None:
            return None
        values = g.range_values(low, high)
        if values is None:
            return None
        return QuantityMatch(0, len(text), text, plain_number(values[0]), "", "about", "other", None,
                             plain_number(values[1]))
    reading = g.read(text[s0:e])
    if reading is None:
        return None
    parts = [reading.approx]
    if am:
        parts.append(g.t.qualifier_words("after")[am.group()])
    return QuantityMatch(0, len(text), text, plain_number(reading.value), "", _combine_approx(before, parts),
                         "other", None, plain_number(reading.value_max) if reading.value_max is not None else None)


def _with_currency(q: QuantityMatch, currency: Optional[str]) -> QuantityMatch:
    if currency and q.unit == "元" and currency != "元":
        return QuantityMatch(q.start, q.end, q.text, q.value, currency, q.approx, q.kind, q.item, q.value_max)
    return q


def parse_quantity(s: str) -> Optional[tuple[Number, str, str]]:
    """"158余人" → (158, "人", "over"); "36.76万元" → (367600, "元", "exact"); None if not one quantity."""
    q = parse_quantity_full(s)
    return None if q is None else (q.value, q.unit, q.approx)
