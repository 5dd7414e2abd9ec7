"""The item finder: the noun phrase a quantity counts (guide §5 item).

Without word segmentation: read characters away from the quantity until punctuation,
a digit or a function word (models/quantities/item_stopwords.tsv), then trim the region
with two kinds of evidence from the tables:
* verbs mark the edge of a noun phrase: 累计出动|一线保障人员158余人 (cut leading verbs
  on the left), 一辆|满载200件 (a right region that starts with a verb is not an item
  unless it ends in a known head: 隔离点, 服务队);
* heads (item_kinds.tsv) end a noun phrase: 30个镇街核酸检测点工作 → 镇街核酸检测点.
Right side first (244条宽带 → 宽带); the left side (应急保障车辆25台 → 应急保障车辆) only
when the quantity closes its phrase — that choice is the caller's (extractor._item).

Further noun-phrase rules (item_stopwords.tsv classes besides function/verb):
* `word`: whole words that contain a function character (公共, 在职, 人才 — and every verb
  and head) hide it: 公共汽车, 在职党员干部, 3名人才 are not cut at 共/在/才;
* classifier agreement: a measure word with its own kind (名 → people, 辆 → vehicles)
  prefers the heads of that kind (900辆专车|保证群众) and joins coordinated nouns of that
  kind (一名公务员和党员, 186名党员干部、青年员工); a left item must agree (点位78人次 → null);
* `adjective` + 的 does not break the phrase (一种新的药用胶囊); a one-character conjunct
  shares the head (市、区级机关);
* a quoted name right after the measure word: the quote alone (191支“…小分队”) or, when a
  noun follows it, quote and noun (191支“特爱”小分队);
* `division` nouns (镇街, 房间) counted before another noun are the item (30个镇街|核酸检测点);
* `before_number` words (分, 值) right before the number: no left item (分3班, 连值三班).
"""
from __future__ import annotations

from typing import Optional

from .tables import Tables

MAX_ITEM_CHARS = 12


def is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


MAX_BRACKETED_CHARS = 6
MAX_QUOTED_CHARS = 20
OPEN_QUOTES = {"“": "”", "「": "」", "『": "』", "‘": "’"}
CONJUNCTIONS = ("、", "和", "与", "及", "以及")


def _quote_end(text: str, j: int) -> int:
    """End (exclusive, after the closing mark) of a short all-CJK quotation opening at j, else 0."""
    close = OPEN_QUOTES.get(text[j]) if j < len(text) else None
    if close is None:
        return 0
    for k in range(j + 1, min(len(text), j + 2 + MAX_QUOTED_CHARS)):
        if text[k] == close:
            return k + 1 if k > j + 1 else 0
        if not is_cjk(text[k]):
            return 0
    return 0


def _bracket_end(text: str, j: int) -> int:
    """End (exclusive) of a short all-CJK bracketed alternative opening at j, else 0."""
    for k in range(j + 1, min(len(text), j + 2 + MAX_BRACKETED_CHARS)):
        if text[k] in ")）":
            return k + 1 if k > j + 1 and all(is_cjk(ch) for ch in text[j + 1:k]) else 0
        if not is_cjk(text[k]):
            return 0
    return 0


