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
"""
from __future__ import annotations

from typing import Optional

from .tables import Tables

MAX_ITEM_CHARS = 12


def is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


MAX_BRACKETED_CHARS = 6


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
        for word, cls in tables.item_stopwords.items():
            target = self.verbs if cls == "verb" else self.function_words
            target.setdefault(len(word), set()).add(word)
        self.function_lengths = sorted(self.function_words, reverse=True)
        self.verb_lengths = sorted(self.verbs, reverse=True)
        self.head_kind = dict(tables.item_kinds)
        self.head_lengths = sorted({len(h) for h in self.head_kind}, reverse=True)

    # ------------------------------------------------------------------ word tests
    def function_word_at(self, text: str, j: int) -> bool:
        for n in self.function_lengths:
            if text[j:j + n] in self.function_words[n]:
                return True
        return False

    def _function_word_before(self, text: str, j: int) -> bool:
        for n in self.function_lengths:
            if j - n >= 0 and text[j - n:j] in self.function_words[n]:
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

    def _head_end(self, text: str, start: int, end: int) -> int:
        """Where the noun phrase in [start, end) ends by its heads, else 0: at the first head
        that a verb follows (党员|下沉社区), otherwise at the last head (镇街核酸检测点|工作)."""
        found = 0
        for k in range(start + 1, end + 1):
            if any(k - n >= start and text[k - n:k] in self.head_kind for n in self.head_lengths):
                found = k
                if self._verb_at(text, k, end):
                    return k
        return found

    # ------------------------------------------------------------------ the two sides
    def right(self, text: str, end: int) -> Optional[tuple[int, int]]:
        n = len(text)
        j = end
        bracketed = False
        while j < n and j - end < MAX_ITEM_CHARS:
            if self.function_word_at(text, j):
                break
            c = text[j]
            if is_cjk(c) or (c.isascii() and c.isalpha()):
                j += 1
                continue
            if c in "(（":
                # 16个村(社区), 17个镇（街道）: a bracketed alternative belongs to the noun
                close = _bracket_end(text, j)
                if close and j > end:
                    j, bracketed = close, True
                break
            if c.isascii() and c.isdigit():
                # 4G基站, 5G网络: digits glued to letters name a thing; other digits start a new number
                k = j
                while k < n and text[k].isascii() and text[k].isdigit():
                    k += 1
                if k < n and text[k].isascii() and text[k].isalpha():
                    j = k
                    continue
            break
        if j == end:
            return None
        if bracketed:                          # the bracket closes the noun phrase
            return None if self._verb_at(text, end, j) else (end, j)
        head_end = self._head_end(text, end, j)
        if self._verb_at(text, end, j) and not head_end:
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

    def left(self, text: str, start: int) -> Optional[tuple[int, int]]:
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
        while True:                            # 出动|一线保障人员: leading verbs are not the item
            n = self._verb_at(text, j, start)
            if not n:
                break
            j += n
        # 中心|准备|物资转运专用车辆: a verb right after a head noun (the subject) starts the item
        for p in range(start - 1, j, -1):
            n = self._verb_at(text, p, start)
            if n and self._head_end(text, j, p) == p:
                j = p + n
                break
        if j >= start or not any(is_cjk(ch) for ch in text[j:start]):
            return None
        return j, start

    def kind_of(self, item_text: str) -> Optional[str]:
        for n in self.head_lengths:
            if n <= len(item_text):
                kind = self.head_kind.get(item_text[-n:])
                if kind:
                    return kind
        return None
