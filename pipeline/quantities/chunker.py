"""The item as a noun-phrase chunk over tagged words (guide §5 item, DECISIONS → Item).

The item finder of items.py reads characters and bounds the phrase with word lists; when
the entities stage has tagged the text (`doc._.words`: LAC words with parts of speech)
the phrase is read from word boundaries and tags instead:

* a word's tag gives its role in a noun phrase (models/quantities/item_pos.tsv): `noun`
  words (n nz nw vn an …) are heads and modifiers, `modifier` words (a s …) only modify,
  `name` words (PER ORG LOC) modify on the right (3名中国工人) but are a clause's subject
  or place on the left (R-Q6: 其中沈阳市1例 → null), every other tag ends the phrase;
* verbs and predicates never enter an item, except the attributive verbs of
  item_words.tsv written directly before a noun (确诊病例, 治愈出院病例: R-Q6); the
  reporting words of R-Q6 (新增 累计 报告 现有) end it whatever their tag (LAC tags 报告
  and 新增 n or vn too: 累计报告|确诊病例576例); a severity word is the item
  before a count (重伤3人) and a predicate after it (8人重伤 → null);
* a right-hand noun followed by an adjective predicate is the subject of a new clause,
  not the thing counted (3人|伤情平稳, 两车|车身受损);
* 的 stays inside after an adjective (一种新的药用胶囊) and, on the left, between two nouns
  (新型冠状病毒感染的肺炎确诊病例); a short bracketed alternative belongs to the noun
  (村(社区), 市（州）); coordinated nouns of the measure word's kind form one item
  (50余名女干部、女党员、女性居民) — the agreement is the caller's `same_kind` test;
* the phrase ends at its last noun: trailing adjectives and verbs are predicates
  (10例病情危重, 14人受伤).

Words are (start, end, tag) in the offsets of the text the quantities are read from,
indexed once per text (WordIndex).
"""
from __future__ import annotations

import bisect
from typing import Callable, Optional, Sequence

from .tables import Tables

Word = tuple[int, int, str]
MAX_CHUNK_CHARS = 24          # 境外输入性新型冠状病毒肺炎确诊病例 is 17
MAX_BRACKET_CHARS = 6
OPEN_BRACKETS = {"(": ")", "（": "）"}
PREDICATE_TAGS = {"a"}     # 伤情/平稳: an adjective after the noun predicates it
OPEN_QUOTES = {"“": "”", "「": "」", "『": "』", "‘": "’"}
COORDINATORS = {"、", "和", "与", "及", "以及"}


class WordIndex:
    """The tagged words of one text, indexed once per text (bisect on their starts)."""

    def __init__(self, words: Sequence[Word]):
        self.words = list(words)
        self.starts = [w[0] for w in self.words]

    def inside(self, pos: int) -> bool:
        """Does a word straddle `pos` (start < pos < end)?"""
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and self.words[i][0] < pos < self.words[i][1]

    def covering(self, start: int, end: int) -> Optional[Word]:
        """The word that covers [start, end) exactly or from inside, else None."""
        i = bisect.bisect_right(self.starts, start) - 1
        if i >= 0 and self.words[i][0] <= start and end <= self.words[i][1]:
            return self.words[i]
        return None


