"""Loading the quantity tables in models/quantities/ (the rules live there, not here).

Every table is UTF-8 TSV: `#` lines are comments, the first other line names the
columns, each following line is one entry. See models/quantities/README.md.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from ..lexicon_util import read_tsv
from ..paths import models_dir

TABLE_FILES = (
    "numerals.tsv", "units.tsv", "qualifiers.tsv", "not_quantities.tsv", "dates_times.tsv",
    "item_stopwords.tsv", "item_kinds.tsv", "kinds.tsv", "currency_prefixes.tsv", "money_subunits.tsv",
    "item_pos.tsv", "item_words.tsv", "classifiers.tsv", "ambiguous_units.tsv",
)


def default_tables_dir() -> Path:
    """models/quantities, wherever models/ is (see pipeline.paths.models_dir)."""
    return models_dir() / "quantities"


@dataclass(frozen=True)
class Unit:
    surface: str
    unit: str
    kind: str          # "-" = generic classifier: the kind comes from the item
    drops_ge: bool     # 个 before this unit is dropped (9个小时 → 小时)


@dataclass
class Tables:
    """Everything the parser and extractor know about Chinese quantities, read from disk."""
    digits: dict[str, int] = field(default_factory=dict)
    powers: dict[str, Decimal] = field(default_factory=dict)
    tens: dict[str, int] = field(default_factory=dict)
    vague: set[str] = field(default_factory=set)
    points: set[str] = field(default_factory=set)
    signs: list[str] = field(default_factory=list)          # longest first
    halves: set[str] = field(default_factory=set)
    latin_powers: dict[str, Decimal] = field(default_factory=dict)
    not_standalone: set[str] = field(default_factory=set)
    units: dict[str, Unit] = field(default_factory=dict)
    qualifiers: dict[str, dict[str, str]] = field(default_factory=dict)   # position → word → approx
    not_quantity_literals: list[str] = field(default_factory=list)
    not_quantity_regexes: list[str] = field(default_factory=list)
    date_markers: dict[str, set[str]] = field(default_factory=dict)       # role → markers
    item_stopwords: dict[str, str] = field(default_factory=dict)   # word → function | verb
    item_kinds: dict[str, str] = field(default_factory=dict)
    classifiers: set[str] = field(default_factory=set)             # measure words of classifiers.tsv
    ambiguous_units: set[str] = field(default_factory=set)         # kind follows the item's head
    item_pos: dict[str, str] = field(default_factory=dict)         # part-of-speech tag → chunk role
    item_words: dict[str, str] = field(default_factory=dict)       # word → attributive | reporting | severity
    kinds: dict[str, dict[str, str]] = field(default_factory=dict)
    currency_words: dict[str, str] = field(default_factory=dict)
    money_subunits: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # main → sub → factor
    money_closers: dict[str, set[str]] = field(default_factory=dict)            # main → closers
    money_as: dict[str, str] = field(default_factory=dict)                      # 块 → 元 when a sub-unit follows

    @classmethod
    def load(cls, tables_dir: str | os.PathLike | None = None) -> "Tables":
        return _load(str(Path(tables_dir) if tables_dir is not None else default_tables_dir()))

    def qualifier_words(self, position: str) -> dict[str, str]:
        return self.qualifiers.get(position, {})


@lru_cache(maxsize=8)
def _load(tables_dir: str) -> Tables:
    base = Path(tables_dir)
    missing = [name for name in TABLE_FILES if not (base / name).is_file()]
    if missing:
        raise FileNotFoundError(f"quantity tables missing in {base}: {', '.join(missing)}")
    t = Tables()
    for row in read_tsv(base / "numerals.tsv"):
        char, role, value = row["char"], row["role"], row["value"]
        if role == "digit":
            t.digits[char] = int(value)
        elif role == "power":
            t.powers[char] = Decimal(value)
        elif role == "tens":
            t.tens[char] = int(value)
        elif role == "vague":
            t.vague.add(char)
        elif role == "point":
            t.points.add(char)
        elif role == "sign":
            t.signs.append(char)
        elif role == "half":
            t.halves.add(char)
        elif role == "latin_power":
            t.latin_powers[char] = Decimal(value)
        else:
            raise ValueError(f"numerals.tsv: unknown role {role!r} for {char!r}")
        if row["standalone"] == "no":
            t.not_standalone.add(char)
    t.signs.sort(key=len, reverse=True)
    for row in read_tsv(base / "units.tsv"):
        t.units[row["surface"]] = Unit(row["surface"], row["unit"], row["kind"], row["after_ge"] == "drop")
    for row in read_tsv(base / "qualifiers.tsv"):
        t.qualifiers.setdefault(row["position"], {})[row["word"]] = row["approx"]
    for row in read_tsv(base / "not_quantities.tsv"):
        (t.not_quantity_regexes if row["type"] == "regex" else t.not_quantity_literals).append(row["pattern"])
    for row in read_tsv(base / "dates_times.tsv"):
        t.date_markers.setdefault(row["role"], set()).add(row["marker"])
    t.item_stopwords = {row["word"]: row["class"] for row in read_tsv(base / "item_stopwords.tsv")}
    t.item_kinds = {row["head"]: row["kind"] for row in read_tsv(base / "item_kinds.tsv")}
    t.classifiers = {row["surface"] for row in read_tsv(base / "classifiers.tsv")}
    t.ambiguous_units = {row["surface"] for row in read_tsv(base / "ambiguous_units.tsv")}
    t.item_pos = {row["tag"]: row["role"] for row in read_tsv(base / "item_pos.tsv")}
    t.item_words = {row["word"]: row["role"] for row in read_tsv(base / "item_words.tsv", allowed={"role": ("attributive", "reporting", "severity")})}
    t.kinds = {row["kind"]: row for row in read_tsv(base / "kinds.tsv")}
    t.currency_words = {row["word"]: row["unit"] for row in read_tsv(base / "currency_prefixes.tsv")}
    for row in read_tsv(base / "money_subunits.tsv"):
        if row["type"] == "subunit":
            t.money_subunits.setdefault(row["main"], {})[row["word"]] = Decimal(row["factor"])
        elif row["type"] == "as_money":
            t.money_as[row["main"]] = row["word"]
        else:
            t.money_closers.setdefault(row["main"], set()).add(row["word"])
    return t
