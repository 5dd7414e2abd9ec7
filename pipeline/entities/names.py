"""PER, ORG, GPE and LOC by rules: literal lists, name + suffix, and person contexts.

Every word list is a data file in models/entities/ (README there). The rules, in the
words of guide §4/§7 and annotations/DECISIONS.md:

* literals: the division gazetteer (GPE), well-known places (LOC), official short names
  (ORG: 区委, 党中央 …) and the trained rules file (exact strings seen in training gold);
* name + suffix: a run of words ending in a suffix of `suffixes.tsv` (合阳城街道, 爱尔眼科医院,
  人民广场, 北碚区疫情防控指挥部). The run's left edge is found on the word tokens: it
  stops at punctuation, digits, a stop word (name_stopwords.txt), and for divisions at
  the previous division (a chain 合阳城街道 + 渡岩社区 is two GPEs). A run made only of
  descriptive words (generic_modifiers.txt: 志愿服务队, 封控小区) is not a name;
  suffixes marked `anchor` also need a division, an org prefix (区 市 国家 …) or a
  trained entity in the run, because they end generic phrases too (工作专班, 高风险区);
  two organisations joined by a verb or conjunction are two names (区委宣传部联合|区市场监管局);
* persons: surname (surnames.txt) + one or two given-name characters next to a person
  cue (person_cues.tsv: 记者 X, 队员X, X说, X摄 …); after a byline/credit cue a delimited
  name may be a dictionary word or any 1-2 characters (记者 王明 摄, 通讯员 王一明摄).

Candidates overlap freely here; `recognizer.py` keeps the longest.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from ..lexicon_util import read_tsv, word_alternation
from .lexicon import NAME_LABELS, Rule, read_list
from .wordclass import FUNCTION_TAGS, VERB_TAGS, common_words, word_classes

HAN = re.compile(r"[\u3400-\u9fff]+")
OPEN_BRACKETS, CLOSE_BRACKETS = "(（", ")）"
OPEN_QUOTES, CLOSE_QUOTES = "“‘「『\"", "”’」』\""
# Longest name body (characters before the suffix) each label allows: divisions are
# short (合阳城, 南津街), organisations can chain a parent and a sub-unit.
MAX_BODY = {"GPE": 4, "ORG": 16, "LOC": 10}
# One character before a one-character place suffix inside a word: a road's direction
# (北街, 西路) is part of a name, anything else makes a word of the language (道路, 线路).
ROAD_DIRECTIONS = frozenset("东南西北中")
# Priorities break ties between equally long candidates (lower wins): a trained
# entity or a list entry beats a rule-made guess.
PRIORITY_RULES, PRIORITY_LIST, PRIORITY_SUFFIX, PRIORITY_PERSON = 0, 1, 2, 3


@dataclass(frozen=True)
class Suffix:
    text: str
    label: str
    needs_anchor: bool


class NameRules:
    def __init__(self, folder: Path, rules: Sequence[Rule] = ()):
        self.divisions = set(read_list(folder / "divisions.txt"))
        # the national gazetteer (generated from a pinned package, build_divisions.py); optional
        national = folder / "divisions_national.txt"
        self.divisions |= set(read_list(national)) if national.exists() else set()
        self.locations = set(read_list(folder / "locations.txt"))
        self.org_names = set(read_list(folder / "org_names.txt"))
        self.org_prefixes = tuple(sorted(read_list(folder / "org_prefixes.txt"), key=len, reverse=True))
        self.stopwords = set(read_list(folder / "name_stopwords.txt"))
        self.word_class = word_classes()
        self.non_name = frozenset(self.word_class)
        self.generic = set(read_list(folder / "generic_modifiers.txt"))
        self.surnames = set(read_list(folder / "surnames.txt"))
        self.given_stop = set(read_list(folder / "given_name_stopchars.txt"))
        # Words that make the word after them anaphoric (该公司, 本集团): its suffix is no name.
        self.anaphor_prefixes = tuple(read_list(folder / "anaphor_prefixes.txt"))
        restarts: dict[str, list[str]] = {}
        for r in read_tsv(folder / "level_restarts.tsv", ("end", "next")):
            restarts.setdefault(r["end"], []).append(r["next"])
        # X委X政府 is two organisations: a committee followed by a new level prefix.
        self.level_restart = re.compile("|".join(f"{re.escape(end)}(?=(?:{word_alternation(nexts)}))"
                                                 for end, nexts in sorted(restarts.items()))) if restarts else None
        rows = read_tsv(folder / "suffixes.tsv", ("suffix", "label", "needs"),
                        {"label": ("GPE", "ORG", "LOC"), "needs": ("name", "anchor")})
        self.suffixes = {r["suffix"]: Suffix(r["suffix"], r["label"], r["needs"] == "anchor") for r in rows}
        self.suffix_lengths = sorted({len(s) for s in self.suffixes}, reverse=True)
        self.org_suffix_last = {s[-1] for s, suf in self.suffixes.items() if suf.label == "ORG"}
        self.prefix_chars = {p[0] for p in self.org_prefixes}
        # Prefixes that are a division level (区 市 县 镇 …): 区疾控中心 is the district's body.
        self.level_prefixes = {p for p in self.org_prefixes if p in self.suffixes and self.suffixes[p].label == "GPE"}
        # Words around a name that make it a place (城市X, 在X, X附近): place_cues.tsv.
        rows = read_tsv(folder / "place_cues.tsv", ("cue", "position"), {"position": ("before", "after", "weak")})
        self.place_before = tuple(r["cue"] for r in rows if r["position"] == "before")
        self.place_weak = tuple(r["cue"] for r in rows if r["position"] == "weak")
        self.place_after = tuple(r["cue"] for r in rows if r["position"] == "after")
        # News sources (DECISIONS R-E10): X网/X日报/X在线 written as a source or dateline
        # (X网讯, 据X网消息, X网北京5月12日电, X新闻记者：): media_cues.tsv.
        rows = read_tsv(folder / "media_cues.tsv", ("cue", "position"), {"position": ("suffix", "after")})
        media_suffix = word_alternation(r["cue"] for r in rows if r["position"] == "suffix")
        media_after = word_alternation(r["cue"] for r in rows if r["position"] == "after")
        date = r"(?:[0-9０-９]{1,2}月[0-9０-９]{1,2}日)"
        self.media_name_end = re.compile(f"(?:{media_suffix})(?={media_after}$)") if media_suffix and media_after else None
        self.media = re.compile(rf"(?:^|(?<=[据《“\"（(、，。：:\s\-—]))(?P<name>[\u4e00-\u9fff]{{0,6}}(?:{media_suffix}))"
                                f"(?=(?:(?:[\u4e00-\u9fff]{{2,4}})?{date}(?:[\u4e00-\u9fff]{{2,4}})?)?(?:{media_after}))",
                                re.M) if media_suffix and media_after else None
        rows = read_tsv(folder / "person_cues.tsv", ("cue", "position"),
                        {"position": ("before", "after", "title", "byline", "credit")})
        # A title stands on either side of a name (书记 王明 / 王明书记). Byline and credit
        # cues (记者 X, X 摄) are strong: they are before/after cues whose name may also be
        # a dictionary word (记者 王明) or any surname + 1-2 characters (通讯员 王一明).
        side = {"title": ("before", "after"), "byline": ("before",), "credit": ("after",)}
        cues = [(r["cue"], p) for r in rows for p in side.get(r["position"], (r["position"],))]
        self.strong_cues = {r["cue"] for r in rows if r["position"] in ("byline", "credit")}
        # A "given name" that is a title or a role (王先生, 张经理, 李老师) is no given name.
        self.cue_words = {c for c, _ in cues}
        # Titles written before a name (总统 X, 书记 X): such a name needs no Chinese surname.
        self.titles_before = tuple(sorted({r["cue"] for r in rows if r["position"] == "title"}, key=len, reverse=True))
        # Common words that look like surname + given name (文章, 明确, 单位, 管理).
        self.common = common_words(frozenset(s[0] for s in self.surnames))

        # One literal table: pattern -> (label, priority); trained rules win over lists.
        self.literals: dict[str, tuple[str, int]] = {}
        for words, label in ((self.divisions, "GPE"), (self.locations, "LOC"), (self.org_names, "ORG")):
            for w in words:
                self.literals[w] = (label, PRIORITY_LIST)
        self.rule_strings: set[str] = set()
        for r in rules:
            if r.label in NAME_LABELS:
                self.literals[r.pattern] = (r.label, PRIORITY_RULES)
                self.rule_strings.add(r.pattern)
        # Overlapping matches (a lookahead at every position) so that 重庆 inside
        # 重庆市地产集团 is still seen as an anchor of the longer name.
        self.literal_re = re.compile("(?=(" + word_alternation(self.literals) + "))") if self.literals else None
        # One search for "does a trained name occur in this body" (not a loop over rules).
        self.rule_re = re.compile(word_alternation(self.rule_strings)) if self.rule_strings else None

        self.after_cue = re.compile(word_alternation(c for c, pos in cues if pos == "after"))
        # Where a byline run of names ends: the next byline cue or a credit/after cue (…通讯员, …摄).
        self.byline_stop = re.compile(word_alternation(
            {r["cue"] for r in rows if r["position"] in ("byline", "credit")} | {c for c, pos in cues if pos == "after"}))
        surname = word_alternation(self.surnames)
        before = word_alternation(c for c, pos in cues if pos == "before")
        after = word_alternation(c for c, pos in cues if pos == "after")
        given = r"[\u4e00-\u9fff]{1,2}"
        # 记者 王勤 / 美编 郑 典 / 文/杨光: cue, separators, surname, optional layout space, given name.
        self.person_before = re.compile(f"(?P<cue>{before})[ \u3000/：:]{{0,2}}(?P<name>(?:{surname})[ \u3000]?{given})")
        # 王勤说 / 杨光 摄: the name must start after a non-Han character (punctuation, space, line start).
        self.person_more = re.compile(f"[ \u3000]+(?P<name>(?:{surname}){given})(?=[ \u3000]|$)", re.M)
        self.person_after = re.compile(f"(?<![\u4e00-\u9fff])(?P<name>(?:{surname}){given})(?=[ \u3000]?(?P<cue>{after}))")

    # ------------------------------------------------------------ context checks

    def chinese_name_shape(self, name: str) -> bool:
        """Surname + one or two characters (王明, 欧阳娜娜): the shape of a Chinese name."""
        if name[:2] in self.surnames:
            return 3 <= len(name) <= 4
        return name[:1] in self.surnames and 2 <= len(name) <= 3

    def after_title(self, text: str, s: int) -> bool:
        """Is the name at `s` written right after a title (总统普京, 州长X)?"""
        return text.endswith(self.titles_before, 0, s)

    def in_place_context(self, text: str, s: int, e: int, strong_only: bool = False) -> bool:
        """Is text[s:e] written where a place is (城市X, 首都X, X附近, X南部)? Weak cues (在X,
        位于X, a division right before: 新西兰X) only count when `strong_only` is false: they
        also stand before Chinese names (在王明家)."""
        if text.endswith(self.place_before, 0, s) or text.startswith(self.place_after, e):
            return True
        if strong_only:
            return False
        if text.endswith(self.place_weak, 0, s):
            return True
        return any(text.endswith(d, 0, s) for d in self._divisions_ending_at(text, s))

    def _divisions_ending_at(self, text: str, s: int):
        """Division names of the gazetteer that end right at `s` (2-6 characters)."""
        return [text[s - n:s] for n in range(2, 7) if n <= s and text[s - n:s] in self.divisions]

    # ------------------------------------------------------------ candidates

    def __call__(self, text: str, tokens: Sequence[tuple[int, int]]) -> list[tuple[int, int, str, int]]:
        out: list[tuple[int, int, str, int]] = []
        literal_spans = self._literals(text, out, tokens)
        self._suffixed(text, tokens, literal_spans, out)
        self._persons(text, tokens, out)
        self._media(text, out)
        return out

    def media_name_length(self, name: str) -> int:
        """Length of `name` without a source word glued to a news source (厦门日报讯 → 4)."""
        m = self.media_name_end.search(name) if self.media_name_end is not None else None
        return m.end() if m else len(name)

    def _media(self, text: str, out: list) -> None:
        """News websites, papers and agencies named as a source or in a dateline (R-E10)."""
        if self.media is None:
            return
        for m in self.media.finditer(text):
            s, e = m.span("name")
            while s < e and (text[s] in self.stopwords or text[s:s + 2] in self.non_name):
                s += 1 if text[s] in self.stopwords else 2     # 据|新华社, 通过|…
            if e - s >= 2:
                out.append((s, e, "ORG", PRIORITY_SUFFIX))

    def _literals(self, text: str, out: list, tokens: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int, str]]:
        """Every list and trained-rule match is an anchor for the suffix rules; a place
        list match is a candidate only where it respects the word boundaries (武汉市 is
        not found in 武汉|市场, 融安 not in 中融|安保)."""
        spans = []
        if self.literal_re is None:
            return spans
        starts = {s for s, _ in tokens}
        ends = {e for _, e in tokens}
        for m in self.literal_re.finditer(text):
            word = m.group(1)
            if not word:
                continue
            label, priority = self.literals[word]
            s = m.start()
            spans.append((s, s + len(word), label))
            # (short official names such as 区政府 sit inside glued words: 区委区|政府)
            if label == "ORG" or priority == PRIORITY_RULES or not tokens or (s in starts and s + len(word) in ends):
                out.append((s, s + len(word), label, priority))
        return spans

    def _suffixed(self, text: str, tokens: Sequence[tuple[int, int]], literal_spans, out: list) -> None:
        starts = [s for s, _ in tokens]
        # Where a division/ORG literal starts or ends: anchors and chain boundaries.
        # Sorted, so "does an anchor start in [lo, hi)" is one bisect (see _any_between).
        anchor_starts = sorted({s for s, _, label in literal_spans if label in ("GPE", "ORG")})
        token_starts = set(starts)
        division_ends = {e for s, e, label in literal_spans if label == "GPE" and self._is_gpe_suffix_word(text[s:e])}
        # Suffixes end at word ends, and where an ORG literal ends (区委 inside the word 区委区).
        ends = sorted(set(tokens) | {(max(0, e - 1), e) for _, e, label in literal_spans if label == "ORG"})
        # The end of an organisation glued by the segmenter to a joining word before the
        # next name (区文化旅游委会同|区…, 宣传部联合区|…) is a suffix end too.
        ends += [(j - 1, j) for j in self._joint_points(text, anchor_starts)]
        found = []
        for ts, te in ends:
            if text[ts:te] in self.cue_words:
                continue   # a title word is no organisation's end: 宜昌市委|常委 (a person's title)
            for length in self.suffix_lengths:
                if te - length < 0:
                    continue
                suffix = self.suffixes.get(text[te - length:te])
                if suffix is not None:
                    found.append((te - length, te, suffix))
                    break  # longest suffix only
        # Divisions first: a named division made by a suffix rule (石桥铺街道, 民主社区)
        # anchors an organisation that contains it (石桥铺街道综合行政执法大队).
        gpe_starts = set()
        for body_end, te, suffix in found:
            if suffix.label == "GPE":
                span = self._body(text, tokens, starts, token_starts, body_end, suffix, anchor_starts, division_ends)
                if span is not None:
                    out.append((span, te, suffix.label, PRIORITY_SUFFIX))
                    gpe_starts.add(span)
        org_anchor_starts = sorted(set(anchor_starts) | gpe_starts)
        for body_end, te, suffix in found:
            if suffix.label != "GPE":
                span = self._body(text, tokens, starts, token_starts, body_end, suffix,
                                  org_anchor_starts if suffix.label == "ORG" else anchor_starts, division_ends)
                if span is not None:
                    out.append((span, te, suffix.label, PRIORITY_SUFFIX))

    def _body(self, text, tokens, starts, token_starts, body_end, suffix: Suffix, anchor_starts,
              division_ends) -> Optional[int]:
        """Start of the name before `body_end` (the suffix start), or None if there is no name."""
        label = suffix.label
        limit = MAX_BODY[label]
        # The token holding the suffix start, and the part of it before the suffix.
        k = bisect_right(starts, body_end) - 1
        if k >= 0 and tokens[k][0] == body_end:
            k -= 1     # the suffix is a word of its own: the name is in the words before it
        if k < 0:
            return None
        b = body_end
        clean = False          # the run stopped at a real edge (not at the length limit)
        chained = False        # a GPE run stopped at a previous division
        if tokens[k][0] < body_end:
            piece = text[tokens[k][0]:body_end]
            # A suffix inside a word: 斑竹村 is a name, 农村/城镇/乡村 are words.
            if label == "GPE" and len(piece) < 2:
                return None
            if label == "LOC" and len(suffix.text) == 1 and len(piece) < 2 and piece not in ROAD_DIRECTIONS:
                return None    # 道路, 线路: a one-character suffix inside a word (not 北|街 of 实兴北街)
            if not HAN.fullmatch(piece):
                return None
            if tokens[k][1] <= body_end and piece in self.stopwords:
                return None    # the word before the suffix is a stop word (有的|街道)
            b = tokens[k][0]
            if label == "GPE":
                clean = True
            k -= 1
        depth = 0
        while k >= 0 and not (label == "GPE" and clean):
            ts, te = tokens[k]
            word = text[ts:te]
            if te < b:
                clean = True   # a space or a kept line break: names do not cross it
                break
            if label in ("GPE", "LOC") and b in division_ends:
                chained = clean = True     # 兴庆区|丽景北街: a place after a division chain
                break
            if word in CLOSE_BRACKETS and label == "ORG":
                depth += 1
            elif word in OPEN_BRACKETS and depth:
                depth -= 1
            elif not HAN.fullmatch(word) or word in self.stopwords:
                clean = True
                break
            if label in ("GPE", "LOC") and self.suffixes.get(word[-2:], self.suffixes.get(word[-1:])) is not None \
                    and self._is_gpe_suffix_word(word):
                chained = clean = True
                break
            if label == "ORG" and b < body_end and b in token_starts and text.startswith(self.org_prefixes_at(text, b), b) \
                    and self._ends_with_org_suffix(word):
                clean = True
                break
            if body_end - ts > limit:
                break
            b = ts
            k -= 1
        else:
            clean = True
        if k < 0:
            clean = True
        if label == "GPE" and b in division_ends:
            chained = True
        body = text[b:body_end]
        if not body or depth:
            return None
        # An anaphoric parent is not part of the name: 该公司通信党支部 → 通信党支部.
        if label != "GPE" and b > 0 and text.endswith(self.anaphor_prefixes, 0, b):
            lead = next((n for n in self.suffix_lengths if len(body) > n and body[:n] in self.suffixes
                         and self.suffixes[body[:n]].label == "ORG"), None)
            if lead is not None:
                b += lead
                body = body[lead:]
        if label == "ORG" and self.level_restart is not None:
            # X委X政府 is two organisations (黔江区委 + 区政府): a body never runs over a
            # committee followed by a new level prefix, whatever the word tokens say.
            cut = self.level_restart.search(body)
            while cut:
                b += cut.end()
                body = body[cut.end():]
                cut = self.level_restart.search(body)
            if not body:
                return None
        if label == "ORG":
            # Two bodies joined by a verb or conjunction are two names, whatever the word
            # tokens say (区委宣传部联合|区市场监管局, 区文化旅游委会同区交通运输委).
            joint = self._joint_end(text, b, body_end, anchor_starts)
            while joint is not None:
                b = joint
                token_starts.add(b)   # the second name starts a word (联合|区…)
                body = text[b:body_end]
                joint = self._joint_end(text, b, body_end, anchor_starts)
            if not body:
                return None
        words = self._words(text, starts, tokens, b, body_end)
        # Leading descriptive words are not part of a name: 爱心企业重庆记忆食品有限公司.
        while len(words) > 1 and words[0] in self.generic and not self._prefix_at(body, b, token_starts):
            b += len(words[0])
            body = body[len(words[0]):]
            words = words[1:]
        # Leading verbs, pronouns, conjunctions … (协助|街道, 组织|小区, 纷纷|向|红十字会) are no name.
        while words and words[0] in self.non_name and not self._prefix_at(body, b, token_starts):
            b += len(words[0])
            body = body[len(words[0]):]
            words = words[1:]
        if not body:
            return None
        # A verb, preposition, conjunction, pronoun or adverb inside the run ends the name
        # (李明会见|光彩事业促进会, 定价由|出版社), unless a division, org prefix or trained
        # name before it anchors a longer name that really contains one (重庆市城镇排水事务中心,
        # 文明实践中心, 重庆某某物流有限公司).
        pos = b
        cut_at = None
        for w in words[:-1]:
            pos += len(w)
            tag = self.word_class.get(w)
            if (tag in FUNCTION_TAGS or tag in VERB_TAGS) \
                    and not self._anchored_before(text, b, pos - len(w), anchor_starts, token_starts):
                cut_at = pos
        if cut_at is not None:
            pos = cut_at
            words = self._words(text, starts, tokens, pos, body_end)
            body = text[pos:body_end]
            b = pos
        if not body:
            return None
        prefix = self._prefix_at(body, b, token_starts)
        rest = [w for w in words if w != prefix] if prefix else words
        if not rest:
            # 区红十字会, 区委宣传部: a level prefix before a self-contained body name.
            if not (prefix and len(suffix.text) >= 3 and label == "ORG"):
                return None
        elif all(w in self.generic for w in rest):
            # 区疾控中心, 市卫生服务中心: a division level written as its own word before
            # descriptive words names that level's own body; 疾控中心 alone does not, nor
            # does a descriptive team (区志愿服务队: DECISIONS, descriptive teams).
            if not (label == "ORG" and prefix in self.level_prefixes and words[0] == prefix
                    and suffix.text[-1] not in "队组"):
                return None
        if label == "GPE":
            if len(body) < 2:
                return None
            if suffix.needs_anchor and not chained:
                return None
            return b
        has_anchor = prefix is not None or _any_between(anchor_starts, b, body_end) \
            or self._has_rule_string(body) or self._names_a_place(body)
        if suffix.needs_anchor and not has_anchor:
            return None
        if not has_anchor and (not clean or len(body) < 2):
            return None
        return b

    def _joint_end(self, text: str, b: int, body_end: int, anchor_starts) -> Optional[int]:
        """Where the second name starts when text[b:body_end] is organisation + joining
        word (联合, 会同, 和, 配合 …) + a level prefix or a division: else None."""
        for p in range(b + 2, body_end - 1):
            if text[p - 1] not in self.org_suffix_last or not self._ends_with_org_suffix(text[b:p]):
                continue
            for n in (3, 2, 1):
                w = text[p:p + n]
                if len(w) < n or p + n >= body_end or not self._is_joiner(w):
                    continue
                q = p + n
                if _any_between(anchor_starts, q, q + 1) or self.org_prefixes_at(text, q) != "\0":
                    return q
        return None

    def _joint_points(self, text: str, anchor_starts) -> list[int]:
        """Ends p of an organisation suffix followed by a joining word and a level prefix
        or a division (…委|会同|区…)."""
        points = []
        anchors = set(anchor_starts)
        for q in range(3, len(text)):
            if not (text[q] in self.prefix_chars and self.org_prefixes_at(text, q) != "\0" or q in anchors):
                continue
            for n in (1, 2, 3):
                p = q - n
                if p >= 2 and text[p - 1] in self.org_suffix_last and self._is_joiner(text[p:q]) \
                        and self._ends_with_org_suffix(text[max(0, p - 8):p]):
                    points.append(p)
        return points

    def _is_joiner(self, w: str) -> bool:
        if w in self.org_prefixes:
            return False
        tag = self.word_class.get(w)
        return w in self.stopwords or tag in FUNCTION_TAGS or tag in VERB_TAGS

    def _anchored_before(self, text: str, b: int, limit: int, anchor_starts, token_starts) -> bool:
        """Does a division/ORG literal, an org prefix or a trained name start in text[b:limit]?"""
        if _any_between(anchor_starts, b, limit):
            return True
        if self._prefix_at(text[b:limit], b, token_starts):
            return True
        return self._has_rule_string(text[b:limit])

    def _has_rule_string(self, body: str) -> bool:
        return self.rule_re is not None and self.rule_re.search(body) is not None

    def _prefix_at(self, body: str, b: int, token_starts) -> Optional[str]:
        if b not in token_starts:
            return None
        return next((p for p in self.org_prefixes if body.startswith(p)), None)

    def org_prefixes_at(self, text: str, i: int) -> str:
        return next((p for p in self.org_prefixes if text.startswith(p, i)), "\0")

    def _ends_with_org_suffix(self, word: str) -> bool:
        return any(self.suffixes.get(word[-n:]) is not None and self.suffixes[word[-n:]].label == "ORG"
                   for n in self.suffix_lengths if len(word) >= n)

    def _names_a_place(self, body: str) -> bool:
        """正阳工业园区 (管委会): a body that is itself a named place anchors an organisation."""
        return any(self.suffixes.get(body[-n:]) is not None and self.suffixes[body[-n:]].label in ("GPE", "LOC")
                   and len(body) >= n + 2 for n in self.suffix_lengths)

    def _is_gpe_suffix_word(self, word: str) -> bool:
        for length in self.suffix_lengths:
            s = self.suffixes.get(word[-length:])
            if s is not None and s.label == "GPE" and len(word) > length:
                return True
        return False

    @staticmethod
    def _words(text, starts, tokens, b, e) -> list[str]:
        k = bisect_right(starts, b) - 1
        words = []
        while k < len(tokens) and tokens[k][0] < e:
            s, t = max(tokens[k][0], b), min(tokens[k][1], e)
            if s < t:
                words.append(text[s:t])
            k += 1
        return words

    def _persons(self, text: str, tokens, out: list) -> None:
        token_of = {s: e for s, e in tokens}
        ends = {e for _, e in tokens}
        spans = []
        for regex in (self.person_before, self.person_after):
            for m in regex.finditer(text):
                strong = m.group("cue") in self.strong_cues
                spans.append((*m.span("name"), strong))
                if regex is self.person_before and strong:
                    # 记者应洁曾嫣艳通讯员…, 实习生罗阳辉罗伊珊）, 记者杨晓囡、向菲）: a byline run of
                    # names written without spaces, or listed with 、.
                    out += [(a, b, "PER", PRIORITY_PERSON) for a, b in self._byline_run(text, m.start("name"))]
                if regex is self.person_before:
                    # 本报记者 刘一叶 韩毅 赵欣: more names after the first, separated by spaces.
                    pos = m.end("name")
                    while True:
                        more = self.person_more.match(text, pos)
                        if not more:
                            break
                        spans.append((*more.span("name"), strong))
                        pos = more.end("name")
        for s, e, strong in spans:
            if strong:
                # After a byline cue a visibly delimited name is taken as written, its
                # first given character included (通讯员 王一明摄, 记者 王明).
                e2 = self._byline_name_end(text, s, e)
                if e2 is not None and (not tokens or s in token_of):
                    out.append((s, e2, "PER", PRIORITY_PERSON))
                    continue
            name = text[s:e]
            # Cut the given name at a character that never belongs to one (王勤说 → 王勤).
            cut = len(name)
            for j in range(len(name) - 1, 0, -1):
                if name[j] in self.given_stop:
                    cut = j
            name = name[:cut].rstrip()
            given = name.replace(" ", "").replace("\u3000", "")
            if len(given) < 2:
                continue
            surname_len = 2 if given[:2] in self.surnames else 1
            if not self._plausible_name(given, surname_len):
                continue
            e = s + len(name)
            # The word segmenter splits surname and given name (PKU standard) or keeps
            # the name whole; a word that starts at the surname and runs on past it but
            # not to the name's end (全力|参与, 安心|居家) means this is no name.
            first = token_of.get(s)
            # A word running on past the name is fine when a name-ending character (说) was cut off.
            if tokens and (first is None or (s + surname_len < first < e)
                           or ((first > e or e not in ends) and text[e:e + 1] not in self.given_stop)):
                continue
            out.append((s, e, "PER", PRIORITY_PERSON))
        self._name_words(text, tokens, out)

    def _plausible_name(self, name: str, surname_len: int) -> bool:
        """surname + given name, where the given name is no role (先生, 经理), no function
        word or verb (曾|采访, 应|亲自), and the whole is no common word (文章, 单位)."""
        given = name[surname_len:]
        if not given or given in self.generic or given in self.stopwords or given in self.cue_words:
            return False
        if given in self.non_name or name in self.common:
            return False
        return True

    def _byline_name_end(self, text: str, s: int, e: int) -> Optional[int]:
        """End of a byline name text[s:e] (or of the name without its last given
        character, 王明摄 → 王明) that ends visibly and is plausible; None if neither is."""
        for end in (e, e - 1):
            name = text[s:end].rstrip()
            if len(name) < end - s:
                continue
            given = name.replace(" ", "").replace("\u3000", "")
            surname_len = 2 if given[:2] in self.surnames else 1
            if len(given) > surname_len and self._delimited(text, end) \
                    and self._plausible_byline_name(given, surname_len):
                return end
        return None

    def _byline_run(self, text: str, s: int) -> list[tuple[int, int]]:
        """The names of a byline run starting at `s`: the characters up to a visible end
        (punctuation, space, line end) or the next byline or credit cue, cut into names of
        a surname + 1-2 characters when exactly one such cut exists (罗阳辉|罗伊珊, 应洁|曾嫣艳;
        a 2+2+2 cut loses to 3+3: fewest names). A 、 continues the list (杨晓囡、向菲)."""
        out: list[tuple[int, int]] = []
        while True:
            p = s
            while p < len(text) and HAN.match(text, p) and (p - s < 2 or not self.byline_stop.match(text, p)):
                p += 1
            if not 2 <= p - s <= 12:
                return out
            cut = self._cut_names(text, s, p)
            if cut is None:
                return out
            out += cut
            if not (p + 1 < len(text) and text[p] == "、"):
                return out
            s = p + 1

    def _cut_names(self, text: str, s: int, p: int) -> Optional[list[tuple[int, int]]]:
        """The one cut of text[s:p] into fewest plausible names (surname + 1-2), or None."""
        best: dict[int, list[list[tuple[int, int]]]] = {s: [[]]}
        for i in range(s, p):
            for ways in [best.get(i)]:
                if not ways:
                    continue
                for n in (2, 3, 4):
                    j = i + n
                    name = text[i:j]
                    if j > p:
                        break
                    surname_len = 2 if name[:2] in self.surnames else 1
                    if name[:surname_len] not in self.surnames or not 1 <= n - surname_len <= 2 \
                            or not self._plausible_byline_name(name, surname_len):
                        continue
                    best.setdefault(j, []).extend(w + [(i, j)] for w in ways)
        ways = best.get(p, [])
        if not ways:
            return None
        fewest = min(len(w) for w in ways)
        ways = [w for w in ways if len(w) == fewest]
        return ways[0] if len(ways) == 1 else None

    def _delimited(self, text: str, e: int) -> bool:
        """Does a name ending at `e` end visibly: text end, a space or punctuation, or an
        after-cue (摄, 说, 表示)? Then a byline name needs no dictionary check."""
        return e >= len(text) or not HAN.match(text, e) or self.after_cue.match(text, e) is not None

    def _plausible_byline_name(self, name: str, surname_len: int) -> bool:
        """A name after a byline cue (记者 王明 摄, 通讯员 王一明摄): any surname + 1-2
        characters, unless the given part (or the whole) is a function word or verb, a role
        or a descriptive word, or the given name is one function character (记者 向他)."""
        given = name[surname_len:]
        if not given or given in self.generic or given in self.stopwords or given in self.cue_words:
            return False
        if given in self.non_name or name in self.non_name or given[-1] in self.given_stop:
            return False
        return True

    def _name_words(self, text: str, tokens, out: list) -> None:
        """A word the segmenter keeps whole that is shaped like a Chinese name (surname +
        two given-name characters, 王小明) and is no dictionary word is a PER
        without a cue: segmenters join a name into one word and split other surname-initial
        strings into the words they know."""
        for s, e in tokens:
            n = e - s
            if n < 2 or n > 4:
                continue
            word = text[s:e]
            if not HAN.fullmatch(word):
                continue
            # A word in quotes is a shop, brand or nickname (“陈蹄花”), not a person's name.
            if s > 0 and e < len(text) and text[s - 1] in OPEN_QUOTES and text[e] in CLOSE_QUOTES:
                continue
            surname_len = 2 if n == 4 and word[:2] in self.surnames else 1
            if word[:surname_len] not in self.surnames:
                continue
            # Two given-name characters without a cue; surname + one character only right
            # before a title or speech verb (李明书记, 王勤说): alone it is as often a domain
            # word the segmenter does not know (施策, 安监) as a name.
            if n - surname_len == 1:
                if not self.after_cue.match(text, e):
                    continue
            elif n - surname_len != 2:
                continue
            # 常态|化, 安全|组: a word of the language plus a character is a derived word.
            elif word[:surname_len + 1] in self.common:
                continue
            else:
                # 李明书|记: the segmenter glued the first character of a title or speech
                # verb to the name; the name ends before it.
                cue = self.after_cue.match(text, e - 1)
                if cue and cue.end() > e:
                    e -= 1
                    word = word[:-1]
            if any(ch in self.given_stop for ch in word[surname_len:]):
                continue
            if not self._plausible_name(word, surname_len) or word in self.literals:
                continue
            if self.in_place_context(text, s, e, strong_only=True):
                continue   # 中部城市麦德林: a foreign place shaped like a name
            out.append((s, e, "PER", PRIORITY_PERSON))


def _any_between(sorted_positions: Sequence[int], lo: int, hi: int) -> bool:
    """Is there a position p with lo <= p < hi?"""
    i = bisect_left(sorted_positions, lo)
    return i < len(sorted_positions) and sorted_positions[i] < hi
