"""Loading the entity data files of models/entities/ with errors that name file:line.

Formats (models/entities/README.md): word lists (`*.txt`, one entry per line), tables
(`*.tsv`, tab-separated), the date grammar (`datetime.json`) and trained rules
(`rules.jsonl`, one {"label", "pattern", "source"} object per line). Lines starting with
`#` are comments in lists and tables; blank lines are ignored everywhere.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..lexicon_util import RuleFileError, read_lines
from ..schema import ENTITY_LABELS

NAME_LABELS = ("PER", "ORG", "GPE", "LOC")


@dataclass(frozen=True)
class Rule:
    label: str
    pattern: str
    source: str = ""


def read_list(path: Path) -> list[str]:
    """Entries of a one-per-line list; `#` comments and blank lines skipped."""
    out: list[str] = []
    for number, line in read_lines(path):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if any(c.isspace() for c in entry):
            raise RuleFileError(f"{path}:{number}: an entry must not contain whitespace: {line!r}")
        out.append(entry)
    return out


def read_rules(path: Path, labels: Sequence[str] = ENTITY_LABELS) -> list[Rule]:
    """An EntityRuler-style JSONL file: {"label", "pattern" (exact string), "source"} per line."""
    rules: list[Rule] = []
    for number, line in read_lines(path):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise RuleFileError(f"{path}:{number}: invalid JSON: {err.msg}") from None
        if not isinstance(obj, dict):
            raise RuleFileError(f"{path}:{number}: expected an object {{\"label\", \"pattern\", \"source\"}}")
        label, pattern, source = obj.get("label"), obj.get("pattern"), obj.get("source", "")
        if label not in labels:
            raise RuleFileError(f"{path}:{number}: label must be one of {list(labels)}, got {label!r}")
        if not isinstance(pattern, str) or not pattern.strip():
            raise RuleFileError(f"{path}:{number}: pattern must be a non-empty string (an exact phrase), got {pattern!r}")
        if not isinstance(source, str):
            raise RuleFileError(f"{path}:{number}: source must be a string, got {source!r}")
        rules.append(Rule(label, pattern, source))
    return rules
