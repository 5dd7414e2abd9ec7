"""`train-rules`: the exact PER/ORG/GPE/LOC strings of the training gold as an EntityRuler-style file.

With a fold, only the documents of the other folds are read (pipeline/splits.py), so a
fold's held-out score never sees its own names. A string annotated with two labels
keeps the more frequent one (ties: the first seen). Layout line breaks inside a gold
span (`市文\n明办`) are removed: rules match the normalised view, where wrapped lines
are joined.
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
    rules = []
    for pattern, labels in counts.items():
        label = labels.most_common(1)[0][0]
        rules.append(Rule(label, pattern, first_source[(pattern, label)]))
    rules.sort(key=lambda r: (r.label, r.pattern))
    return rules


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
