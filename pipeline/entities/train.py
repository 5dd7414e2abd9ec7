"""`train-rules`: the exact PER/ORG/GPE/LOC strings of the training gold as an EntityRuler-style file.

With a fold, only the documents of the other folds are read (pipeline/splits.py), so a
fold's held-out score never sees its own names. A string annotated with two labels
keeps the more frequent one (ties: the first seen). Layout line breaks inside a gold
span (`市文\n明办`) are removed: rules match the normalised view, where wrapped lines
are joined.

A rule matches everywhere its string occurs, so a string is kept only when the training
texts support it: of its occurrences that are not inside a longer gold name (there the
longer name wins anyway), at least MIN_PRECISION must be gold names with its label. A
surname annotated once (`周` of `周姓目击者`) occurs mostly in words (周边, 周年) and is
dropped; a district name annotated wherever it occurs is kept.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Optional, Sequence

from ..schema import Document
from .lexicon import NAME_LABELS, Rule

LAYOUT_BREAK = re.compile(r"\s*\n\s*")
# Share of a string's free occurrences in the training texts that must be gold names with
# its label (chosen on the development folds of the real corpus).
MIN_PRECISION = 0.5


def collect_rules(docs: Sequence[Document]) -> list[Rule]:
    counts: dict[str, Counter] = {}
    first_source: dict[tuple[str, str], str] = {}
    for doc in docs:
        for ent in doc.entities or []:
            if ent.label not in NAME_LABELS:
                continue
            pattern = LAYOUT_BREAK.sub("", ent.text).strip()
            if not pattern:
                continue
            counts.setdefault(pattern, Counter())[ent.label] += 1
            first_source.setdefault((pattern, ent.label), doc.id)
    occurrences = _free_occurrences(docs, set(counts))
    rules = []
    for pattern, labels in counts.items():
        label, hits = labels.most_common(1)[0]
        if hits < MIN_PRECISION * max(hits, occurrences.get(pattern, 0)):
            continue
        rules.append(Rule(label, pattern, first_source[(pattern, label)]))
    rules.sort(key=lambda r: (r.label, r.pattern))
    return rules


def _free_occurrences(docs: Sequence[Document], patterns: set[str]) -> dict[str, int]:
    """How often each pattern occurs in the training texts outside a longer gold name
    (a rule's matches inside a longer name lose to it, so they cost nothing)."""
    out: dict[str, int] = {}
    for doc in docs:
        text = doc.text
        spans = [(e.start, e.end) for e in doc.entities or []]
        for pattern in patterns:
            start = text.find(pattern)
            while start >= 0:
                end = start + len(pattern)
                if not any(s <= start and end <= e and e - s > end - start for s, e in spans):
                    out[pattern] = out.get(pattern, 0) + 1
                start = text.find(pattern, start + 1)
    return out


def write_rules(rules: Sequence[Rule], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        for r in rules:
            f.write(json.dumps({"label": r.label, "pattern": r.pattern, "source": r.source}, ensure_ascii=False) + "\n")


def train_rules(gold, out: str | Path, fold: Optional[int] = None,
                splits: Optional[str | Path] = None) -> tuple[list[Rule], list[str]]:
    """Write the rules of the training documents of `gold` (a file or files) to `out`;
    return (rules, training ids)."""
    from ..splits import Splits, load_gold

    paths = [gold] if isinstance(gold, (str, Path)) else list(gold)
    docs = [d for d in load_gold(paths) if d.entities is not None]
    if fold is not None:
        if splits is None:
            raise ValueError("--fold needs a split file (--splits)")
        docs = Splits.load(splits).split(docs, fold)[0]
    rules = collect_rules(docs)
    write_rules(rules, Path(out))
    return rules, [d.id for d in docs]
