"""Reading a number string: Arabic, Chinese, financial and mixed numerals → a value.

Pure: a string in, a `NumberReading` (or None) out; no text positions, no units. The
characters and their roles come from models/quantities/numerals.tsv.

Grammar (what `read` accepts, whitespace ignored):
  number   := [sign] (percent | fraction | plain)
  percent  := 百分之 plain | 千分之 plain | 万分之 plain      → the plain value (30 for 百分之三十)
  fraction := plain 分之 plain | digits / digits | plain 又 fraction
  plain    := integer [point fraction-digits [powers]]   十五点八万 = 15.8 × 10^4
  integer  := a run of Arabic numbers, digits, powers, 廿/卅, 几/数 and the inner
              qualifiers 余/多/来, read with the stack rule below.
Approximate ranges (三四百, 五六, 二三十) read as the lower bound with approx "about"
and value_max = the upper bound (guide §7).
"""
from __future__ import annotations

import math

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Optional, Union

from ..lexicon_util import plain_number
from .tables import Tables

Number = Union[int, float]

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}
_FULLWIDTH.update({ord("．"): ord("."), ord("％"): ord("%"), ord("－"): ord("-"), ord("／"): ord("/"),
                   ord("＋"): ord("+")})
_FULLWIDTH.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})
_FULLWIDTH.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})
_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")
_ARABIC = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_WHITESPACE = re.compile(r"\s+")
_MIXED_FRACTION = re.compile(r"^\s*(\d+)\s+(\d+)/(\d+)\s*$")

# Two adjacent Chinese digits name an approximate range when the second is one more
# (三四百, 五六名); other pairs that do (三五百) are `pair` words in qualifiers.tsv.
_APPROX_PAIR_GAPS = {1}


def fold_width(text: str) -> str:
    """Full-width digits, letters and ．％－／ → ASCII, one character for one (offsets kept)."""
    return text.translate(_FULLWIDTH)


@dataclass(frozen=True)
class NumberReading:
    value: Decimal
    approx: str = "exact"                  # exact | over | about (from 余/多/来/几/数 or a digit pair)
    value_max: Optional[Decimal] = None    # upper bound of an approximate range (三四百 → 400)
    powers: tuple[Decimal, ...] = ()       # the powers written, in order (九百亿 → (100, 1e8))
    lead_digits: int = 0                   # digits before the first power (八 in 八百亿 → 1)
    has_big_power: bool = False            # 万/亿/兆/k/w: a magnitude word, never part of a code
    trailing_big: Decimal = Decimal(1)     # the big powers that end it (三十万 → 10^4): what the
    #                                        lower end of a range inherits (十八至三十万 → 180000)
    digit_then_powers: bool = False        # one digit + powers only (三百, 九百亿): 两~3百 → 200


