"""The entity recogniser: DATE/TIME grammar + name rules, resolved to non-overlapping spans.

Guide §4: annotate the longest name, no nested entities. Candidates from every rule are
pooled, exact strings of `not_entities.txt` dropped, then taken longest first (ties:
trained rules, then lists, then rule-made guesses, then the earlier span), skipping any
that overlaps one already taken.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional, Sequence

from .datetime import DateTimeGrammar
from .lexicon import Rule, read_list, read_rules
from .names import NameRules

PRIORITY_DATETIME = 1
PRIORITY_BACKBONE = 4   # below trained rules (0), lists (1), suffix rules (2) and person rules (3)
# the backbone labels taken by default (its LOC only where it names a division: GPE), chosen
# on the real corpus's development folds; pipeline/default.cfg says the same
BACKBONE_LABELS = ("PER", "ORG", "GPE")


class EntityRecognizer:
    def __init__(self, folder: Path, rules_path: Optional[Path] = None, labels: Optional[Iterable[str]] = None,
                 backbone=None, backbone_labels: Iterable[str] = BACKBONE_LABELS):
        rules: Sequence[Rule] = read_rules(rules_path) if rules_path is not None else ()
        self.datetime = DateTimeGrammar(folder / "datetime.json")
        self.names = NameRules(folder, rules)
        self.not_entities = set(read_list(folder / "not_entities.txt"))
        self.labels = set(labels) if labels else None
        self.backbone = backbone            # a tagger: text -> [(start, end, PER|ORG|LOC)]
        self.backbone_labels = set(backbone_labels)
        self.division_ends = tuple(read_list(folder / "division_suffixes.txt"))
        # titles glued to a backbone name, longest first (局长 before 长): one deterministic cut
        self.title_cues = tuple(sorted(self.names.cue_words, key=lambda c: (-len(c), c)))

    def __call__(self, text: str, tokens: Optional[Sequence[tuple[int, int]]] = None,
                 backbone_names: Optional[Sequence[tuple[int, int, str]]] = None) -> list[tuple[int, int, str]]:
        """(start, end, label) of every entity in `text`, sorted; `tokens` are word spans (default:
        characters); `backbone_names` the backbone's spans when the caller has tagged the text already."""
        if tokens is None:
            tokens = [(i, i + 1) for i, ch in enumerate(text) if not ch.isspace()]
        cands = [(s, e, label, PRIORITY_DATETIME) for s, e, label in self.datetime(text)]
        cands += self.names(text, tokens)
        if backbone_names is None and self.backbone is not None:
            backbone_names = self.backbone(text)
        if backbone_names is not None:
            cands += self._untiled(self._backbone(text, backbone_names), cands)
        cands = [c for c in cands if text[c[0]:c[1]] not in self.not_entities
                 and (self.labels is None or c[2] in self.labels)]
        cands.sort(key=lambda c: (c[0] - c[1], c[3], c[0]))
        taken = bytearray(len(text))
        out = []
        for s, e, label, _ in cands:
            if any(taken[s:e]):
                continue
            taken[s:e] = b"\x01" * (e - s)
            out.append((s, e, label))
        out.sort()
        return out

    def _backbone(self, text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str, int]]:
        """The statistical tagger's names, as the weakest candidates (rules win ties);
        its LOC is a GPE when it names a division (gazetteer entry or division suffix)."""
        out = []
        for s, e, label in spans:
            while s < e and text[s].isspace():     # the tagger reads line breaks as characters
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e - s < 2:
                continue
            name = text[s:e]
            if label == "LOC":
                label = "GPE" if name in self.names.divisions or name.endswith(self.division_ends) else "LOC"
            elif label == "PER":
                span = self._person(text, s, e)
                if span is None:
                    continue
                s, e = span
            elif label == "ORG":
                e = s + self.names.media_name_length(name)    # 厦门日报|讯 (R-E10)
                name = text[s:e]
            if label not in self.backbone_labels:
                continue
            cuts = [s, e]
            if label == "ORG" and self.names.level_restart is not None:   # 黔江区委|区政府 (DECISIONS)
                cuts[1:1] = [s + m.end() for m in self.names.level_restart.finditer(name)]
            out += [(a, b, label, PRIORITY_BACKBONE) for a, b in zip(cuts, cuts[1:]) if b - a >= 2 or label == "PER"]
        return out

    @staticmethod
    def _untiled(backbone: list, cands: list) -> list:
        """Backbone PERs that rule-made persons do not tile in two or more pieces: 罗阳辉罗伊珊
        read as one name by the tagger is two byline names."""
        persons = {(s, e) for s, e, label, _ in cands if label == "PER"}
        starts = {}
        for s, e in persons:
            starts.setdefault(s, []).append(e)

        def tiled(s: int, e: int, pieces: int = 0) -> bool:
            if s == e:
                return pieces >= 2
            return any(tiled(t, e, pieces + 1) for t in starts.get(s, ()) if t < e or (t == e and pieces))

        return [c for c in backbone if c[2] != "PER" or not tiled(c[0], c[1])]

    def _person(self, text: str, s: int, e: int) -> Optional[tuple[int, int]]:
        """A backbone PER, checked: a title glued to it is cut off (李局长 → 李, DECISIONS
        R-E3), also one the tagger cut in two (沈老先|生 → 沈); a known place is no person,
        nor a name in a place context (城市X, X附近: place_cues.tsv); a name that does not
        open with a Chinese surname must be a transliteration of four characters or more,
        have a middle dot, or follow a title (总统普京): short ones are mostly foreign
        places (费卢杰, 拉马迪)."""
        name = text[s:e]
        for cue in self.title_cues:
            if len(cue) < len(name) and name.endswith(cue):
                name = name[:-len(cue)]
                break
        else:
            cut = next((j for j in range(1, len(name)) for cue in self.title_cues
                        if s + j + len(cue) > e and text.startswith(cue, s + j)), None)
            name = name[:cut] if cut else name
        e = s + len(name)
        if name in self.names.divisions or name in self.names.locations:
            return None
        dotted = "·" in name or "・" in name     # a foreign person's name (贝・布托)
        chinese = self.names.chinese_name_shape(name)
        if self.names.in_place_context(text, s, e, strong_only=chinese or dotted):
            return None
        surname = name[:2] in self.names.surnames or name[:1] in self.names.surnames
        if not (surname or len(name) >= 4 or dotted or self.names.after_title(text, s)):
            return None
        return s, e
