"""The pydantic models of ../shared/ANNOTATION_GUIDE.md: one schema for gold and predictions.

Field-level checks (labels, roles, the approx enum, ISO dates) live on the models;
the event types and roles are not written here but declared in models/events/schema.json
(`pipeline.event_schema`), read when this module is imported from `models_dir()`
($BULLETIN_MODELS_DIR, else the checkout's models/, else the installed copy): `type` and
`role` are strings checked against the declared names, and the JSON Schema lists them as
an enum.
checks that need the document text (offsets in range, span text equal to the slice,
token coverage) are collected by `Document.problems()` so a loader can report all of
them at once instead of stopping at the first.
"""
from __future__ import annotations

import datetime as _dt
import json
import math
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, field_serializer, field_validator,
                      model_serializer, model_validator)

from .event_schema import load_event_schema
from .lexicon_util import plain_number

EntityLabel = Literal["PER", "ORG", "GPE", "LOC", "DATE", "TIME"]
Approx = Literal["exact", "over", "under", "about"]

ENTITY_LABELS: tuple[str, ...] = EntityLabel.__args__  # type: ignore[attr-defined]
APPROX: tuple[str, ...] = Approx.__args__  # type: ignore[attr-defined]

# The declared event schema (models/events/schema.json): its types and roles, in file order.
EVENT_SCHEMA = load_event_schema()
EVENT_TYPES: tuple[str, ...] = EVENT_SCHEMA.type_names
ROLES: tuple[str, ...] = EVENT_SCHEMA.role_names


def _declared(kind: str, names: tuple[str, ...]):
    """A validator: the value must be one of the names the event schema declares (a string,
    not a Literal, so adding a type or a role to the schema file needs no code)."""
    def check(value: str) -> str:
        if value not in names:
            raise ValueError(f"{value!r} is not a declared event {kind} ({EVENT_SCHEMA.path}: {', '.join(names)})")
        return value
    return check


EventType = Annotated[str, AfterValidator(_declared("type", EVENT_TYPES)),
                      WithJsonSchema({"enum": list(EVENT_TYPES), "type": "string"})]
Role = Annotated[str, AfterValidator(_declared("role", ROLES)),
                 WithJsonSchema({"enum": list(ROLES), "type": "string"})]


def check_iso_date(value: str) -> str:
    """Accept `YYYY-MM-DD` or a range `YYYY-MM-DD/YYYY-MM-DD` (start <= end)."""
    parts = value.split("/")
    if len(parts) > 2 or not all(_is_day(p) for p in parts):
        raise ValueError(f"not an ISO date (YYYY-MM-DD) or range (YYYY-MM-DD/YYYY-MM-DD): {value!r}")
    days = [_dt.date.fromisoformat(p) for p in parts]
    if len(days) == 2 and days[0] > days[1]:
        raise ValueError(f"date range ends before it starts: {value!r}")
    return value


def _is_day(value: str) -> bool:
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


class _Model(BaseModel):
    # Unknown keys are kept (and written back) so files from newer guide versions
    # or other tools still load; known keys are validated strictly.
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Span(_Model):
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> "Span":
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be greater than start ({self.start})")
        return self


class Entity(Span):
    label: EntityLabel


class Quantity(Span):
    value: float
    unit: str
    approx: Approx = "exact"
    item: Optional[Span] = None
    # Not in the guide: the pipeline's own extras, ignored by the scorer.
    kind: Optional[str] = None
    value_max: Optional[float] = None

    @field_validator("value", "value_max")
    @classmethod
    def _finite(cls, v: Optional[float]) -> Optional[float]:
        if v is not None and not math.isfinite(v):
            raise ValueError("must be a finite number")
        return v

    @field_serializer("value", "value_max")
    def _plain_number(self, v: Optional[float]) -> Union[int, float, None]:
        return plain_number(v)

    @model_serializer(mode="wrap")
    def _keep_null_item(self, handler):
        # The guide writes `"item": null` when nothing is counted; keep the key even
        # when the document is dumped with exclude_none.
        data = handler(self)
        if isinstance(data, dict):
            data.setdefault("item", None)
        return data


class Argument(_Model):
    role: Role
    text: str = Field(min_length=1)
    start: Optional[int] = Field(default=None, ge=0)
    end: Optional[int] = Field(default=None, ge=0)
    value: Optional[str] = None

    @model_validator(mode="after")
    def _check(self) -> "Argument":
        if (self.start is None) != (self.end is None):
            raise ValueError("start and end must be given together")
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be greater than start ({self.start})")
        if self.role == "date":
            if self.value is None:
                raise ValueError("a date argument needs an ISO `value`")
            check_iso_date(self.value)
        return self