class NounChunker:
    """Left and right noun-phrase chunks next to a quantity, over tagged words."""

    def __init__(self, tables: Tables):
        self.role = dict(tables.item_pos)
        self.word_role = dict(tables.item_words)

    # ------------------------------------------------------------------ words
    @staticmethod
    def words_from(index: WordIndex, pos: int, step: int, limit: int) -> list[Word]:
        """The words on one side of `pos` (step +1: right, -1: left), nearest first, up to
        `limit` characters away. A word that straddles `pos` is cut there (its outer part
        keeps its tag): the quantity's own offsets are the word boundary."""
        words, out = index.words, []
        i = bisect.bisect_left(index.starts, pos)
        if step > 0:
            if i > 0 and words[i - 1][1] > pos:
                out.append((pos, words[i - 1][1], words[i - 1][2]))
            while i < len(words) and words[i][0] < pos + limit:
                out.append(words[i])
                i += 1
        else:
            i -= 1
            if i >= 0 and words[i][1] > pos:
                out.append((words[i][0], pos, words[i][2]))
                i -= 1
            while i >= 0 and words[i][1] > pos - limit:
                out.append(words[i])
                i -= 1
        return out

    def role_of(self, word: Word, text: str) -> str:
        """noun | modifier | name | de | coord | open | attributive | reporting | severity | stop."""
        s, e, tag = word
        w = text[s:e]
        if w == "的":
            return "de"
        if w in COORDINATORS:
            return "coord"
        if w in OPEN_BRACKETS or w in OPEN_QUOTES:
            return "open"
        if w in self.word_role:
            return self.word_role[w]
        return self.role.get(tag, "stop")

    # ------------------------------------------------------------------ right
    def right(self, words: WordIndex, text: str, end: int,
              same_kind: Optional[Callable[[str], bool]] = None) -> Optional[tuple[int, int]]:
        """The noun phrase that starts right after the quantity (244条宽带 → 宽带), or None
        when what follows is not one (一辆|满载…, 14人|受伤)."""
        ws = self.words_from(words, end, +1, MAX_CHUNK_CHARS)
        if not ws or text[end:ws[0][0]].strip(" "):
            return None                            # 确诊病例 10例: one space from the layout
        end = ws[0][0]
        item = self._right_chunk(ws, 0, text)
        if item is None:
            return None
        k, head_end = item
        if self._predicated(ws, k, head_end, text):
            return None
        # coordinated nouns counted together: 一名公务员和党员, 50余名女干部、女党员、女性居民
        while same_kind is not None and same_kind(text[end:head_end]):
            if k >= len(ws) or ws[k][0] != head_end or self.role_of(ws[k], text) != "coord":
                break
            nxt = self._right_chunk(ws, k + 1, text)
            if nxt is None or not same_kind(text[ws[k + 1][0]:nxt[1]]):
                break
            k, head_end = nxt
        return end, head_end

    def _predicated(self, ws: Sequence[Word], k: int, head_end: int, text: str) -> bool:
        """Is the right-hand chunk ending at head_end a clause of its own: a severity word
        (8人重伤) or a noun with an adjective predicate after it (3人伤情平稳)?"""
        last = next(w for w in reversed(ws[:k]) if w[1] == head_end)
        if self.role_of(last, text) == "severity":
            return True
        if k < len(ws) and ws[k][0] == head_end and ws[k][2] in PREDICATE_TAGS:
            after = self.role_of(ws[k + 1], text) if k + 1 < len(ws) else "stop"
            return after not in ("noun", "de")
        return False

    def _right_chunk(self, ws: Sequence[Word], i: int, text: str) -> Optional[tuple[int, int]]:
        """(index after the chunk, end of its last noun) of the chunk starting at ws[i]."""
        head_end = 0
        only_adjectives = True
        k = i
        while k < len(ws):
            w = ws[k]
            if k > i and w[0] != ws[k - 1][1]:
                break                              # a space or a gap in the words ends the phrase
            role = self.role_of(w, text)
            nxt = self.role_of(ws[k + 1], text) if k + 1 < len(ws) else "stop"
            if role in ("noun", "name", "severity"):
                head_end = w[1]
                only_adjectives = False
            elif role == "modifier" or (role == "attributive" and nxt in ("noun", "modifier", "attributive")):
                pass
            elif role == "de" and k > i and only_adjectives and nxt in ("noun", "modifier"):
                pass                               # 一种新的药用胶囊
            elif role == "open" and k > i and head_end == w[0]:
                close = _closing(ws, k, text)
                if close is None:
                    break
                k = close
                head_end = ws[k - 1][1]            # 16个村(社区): the bracket ends the phrase
                break
            elif role == "open" and k == i and text[w[0]:w[1]] in OPEN_QUOTES:
                close = _closing(ws, k, text)      # 191支“特爱”小分队, 191支“…小分队”
                if close is None:
                    break
                head_end = ws[close - 1][1]
                k = close
                only_adjectives = False
                continue
            else:
                break
            k += 1
        if not head_end:
            return None
        while k > i and ws[k - 1][1] > head_end:
            k -= 1
        return k, head_end

    # ------------------------------------------------------------------ left
    def left(self, words: WordIndex, text: str, start: int,
             same_kind: Optional[Callable[[str], bool]] = None) -> Optional[tuple[int, int]]:
        """The noun phrase that ends right before the quantity (应急保障车辆25台 → 应急保障车辆),
        or None when a verb, a name or punctuation precedes the number (出动47人)."""
        ws = self.words_from(words, start, -1, MAX_CHUNK_CHARS)
        if not ws or text[ws[0][1]:start].strip(" "):
            return None
        start = ws[0][1]
        item = self._left_chunk(ws, 0, text)
        if item is None:
            return None
        k, item_start = item
        # coordinated nouns counted together: 医生、护士40人
        while same_kind is not None:
            if k >= len(ws) or ws[k][1] != item_start or self.role_of(ws[k], text) != "coord":
                break
            prev = self._left_chunk(ws, k + 1, text)
            if prev is None or not same_kind(text[prev[1]:ws[k][0]]):
                break
            k, item_start = prev
        return item_start, start

    def _left_chunk(self, ws: Sequence[Word], i: int, text: str) -> Optional[tuple[int, int]]:
        """(index after the chunk, its start) of the chunk ending at ws[i] (nearest first)."""
        w = ws[i] if i < len(ws) else None
        if w is None:
            return None
        role = self.role_of(w, text)
        if role == "close" or text[w[0]:w[1]] in (")", "）"):
            opened = _opening(ws, i, text)         # 市（州）3个: the noun before the bracket
            if opened is None or opened >= len(ws) or self.role_of(ws[opened], text) != "noun":
                return None
            i = opened
            role = "noun"
        if role not in ("noun", "modifier", "severity"):
            return None                            # 出动47人, 其中沈阳市1例, 10例|
        k = i + 1
        while k < len(ws):
            if ws[k][1] != ws[k - 1][0]:
                break                              # a space or a gap in the words ends the phrase
            role = self.role_of(ws[k], text)
            before = self.role_of(ws[k + 1], text) if k + 1 < len(ws) else "stop"
            if role in ("noun", "modifier", "attributive", "severity"):
                pass
            elif role == "de" and before == "noun" and self.role_of(ws[k - 1], text) == "noun":
                pass                               # 新型冠状病毒感染的肺炎确诊病例
            else:
                break
            k += 1
        while k > i + 1 and self.role_of(ws[k - 1], text) == "de":
            k -= 1
        item_start = ws[k - 1][0]
        return k, item_start


