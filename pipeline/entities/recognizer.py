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


class EntityRecognizer:
    def __init__(self, folder: Path, rules_path: Optional[Path] = None, labels: Optional[Iterable[str]] = None):
        rules: Sequence[Rule] = read_rules(rules_path) if rules_path is not None else ()
        self.datetime = DateTimeGrammar(folder / "datetime.json")
        self.names = NameRules(folder, rules)
        self.not_entities = set(read_list(folder / "not_entities.txt"))
        self.labels = set(labels) if labels else None

    def __call__(self, text: str, tokens: Optional[Sequence[tuple[int, int]]] = None) -> list[tuple[int, int, str]]:
        """(start, end, label) of every entity in `text`, sorted; `tokens` are word spans (default: characters)."""
        if tokens is None:
            tokens = [(i, i + 1) for i, ch in enumerate(text) if not ch.isspace()]
        cands = [(s, e, label, PRIORITY_DATETIME) for s, e, label in self.datetime(text)]
        cands += self.names(text, tokens)
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