class NumberReader:
    def __init__(self, tables: Tables):
        self.t = tables
        self.inner_approx = dict(tables.qualifier_words("inner"))
        self.extra_pairs = {(tables.digits[w[0]], tables.digits[w[1]]) for w in tables.qualifier_words("pair")}
        self.big = Decimal(10000)

    # ------------------------------------------------------------------ public
    def read(self, text: str, clean: bool = False) -> Optional[NumberReading]:
        """clean=True: `text` is already width-folded and has no whitespace (extractor runs).

        None when `text` is not a number, or is one no float can hold (the output's JSON
        numbers are doubles): such a token is dropped, never the document.
        """
        try:
            reading = self._read(text, clean)
        except (ArithmeticError, RecursionError):   # decimal.Overflow, InvalidOperation
            return None
        if reading is None or not (_fits(reading.value) and (reading.value_max is None or _fits(reading.value_max))):
            return None
        return reading

    def _read(self, text: str, clean: bool) -> Optional[NumberReading]:
        if clean:
            if text.isdigit() and text.isascii():       # the common case: 158, 2000
                return NumberReading(Decimal(text), lead_digits=1)
            s = text
        else:
            mixed = _MIXED_FRACTION.match(fold_width(text))
            if mixed:  # "1 3/5" = 1.6: the only place where whitespace separates two numbers
                whole, num, den = (Decimal(g) for g in mixed.groups())
                return NumberReading(whole + num / den) if den else None
            s = _WHITESPACE.sub("", fold_width(text))
        if not s:
            return None
        s = _THOUSANDS.sub("", s)
        sign = 1
        for mark in self.t.signs + ["-", "+"]:
            if s.startswith(mark) and len(s) > len(mark):
                sign = -1 if mark != "+" else 1
                s = s[len(mark):]
                break
        reading = self._read_unsigned(s)
        if reading is None:
            return None
        if sign < 0:  # the bounds swap: 负三四百 is -400 … -300
            if reading.value_max is not None:
                reading = replace(reading, value=-reading.value_max, value_max=-reading.value)
            else:
                reading = replace(reading, value=-reading.value)
        return reading

    # ------------------------------------------------------------------ forms
    def _read_unsigned(self, s: str) -> Optional[NumberReading]:
        # 百分之三十 → 30 (the unit % is the caller's business); 一百分之二 is a fraction.
        head = 0
        while head < len(s) and s[head] in self.t.powers:
            head += 1
        if head and s.startswith("分之", head):
            return self.read(s[head + 2:])
        if "又" in s:  # 三百五又三分之一 = 350 + 1/3
            whole, _, frac = s.partition("又")
            a, b = self._read_unsigned(whole), self._read_unsigned(frac)
            if a is None or b is None or b.value >= 1 or b.value < 0:
                return None
            return NumberReading(a.value + b.value, "exact")
        if "分之" in s:
            den, _, num = s.partition("分之")
            a, b = self.read(den), self.read(num)
            if a is None or b is None or a.value == 0:
                return None
            return NumberReading(b.value / a.value, "exact")
        if "/" in s:
            num, _, den = s.partition("/")
            if not (num.isdigit() and den.isdigit()) or int(den) == 0:
                return None
            return NumberReading(Decimal(num) / Decimal(den), "exact")
        return self._read_plain(s)

    def _tokens(self, s: str) -> Optional[list[tuple[str, object, str]]]:
        """Split into (kind, value, text) tokens; None when a character is not numeric."""
        t = self.t
        out: list[tuple[str, object, str]] = []
        i = 0
        while i < len(s):
            c = s[i]
            m = _ARABIC.match(s, i)
            if m:
                try:
                    out.append(("arabic", Decimal(m.group()), m.group()))
                except InvalidOperation:
                    return None
                i = m.end()
                continue
            if c in t.digits:
                out.append(("zero" if t.digits[c] == 0 else "digit", t.digits[c], c))
            elif c in t.powers:
                out.append(("power", t.powers[c], c))
            elif c in t.latin_powers:
                if not out or out[-1][0] not in ("arabic", "digit"):
                    return None
                out.append(("power", t.latin_powers[c], c))
            elif c in t.tens:
                out.append(("tens", t.tens[c], c))
            elif c in t.vague:
                out.append(("vague", 0, c))
            elif c in t.points:
                out.append(("point", 0, c))
            elif c in t.halves:
                out.append(("half", Decimal("0.5"), c))
            elif c in self.inner_approx:
                out.append(("approx", self.inner_approx[c], c))
            elif c in "个個" and i + 1 < len(s) and s[i + 1] in t.powers and t.powers[s[i + 1]] >= self.big:
                pass  # 两个亿, 一个亿: colloquial, the 个 carries nothing
            else:
                return None
            i += 1
        return out

    def _read_plain(self, s: str) -> Optional[NumberReading]:
        tokens = self._tokens(s)
        if not tokens:
            return None
        approx = "exact"
        approx_words = [v for k, v, _ in tokens if k == "approx"]
        if approx_words:
            approx = "about" if "about" in approx_words else approx_words[0]
        if any(k == "vague" for k, _, _ in tokens):
            approx = "about" if approx == "about" else "over"
        if tokens[0][0] in ("approx", "point"):
            return None
        core = [tok for tok in tokens if tok[0] != "approx"]
        shape = self._shape(core)
        # integer part | point | fraction digits + trailing powers
        if any(k == "point" for k, _, _ in core):
            p = next(i for i, tok in enumerate(core) if tok[0] == "point")
            int_part, rest = core[:p], core[p + 1:]
            frac_digits = ""
            j = 0
            while j < len(rest) and rest[j][0] in ("digit", "zero", "arabic"):
                if rest[j][0] == "arabic":
                    if "." in rest[j][2]:
                        return None
                    frac_digits += rest[j][2]
                else:                      # 两百点两 reads 两 as 2 (rare, harmless)
                    frac_digits += str(rest[j][1])
                j += 1
            trailing = rest[j:]
            if not frac_digits or any(k != "power" for k, _, _ in trailing) or not int_part:
                return None
            whole = self._read_integer(int_part)
            if whole is None:
                return None
            value = whole.value + Decimal("0." + frac_digits)
            powers = list(whole.powers)
            for _, pw, _ in trailing:
                value *= pw  # type: ignore[operator]
                powers.append(pw)  # type: ignore[arg-type]
            return NumberReading(value, approx, None, tuple(powers), whole.lead_digits,
                                 whole.has_big_power or any(pw >= self.big for _, pw, _ in trailing),  # type: ignore[operator]
                                 *shape)
        whole = self._read_integer(core)
        if whole is None:
            return None
        if whole.value_max is not None:         # 三四百: an approximate range
            approx = "about"
        return NumberReading(whole.value, approx, whole.value_max, whole.powers, whole.lead_digits,
                             whole.has_big_power or any(k == "power" and text in self.t.latin_powers for k, _, text in core),
                             *shape)

    def _shape(self, core: list[tuple[str, object, str]]) -> tuple[Decimal, bool]:
        """(trailing_big, digit_then_powers) of a token list; see NumberReading."""
        trailing_big = Decimal(1)
        for kind, value, text in reversed(core):
            if kind != "power" or not (value >= self.big or text in self.t.latin_powers):  # type: ignore[operator]
                break
            trailing_big *= value  # type: ignore[operator]
        digit_then_powers = (len(core) > 1 and core[0][0] in ("digit", "arabic")
                             and all(k == "power" for k, _, _ in core[1:]))
        return trailing_big, digit_then_powers

    def _read_integer(self, tokens: list[tuple[str, object, str]]) -> Optional[NumberReading]:
        if not tokens:
            return None
        kinds = [k for k, _, _ in tokens]
        powers = tuple(v for k, v, _ in tokens if k == "power")  # type: ignore[misc]
        lead = 0
        for k in kinds:
            if k == "power":
                break
            lead += 1
        has_big = any(p >= self.big for p in powers)
        # Only Chinese digits: a digit string (一二三 = 123, 二〇〇二) or an approximate pair (五六).
        if all(k in ("digit", "zero") for k in kinds):
            digits = [int(v) for _, v, _ in tokens]  # type: ignore[arg-type]
            if len(digits) == 1:
                return NumberReading(Decimal(digits[0]), lead_digits=1)
            if len(digits) == 2 and self._is_pair(digits[0], digits[1]):
                return NumberReading(Decimal(digits[0]), "about", Decimal(digits[1]), lead_digits=2)
            if any(text in "两兩俩倆" for _, _, text in tokens):
                return None
            return NumberReading(Decimal("".join(map(str, digits))), lead_digits=len(digits))
        # An approximate pair inside a larger number (三四百, 二三十, 十五六): read both ends.
        for i in range(len(tokens) - 1):
            if kinds[i] == "digit" and kinds[i + 1] == "digit":
                a, b = int(tokens[i][1]), int(tokens[i + 1][1])  # type: ignore[arg-type]
                if not self._is_pair(a, b):
                    return None
                low = self._stack_value(tokens[:i + 1] + tokens[i + 2:])
                high = self._stack_value(tokens[:i] + tokens[i + 1:])
                if low is None or high is None:
                    return None
                return NumberReading(low, "about", high, powers, lead, has_big)
        value = self._stack_value(tokens)
        if value is None:
            return None
        return NumberReading(value, "exact", None, powers, lead, has_big)

    def _is_pair(self, a: int, b: int) -> bool:
        return a >= 1 and ((b - a) in _APPROX_PAIR_GAPS or (a, b) in self.extra_pairs)

    def _stack_value(self, tokens: list[tuple[str, object, str]]) -> Optional[Decimal]:
        """The stack rule: a power multiplies every smaller value written since the last
        larger power (一千一百一十一万 = 1111 × 10^4; 一万五千亿 = 15000 × 10^8), so
        万亿, 千万亿 and 万万 compose without special cases.

        A final single digit right after 百/千/万/亿 (no 零 between) is an abbreviation of
        the next lower place: 一百二 = 120, 三万五 = 35000, 一百二十万三 = 1203000.
        """
        stack: list[Decimal] = []
        pending: Optional[Decimal] = None
        has_digit = False
        prev = ""            # kind of the previous token
        before_prev = ""
        last_power: Optional[Decimal] = None
        zero_since_power = False
        first_power_is_ten = tokens[0][0] == "power" and tokens[0][1] == 10
        for n, (kind, value, _text) in enumerate(tokens):
            if kind in ("digit", "arabic", "vague", "half"):
                if pending is not None:
                    return None
                if kind == "vague":
                    pending = Decimal(1) if n == 0 else Decimal(0)   # 数千 = 1000; 十几万 = 100000
                else:
                    pending = Decimal(value)  # type: ignore[arg-type]
                has_digit = True
            elif kind == "zero":
                if pending is not None:
                    return None
                zero_since_power = True
                has_digit = True
            elif kind == "tens":
                if pending is not None:
                    return None
                stack.append(Decimal(value))  # type: ignore[arg-type]
                has_digit = True
            elif kind == "power":
                p: Decimal = value  # type: ignore[assignment]
                total, popped = Decimal(0), False
                if pending is not None:
                    # the number written right before a power is always its multiplicand,
                    # whatever its size (12000万 = 12000 × 10^4, 100百 = 100 × 100)
                    total, popped, pending = pending, True, None
                while stack and stack[-1] < p:
                    total += stack.pop()
                    popped = True
                if popped:
                    stack.append(total * p)
                elif p >= self.big and prev == "power" and stack:
                    stack[-1] *= p                  # 十万万, 四万万
                else:
                    stack.append(p)                 # 十 = 10; 一百零十万's 十
                last_power = p
                zero_since_power = False
            else:
                return None
            before_prev, prev = prev, kind
        if not has_digit and not first_power_is_ten:
            return None                              # 万, 百, 千万: a word, not a number
        if pending is not None:
            if (prev == "digit" and before_prev == "power" and last_power is not None
                    and last_power >= 100 and not zero_since_power):
                pending *= last_power / 10
            stack.append(pending)
        return sum(stack, Decimal(0))


def _fits(value: Decimal) -> bool:
    try:
        return math.isfinite(float(value)) and abs(value) < Decimal("1e300")
    except (OverflowError, ArithmeticError):
        return False


_DEFAULT_READER: Optional[NumberReader] = None


def default_reader() -> NumberReader:
    global _DEFAULT_READER
    if _DEFAULT_READER is None:
        _DEFAULT_READER = NumberReader(Tables.load())
    return _DEFAULT_READER


def parse_number(s: str) -> Optional[Number]:
    """"1.6万" → 16000, "一万零十二" → 10012, "百分之三十" → 30, "三百余" → 300; None if not a number."""
    reading = default_reader().read(s)
    return None if reading is None else plain_number(reading.value)