class ItemFinder:
    def __init__(self, tables: Tables):
        self.function_words: dict[int, set[str]] = {}
        self.verbs: dict[int, set[str]] = {}
        by_class: dict[str, set[str]] = {}
        for word, cls in tables.item_stopwords.items():
            by_class.setdefault(cls, set()).add(word)
            if cls in ("verb", "function"):
                target = self.verbs if cls == "verb" else self.function_words
                target.setdefault(len(word), set()).add(word)
        self.function_lengths = sorted(self.function_words, reverse=True)
        self.verb_lengths = sorted(self.verbs, reverse=True)
        self.head_kind = dict(tables.item_kinds)
        self.head_lengths = sorted({len(h) for h in self.head_kind}, reverse=True)
        # kinds a measure word can agree with ("other" is everything else, not a class)
        self.head_kinds = set(self.head_kind.values()) - {"other"}
        self.adjectives = by_class.get("adjective", set())
        self.divisions = by_class.get("division", set())
        self.before_number = by_class.get("before_number", set())
        self.verbal_units = by_class.get("verbal_unit", set())
        # words that hide a function character inside them: 公共, 在职, 人才, 参与
        words = by_class.get("word", set()) | by_class.get("verb", set()) | set(self.head_kind)
        self.protectors: dict[int, set[str]] = {}
        for w in words:
            if len(w) > 1:
                self.protectors.setdefault(len(w), set()).add(w)
        self.numeral_chars = set(tables.digits) | set(tables.powers) | set(tables.vague) | set(tables.tens)

    # ------------------------------------------------------------------ word tests
    def _protected(self, text: str, a: int, b: int) -> bool:
        """Is text[a:b] inside a longer ordinary word (公|共|汽车, 在职, 人才)?"""
        for n, words in self.protectors.items():
            if n <= b - a:
                continue
            for ps in range(max(0, b - n), a + 1):
                if text[ps:ps + n] in words:
                    return True
        return False

    def function_word_len(self, text: str, j: int) -> int:
        for n in self.function_lengths:
            if text[j:j + n] in self.function_words[n] and not self._protected(text, j, j + n):
                return n
        return 0

    def function_word_at(self, text: str, j: int) -> bool:
        return self.function_word_len(text, j) > 0

    def _function_word_before(self, text: str, j: int) -> bool:
        for n in self.function_lengths:
            if j - n >= 0 and text[j - n:j] in self.function_words[n] and not self._protected(text, j - n, j):
                return True
        return False

    def _verb_at(self, text: str, j: int, limit: int) -> int:
        """Length of a verb starting at j (within limit), else 0."""
        for n in self.verb_lengths:
            if j + n <= limit and text[j:j + n] in self.verbs[n]:
                return n
        return 0

    def _ends_with_verb(self, text: str, start: int, end: int) -> bool:
        return any(end - n >= start and text[end - n:end] in self.verbs[n] for n in self.verb_lengths)

    def _head_ends(self, text: str, start: int, end: int) -> list[tuple[int, str, int]]:
        """(end, kind, start) of the longest listed head ending at each place inside [start, end)."""
        out = []
        for k in range(start + 1, end + 1):
            for n in self.head_lengths:
                if k - n >= start and text[k - n:k] in self.head_kind:
                    out.append((k, self.head_kind[text[k - n:k]], k - n))
                    break
        return out

    def _head_end(self, text: str, start: int, end: int, kind: Optional[str] = None) -> int:
        """Where the noun phrase in [start, end) ends by its heads, else 0: at the first head
        that a verb follows (党员|下沉社区), otherwise at the last head (镇街核酸检测点|工作).
        With the kind of a measure word (名 → people), only heads of that kind count when
        there are any (900辆专车|保证群众, 近8000名…机关下沉力量)."""
        heads = self._head_ends(text, start, end)
        if kind is not None and kind in self.head_kinds:
            agreeing = [h for h in heads if h[1] == kind]
            if agreeing:
                heads = agreeing
        for k, _, _ in heads:
            if self._verb_at(text, k, end):
                return k
        return heads[-1][0] if heads else 0

    def _word_at(self, text: str, j: int, words: set[str], limit: int) -> int:
        for n in sorted({len(w) for w in words}, reverse=True):
            if j + n <= limit and text[j:j + n] in words:
                return n
        return 0

    def _division(self, text: str, start: int, end: int) -> int:
        """30个镇街核酸检测点 → end of 镇街: a division noun first, another noun after it."""
        n = self._word_at(text, start, self.divisions, end)
        if not n:
            return 0
        longest_head = max((m for m in self.head_lengths
                            if start + m <= end and text[start:start + m] in self.head_kind), default=0)
        if longest_head > n:                   # 街道办事处, 村民: a longer word, not a division
            return 0
        k = start + n
        if k >= end or self._verb_at(text, k, end) or not self._head_ends(text, k, end):
            return 0
        return k

    # ------------------------------------------------------------------ the two sides
    def _scan_right(self, text: str, j: int, end: int) -> tuple[int, bool]:
        """Read noun characters from j; returns (stop, bracketed)."""
        n = len(text)
        while j < n and j - end < MAX_ITEM_CHARS:
            fn = self.function_word_len(text, j)
            if fn:
                # 一种新的药用胶囊: an adjective + 的 stays inside the noun phrase
                if text[j] == "的" and fn == 1 and text[end:j] in self.adjectives:
                    j += 1
                    continue
                break
            c = text[j]
            if is_cjk(c) or (c.isascii() and c.isalpha()):
                j += 1
                continue
            if c in "(（":
                # 16个村(社区), 17个镇（街道）: a bracketed alternative belongs to the noun
                close = _bracket_end(text, j)
                if close and j > end:
                    return close, True
                break
            if c == "、" and j == end + 1 and j + 1 < n and is_cjk(text[j + 1]) \
                    and text[j + 1] not in self.numeral_chars and not self.function_word_at(text, j + 1):
                j += 1                         # 市、区级机关: a one-character conjunct shares the head
                continue
            if c.isascii() and c.isdigit():
                # 4G基站, 5G网络: digits glued to letters name a thing; other digits start a new number
                k = j
                while k < n and text[k].isascii() and text[k].isdigit():
                    k += 1
                if k < n and text[k].isascii() and text[k].isalpha():
                    j = k
                    continue
            break
        return j, False

    def _right_one(self, text: str, end: int, kind: Optional[str]) -> Optional[tuple[int, int]]:
        n = len(text)
        j = end
        quoted = _quote_end(text, end)
        if quoted:
            # 191支“特爱”小分队 (quote + noun) or 191支“特殊群体…小分队” (the quoted name alone)
            if quoted < n and is_cjk(text[quoted]) and not self.function_word_at(text, quoted) \
                    and not self._verb_at(text, quoted, n):
                j = quoted
            else:
                return end + 1, quoted - 1
        j, bracketed = self._scan_right(text, j, end)
        if j == end:
            return None
        if bracketed:                          # the bracket closes the noun phrase
            return None if self._verb_at(text, end, j) else (end, j)
        division = self._division(text, end, j) if not quoted else 0
        if division and kind is not None and self.head_kind.get(text[end:division]) != kind:
            division = 0                       # 5名|社区工作人员: 名 counts people, not 社区
        if division:
            return end, division
        # 街道干部30人|分4组: the verb whose object is the next number is not the item
        if j < n and (text[j] in self.numeral_chars or text[j].isdigit()):
            for w in self.before_number:
                if j - len(w) >= end and text[j - len(w):j] == w:
                    j -= len(w)
                    break
            if j == end:
                return None
        head_end = self._head_end(text, end, j, kind)
        verb = self._verb_at(text, end, j)
        if verb and head_end and not any(k == head_end and h0 <= end + verb < k
                                         for k, _, h0 in self._head_ends(text, end, j)):
            head_end = 0                       # 40人|组成医疗队: verb + object, not 隔离点/服务站点
        if verb and not head_end:
            return None                        # 一辆|满载…, 20余人|连续战斗
        if head_end:
            j = head_end
        else:                                  # 志愿服务组织|参与: a verb that ends the region is not the item
            while j > end and self._ends_with_verb(text, end, j):
                n = max(k for k in self.verb_lengths if j - k >= end and text[j - k:j] in self.verbs[k])
                j -= n
        if j <= end or not any(is_cjk(ch) for ch in text[end:j]):
            return None
        return end, j

    def _conjunction_at(self, text: str, j: int) -> int:
        for c in sorted(CONJUNCTIONS, key=len, reverse=True):
            if text.startswith(c, j) and (c == "、" or not self._protected(text, j, j + len(c))):
                return len(c)
        return 0

    def right(self, text: str, end: int, kind: Optional[str] = None) -> Optional[tuple[int, int]]:
        """The item after the quantity; `kind` is the measure word's own kind (名 → people),
        None for generic classifiers (个 台 套)."""
        item = self._right_one(text, end, kind)
        if item is None or kind is None or kind not in self.head_kinds:
            return item
        # coordinated nouns counted together: 一名公务员和党员, 50余名女干部、女党员、女性居民
        s, e = item
        while e < len(text) and self.kind_of(text[s:e]) == kind:
            c = self._conjunction_at(text, e)
            if not c:
                break
            nxt = self._right_one(text, e + c, kind)
            if nxt is None or nxt[0] != e + c or self.kind_of(text[nxt[0]:nxt[1]]) != kind:
                break
            e = nxt[1]
        return s, e

    def after_de(self, text: str, j: int) -> Optional[tuple[int, int]]:
        """超过30万小时的有声书和视频资源: the noun phrase after a measure phrase + 的, when it
        closes the clause; coordination with 和/、 stays inside."""
        n = len(text)
        k = j
        while k < n and k - j < MAX_ITEM_CHARS:
            c = self._conjunction_at(text, k)
            if c and k > j:
                k += c
                continue
            if self.function_word_at(text, k) or not is_cjk(text[k]):
                break
            k += 1
        if k == j or (k < n and is_cjk(text[k])) or text[k - 1] in CONJUNCTIONS:
            return None                        # the clause goes on: not a bare noun phrase
        if self._verb_at(text, j, k) or self._ends_with_verb(text, j, k):
            return None
        return j, k

    def left(self, text: str, start: int, kind: Optional[str] = None) -> Optional[tuple[int, int]]:
        j = start
        while j > 0 and start - j < MAX_ITEM_CHARS:
            if self._function_word_before(text, j):
                break
            c = text[j - 1]
            if is_cjk(c) or (c.isascii() and c.isalpha()):
                j -= 1
                continue
            break
        if j == start or self._ends_with_verb(text, j, start):
            return None                        # 出动47人: the verb, not a noun, precedes the number
        if any(text[max(j, start - len(w)):start] == w for w in self.before_number):
            return None                        # 分3班, 连值三班: the number is the verb's object
        while True:                            # 出动|一线保障人员: leading verbs are not the item
            n = self._verb_at(text, j, start)
            if not n or any(m > n and text[j:j + m] in self.head_kind
                            for m in self.head_lengths if j + m <= start):
                break                          # 组建|服务队: a verb that begins a listed head stays
            if start - (j + n) < 2:
                break                          # 消毒液: a verb + one character is a compound noun
            j += n
        # 中心|准备|物资转运专用车辆: a verb right after a head noun (the subject) starts the item
        for p in range(start - 1, j, -1):
            n = self._verb_at(text, p, start)
            if n and self._head_end(text, j, p) == p:
                j = p + n
                break
        if j >= start or not any(is_cjk(ch) for ch in text[j:start]):
            return None
        if kind is None or kind not in self.head_kinds:
            return j, start
        # a measure word with its own kind agrees with its noun: 点位78人次 → no item
        if self.kind_of(text[j:start]) != kind:
            return None
        # coordinated nouns counted together: 医生、护士40人
        while j > 0:
            c = next((len(w) for w in sorted(CONJUNCTIONS, key=len, reverse=True)
                      if j - len(w) >= 0 and text[j - len(w):j] == w
                      and (w == "、" or not self._protected(text, j - len(w), j))), 0)
            prev = self.left(text, j - c, kind) if c else None
            if prev is None:
                break
            j = prev[0]
        return j, start

    def verb_at(self, text: str, j: int) -> bool:
        return self._verb_at(text, j, len(text)) > 0

    def kind_of(self, item_text: str) -> Optional[str]:
        for n in self.head_lengths:
            if n <= len(item_text):
                kind = self.head_kind.get(item_text[-n:])
                if kind:
                    return kind
        return None