class Event(_Model):
    type: EventType
    trigger: Span
    args: list[Argument] = Field(default_factory=list)


class Meta(_Model):
    date: Optional[str] = None
    source: Optional[str] = None
    title: Optional[str] = None

    @field_validator("date")
    @classmethod
    def _iso(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and ("/" in v or not _is_day(v)):
            raise ValueError(f"publication date must be YYYY-MM-DD: {v!r}")
        return v


Offsets = tuple[int, int]


class Document(_Model):
    id: str = Field(min_length=1)
    text: str
    meta: Meta = Field(default_factory=Meta)
    sentences: Optional[list[Offsets]] = None
    tokens: Optional[list[Offsets]] = None
    entities: Optional[list[Entity]] = None
    quantities: Optional[list[Quantity]] = None
    events: Optional[list[Event]] = None

    def problems(self) -> list[tuple[str, str]]:
        """Every offset problem as (field path, message); empty when the document is sound."""
        out: list[tuple[str, str]] = []
        n = len(self.text)

        def span(path: str, start: int, end: int, text: Optional[str]) -> None:
            if not (0 <= start < end <= n):
                out.append((path, f"offsets [{start}, {end}) outside the text (length {n}) or empty"))
            elif text is not None and self.text[start:end] != text:
                out.append((path, f"text {text!r} != text[{start}:{end}] {self.text[start:end]!r}"))

        for key in ("sentences", "tokens"):
            for i, (s, e) in enumerate(getattr(self, key) or []):
                span(f"{key}[{i}]", s, e, None)
        if self.tokens is not None:
            out.extend(_token_coverage(self.text, self.tokens))
        for i, ent in enumerate(self.entities or []):
            span(f"entities[{i}]", ent.start, ent.end, ent.text)
        for i, q in enumerate(self.quantities or []):
            span(f"quantities[{i}]", q.start, q.end, q.text)
            if q.item is not None:
                span(f"quantities[{i}].item", q.item.start, q.item.end, q.item.text)
        for i, ev in enumerate(self.events or []):
            span(f"events[{i}].trigger", ev.trigger.start, ev.trigger.end, ev.trigger.text)
            for j, arg in enumerate(ev.args):
                if arg.start is not None and arg.end is not None:
                    span(f"events[{i}].args[{j}]", arg.start, arg.end, arg.text)
        return out


def _token_coverage(text: str, tokens: list[Offsets]) -> list[tuple[str, str]]:
    """Tokens must cover every non-whitespace character exactly once (guide §1).

    Problems are reported as runs of characters, so one missing sentence is one message.
    """
    covered = [0] * len(text)
    for s, e in tokens:
        for k in range(max(s, 0), min(e, len(text))):
            covered[k] += 1
    out: list[tuple[str, str]] = []
    k = 0
    while k < len(text):
        c = covered[k]
        if text[k].isspace() or c == 1:
            k += 1
            continue
        j = k
        while j < len(text) and covered[j] == c and (not text[j].isspace() or j == k):
            j += 1
        what = "not covered by any token" if c == 0 else f"covered by {c} tokens"
        out.append(("tokens", f"characters [{k}, {j}) {text[k:j]!r} are {what}"))
        k = j
    return out


SCHEMAS = ("document", "event-record", "quantity-record")


def json_schema(what: str = "document") -> dict[str, Any]:
    """The JSON Schema of a guide document line, or of an event / quantity record."""
    if what == "document":
        return Document.model_json_schema()
    from . import records  # records builds on this module: imported here, not at the top

    models = {"event-record": records.EventRecord, "quantity-record": records.QuantityRecord}
    if what not in models:
        raise ValueError(f"unknown schema {what!r}; choose one of {', '.join(SCHEMAS)}")
    # serialization: what the records files hold (values as plain numbers)
    return models[what].model_json_schema(mode="serialization")


def json_schema_text(what: str = "document") -> str:
    """The schema as `python -m pipeline schema` prints it and docs/schema/ stores it."""
    return json.dumps(json_schema(what), ensure_ascii=False, indent=2) + "\n"


LAYERS = ("sentences", "tokens", "entities", "quantities", "events")

__all__ = [
    "Span", "Entity", "Quantity", "Argument", "Event", "Meta", "Document", "json_schema", "json_schema_text", "SCHEMAS",
    "ENTITY_LABELS", "EVENT_TYPES", "ROLES", "APPROX", "LAYERS", "check_iso_date", "EVENT_SCHEMA", "EventType", "Role",
]
