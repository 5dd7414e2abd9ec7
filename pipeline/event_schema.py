"""The event schema as data: models/events/schema.json (its README describes the file).

The event types, the argument roles, and per type its roles, seed triggers and object
cues are declared in one JSON file, so a user adds a type or a role without touching
code. `load_event_schema(path)` reads and checks it; every error is a `SchemaFileError`
that names the file and the entry (`schema.json: types.EVACUATE.roles: …`).

This module depends on nothing else of the package: `pipeline.schema` reads the
declared types and roles from it when it is imported, and the event lexicon
(`pipeline.events.lexicon`) reads the seed triggers and cues.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Union

from .lexicon_util import RuleFileError, read_json
from .paths import models_dir

FORMAT = "bulletin-ie.event-schema.v1"
FILE_NAME = "schema.json"
TOP_KEYS = {"format", "roles", "types", "_comment"}
ROLE_KEYS = {"what", "key", "cues", "labels"}
TYPE_KEYS = {"what", "roles", "triggers", "cues"}
ARG_KEYS = ("text", "span", "value")      # what the scorer compares for a role (guide §8)
NAME = {"types": re.compile(r"^[A-Z][A-Z0-9_]*$"), "roles": re.compile(r"^[a-z][a-z0-9_]*$")}
PLACE_AND_ACTOR_LABELS = ("PER", "ORG", "GPE", "LOC", "DATE", "TIME")


class SchemaFileError(RuleFileError):
    """A malformed event schema file; the message names the file and the entry."""


@dataclass(frozen=True)
class RoleSpec:
    name: str
    what: str
    key: str                       # "text" | "span" | "value": what scoring compares
    cues: tuple[str, ...] = ()     # a cue-filled role: the entity right after one of these words …
    labels: tuple[str, ...] = ()   # … with one of these labels, in the trigger's clause


@dataclass(frozen=True)
class TypeSpec:
    name: str
    what: str
    roles: tuple[str, ...]
    triggers: tuple[str, ...]                     # seed trigger words of this type
    cues: dict[str, tuple[str, ...]]              # trigger → object cues that make it this type


@dataclass(frozen=True)
class EventSchema:
    path: Path
    roles: dict[str, RoleSpec]
    types: dict[str, TypeSpec]

    @property
    def type_names(self) -> tuple[str, ...]:
        return tuple(self.types)

    @property
    def role_names(self) -> tuple[str, ...]:
        return tuple(self.roles)

    def trigger_types(self) -> dict[str, str]:
        """Each seed trigger word → its type (a word is a seed of one type only: checked on load)."""
        return {w: t.name for t in self.types.values() for w in t.triggers}


def default_schema_path() -> Path:
    """models/events/schema.json of `models_dir()` ($BULLETIN_MODELS_DIR, else the checkout, else installed)."""
    return models_dir() / "events" / FILE_NAME


def _fail(path: Path, where: str, message: str) -> SchemaFileError:
    return SchemaFileError(f"{path}: {where}: {message}")


def _words(path: Path, where: str, value, allow_empty: bool = True) -> tuple[str, ...]:
    """A list of distinct non-empty strings."""
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() == w and w for w in value):
        raise _fail(path, where, f"must be a list of non-empty words without surrounding spaces, got {value!r}")
    if not allow_empty and not value:
        raise _fail(path, where, "must not be empty")
    dup = sorted({w for w in value if value.count(w) > 1})
    if dup:
        raise _fail(path, where, f"listed twice: {dup}")
    return tuple(value)


def _entries(path: Path, data: dict, section: str) -> dict:
    block = data.get(section)
    if not isinstance(block, dict) or not block:
        raise _fail(path, section, "must be an object of one entry per name")
    for name in block:
        if not NAME[section].match(name):
            raise _fail(path, f"{section}.{name}", f"bad name (expected {NAME[section].pattern})")
        if not isinstance(block[name], dict):
            raise _fail(path, f"{section}.{name}", "must be an object")
    return block


def _unknown_keys(path: Path, where: str, entry: dict, allowed: set) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise _fail(path, where, f"unknown key(s) {unknown}; allowed: {sorted(allowed)}")


def _role(path: Path, name: str, entry: dict) -> RoleSpec:
    where = f"roles.{name}"
    _unknown_keys(path, where, entry, ROLE_KEYS)
    key = entry.get("key", "text")
    if key not in ARG_KEYS:
        raise _fail(path, f"{where}.key", f"must be one of {list(ARG_KEYS)}, got {key!r}")
    cues = _words(path, f"{where}.cues", entry.get("cues", []))
    labels = _words(path, f"{where}.labels", entry.get("labels", []))
    bad = [x for x in labels if x not in PLACE_AND_ACTOR_LABELS]
    if bad:
        raise _fail(path, f"{where}.labels", f"unknown entity label(s) {bad}; allowed: {list(PLACE_AND_ACTOR_LABELS)}")
    if bool(cues) != bool(labels):
        raise _fail(path, where, "a cue-filled role needs both `cues` and `labels`")
    return RoleSpec(name, str(entry.get("what", "")), key, cues, labels)


def _type(path: Path, name: str, entry: dict, roles: dict[str, RoleSpec]) -> TypeSpec:
    where = f"types.{name}"
    _unknown_keys(path, where, entry, TYPE_KEYS)
    type_roles = _words(path, f"{where}.roles", entry.get("roles"), allow_empty=False)
    undeclared = [r for r in type_roles if r not in roles]
    if undeclared:
        raise _fail(path, f"{where}.roles", f"role(s) {undeclared} not declared under \"roles\" "
                                            f"(declared: {list(roles)})")
    triggers = _words(path, f"{where}.triggers", entry.get("triggers", []))
    cues = entry.get("cues", {})
    if not isinstance(cues, dict):
        raise _fail(path, f"{where}.cues", "must map a trigger word to its list of object cues")
    return TypeSpec(name, str(entry.get("what", "")), type_roles, triggers,
                    {w: _words(path, f"{where}.cues.{w}", c, allow_empty=False) for w, c in cues.items()})


def _check_across_types(path: Path, types: dict[str, TypeSpec]) -> None:
    """A word is the seed trigger of one type; an object cue of a trigger retypes it to one type."""
    owner: dict[str, str] = {}
    for t in types.values():
        for w in t.triggers:
            if w in owner:
                raise _fail(path, f"types.{t.name}.triggers", f"{w!r} is already a trigger of {owner[w]}")
            owner[w] = t.name
    cue_owner: dict[tuple[str, str], str] = {}
    for t in types.values():
        for w, cues in t.cues.items():
            for c in cues:
                if (w, c) in cue_owner:
                    raise _fail(path, f"types.{t.name}.cues.{w}", f"cue {c!r} already makes {w!r} a {cue_owner[(w, c)]}")
                cue_owner[(w, c)] = t.name


def parse_event_schema(data, path: Path) -> EventSchema:
    """Check a parsed schema file; `path` names it in errors."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _fail(path, "format", f"not an event schema (expected \"format\": \"{FORMAT}\")")
    _unknown_keys(path, "top level", data, TOP_KEYS)
    roles = {name: _role(path, name, entry) for name, entry in _entries(path, data, "roles").items()}
    types = {name: _type(path, name, entry, roles) for name, entry in _entries(path, data, "types").items()}
    _check_across_types(path, types)
    return EventSchema(path, roles, types)


def load_event_schema(path: Union[str, Path, None] = None) -> EventSchema:
    """The schema file at `path` (a folder: its schema.json), default `default_schema_path()`."""
    p = Path(path) if path else default_schema_path()
    if p.is_dir():
        p = p / FILE_NAME
    return _cached(str(p))


@lru_cache(maxsize=8)
def _cached(path: str) -> EventSchema:
    p = Path(path)
    return parse_event_schema(read_json(p), p)


def schema_of_tables(tables_dir: Optional[Union[str, Path]]) -> EventSchema:
    """The schema of an event tables folder (None: the default one)."""
    return load_event_schema(Path(tables_dir) / FILE_NAME if tables_dir else None)


__all__ = ["EventSchema", "RoleSpec", "TypeSpec", "SchemaFileError", "load_event_schema", "parse_event_schema",
           "default_schema_path", "schema_of_tables", "FORMAT"]
