"""Loading the entity data files of models/entities/ with errors that name file:line.

Formats (models/entities/README.md): word lists (`*.txt`, one entry per line), tables
(`*.tsv`, tab-separated), the date grammar (`datetime.json`) and trained rules
(`rules.jsonl`, one {"label", "pattern", "source"} object per line). Lines starting with
`#` are comments in lists and tables; blank lines are ignored everywhere.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from ..schema import ENTITY_LABELS

NAME_LABELS = ("PER", "ORG", "GPE", "LOC")


class RuleFileError(ValueError):
    """A malformed entity data file; the message starts with `file:line:`."""


@dataclass(frozen=True)
class Rule:
    label: str
    pattern: str
    source: str = ""


def _lines(path: Path) -> Iterable[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleFileError(f"{path}: file not found") from None
    except UnicodeDecodeError as err:
        raise RuleFileError(f"{path}: not UTF-8 ({err.reason} at byte {err.start})") from None
    for number, line in enumerate(text.splitlines(), 1):
        yield number, line


def read_list(path: Path) -> list[str]:
    """Entries of a one-per-line list; `#` comments and blank lines skipped."""
    out: list[str] = []
    for number, line in _lines(path):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if any(c.isspace() for c in entry):
            raise RuleFileError(f"{path}:{number}: an entry must not contain whitespace: {line!r}")
        out.append(entry)
    return out


def read_table(path: Path, columns: Sequence[str], allowed: dict[int, Sequence[str]] | None = None) -> list[tuple[str, ...]]:
    """Rows of a tab-separated table with exactly `columns` cells; `allowed` checks cell values."""
    rows: list[tuple[str, ...]] = []
    for number, line in _lines(path):
        if not line.strip() or line.startswith("#"):
            continue
        cells = tuple(c.strip() for c in line.split("\t"))
        if len(cells) != len(columns) or not all(cells):
            raise RuleFileError(f"{path}:{number}: expected {len(columns)} non-empty tab-separated cells "
                                f"({', '.join(columns)}), got {line!r}")
        for i, values in (allowed or {}).items():
            if cells[i] not in values:
                raise RuleFileError(f"{path}:{number}: {columns[i]} must be one of {list(values)}, got {cells[i]!r}")
        rows.append(cells)
    return rows


def read_rules(path: Path, labels: Sequence[str] = ENTITY_LABELS) -> list[Rule]:
    """An EntityRuler-style JSONL file: {"label", "pattern" (exact string), "source"} per line."""
    rules: list[Rule] = []
    for number, line in _lines(path):
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


def read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuleFileError(f"{path}: file not found") from None
    except json.JSONDecodeError as err:
        raise RuleFileError(f"{path}:{err.lineno}: invalid JSON: {err.msg}") from None


def literal_pattern(words: Iterable[str]) -> str:
    """One regex alternative for a set of literal words, as a character trie.

    Python's `re` tries alternatives one by one; a trie shares prefixes so that a scan
    over text costs about one character test per position, whatever the list's size.
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # A word may end here: the tail is optional (greedy, so the longest word wins).
        return "(?:" + body + ")?" if end else body

    return build(trie)
