"""Small helpers the stages share: reading data files, word alternations, plain numbers.

Data files (models/*/README.md) are UTF-8; in lists and tables lines starting with `#`
are comments and blank lines are skipped. Every error names `file:line:`.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence, Union


class RuleFileError(ValueError):
    """A malformed data file; the message starts with `file:line:` (or `file:`)."""


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, line) of a UTF-8 text file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleFileError(f"{path}: file not found") from None
    except UnicodeDecodeError as err:
        raise RuleFileError(f"{path}: not UTF-8 ({err.reason} at byte {err.start})") from None
    yield from enumerate(text.splitlines(), 1)


def read_json(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuleFileError(f"{path}: file not found") from None
    except json.JSONDecodeError as err:
        raise RuleFileError(f"{path}:{err.lineno}: invalid JSON: {err.msg}") from None


def read_tsv(path: Path, columns: Optional[Sequence[str]] = None,
             allowed: Optional[dict[str, Sequence[str]]] = None) -> list[dict[str, str]]:
    """Rows of a tab-separated table as {column: cell}; cells are stripped and non-empty.

    Without `columns` the first line that is not a comment names the columns (the
    quantity and event tables); with them the file has no header line (the entity
    tables). `allowed` maps a column to the values its cells may take."""
    rows: list[dict[str, str]] = []
    header = list(columns) if columns is not None else None
    for number, line in read_lines(path):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            continue
        if len(cells) != len(header) or not all(cells):
            raise RuleFileError(f"{path}:{number}: expected {len(header)} non-empty tab-separated cells "
                                f"({', '.join(header)}), got {line!r}")
        row = dict(zip(header, cells))
        for column, values in (allowed or {}).items():
            if row[column] not in values:
                raise RuleFileError(f"{path}:{number}: {column} must be one of {list(values)}, got {row[column]!r}")
        rows.append(row)
    return rows


def word_alternation(words: Iterable[str]) -> str:
    """One regex for a set of literal words, as a character trie; safe to concatenate.

    At any position the longest word that matches is tried first (then shorter ones,
    on backtracking), as in a longest-first alternation; but a trie shares prefixes, so a
    scan costs about one character test per position, whatever the list's size.
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


Number = Union[int, float]


def plain_number(x: Union[Decimal, float, int, None]) -> Optional[Number]:
    """int when integral (158 rather than 158.0: the guide writes plain JSON numbers), else float."""
    if x is None:
        return None
    try:
        whole = int(x)
    except (OverflowError, ValueError):      # inf, nan
        return float(x)
    return whole if whole == x else float(x)


def cut_long(text: str, start: int, end: int, limit: int, soft) -> "Iterator[tuple[int, int]]":
    """(start, end) pieces of text[start:end] of at most `limit` characters, each long one cut
    after the last `soft` break (a compiled pattern) in its second half, else blindly: the
    segmenters and taggers that read the pieces are not linear in what they are given."""
    while end - start > limit:
        cut = max((m.end() for m in soft.finditer(text, start + limit // 2, start + limit)), default=start + limit)
        yield start, cut
        start = cut
    if end > start:
        yield start, end