def _closing(ws: Sequence[Word], k: int, text: str) -> Optional[int]:
    """Index after the word that closes the bracket or quote opening at ws[k], when the
    enclosed words are short and all Chinese; else None."""
    opener = text[ws[k][0]:ws[k][1]]
    close = OPEN_BRACKETS.get(opener) or OPEN_QUOTES.get(opener)
    limit = MAX_BRACKET_CHARS if opener in OPEN_BRACKETS else 20
    j = k + 1
    while j < len(ws) and ws[j][0] - ws[k][1] <= limit:
        if text[ws[j][0]:ws[j][1]] == close:
            return j + 1 if j > k + 1 and all(_cjk(text[ws[m][0]:ws[m][1]]) for m in range(k + 1, j)) else None
        j += 1
    return None


def _opening(ws: Sequence[Word], k: int, text: str) -> Optional[int]:
    """Going left from the closing bracket ws[k]: the index of the word before its opening
    bracket, when the bracket holds a short all-Chinese alternative."""
    j = k + 1
    while j < len(ws) and ws[k][0] - ws[j][1] <= MAX_BRACKET_CHARS:
        if text[ws[j][0]:ws[j][1]] in OPEN_BRACKETS:
            ok = j > k + 1 and all(_cjk(text[ws[m][0]:ws[m][1]]) for m in range(k + 1, j))
            return j + 1 if ok else None
        j += 1
    return None


def _cjk(s: str) -> bool:
    return bool(s) and all("\u4e00" <= c <= "\u9fff" for c in s)
