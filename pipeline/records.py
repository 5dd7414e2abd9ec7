"""Flat, validated records for analysts: one row per event × quantity, one row per quantity.

Documents (guide JSONL) are good for scoring but awkward in a spreadsheet; these
records put each fact on one row with its document, publication date and sentence:

    python -m pipeline records out.jsonl --out events.csv                  # events
    python -m pipeline records out.jsonl --out quantities.csv --what quantities
    python -m pipeline records out.jsonl --out events.jsonl                # JSONL by suffix

An event with two quantities (出动人员158余人、车辆25台) gives two rows that share the
event's other columns; an event with none gives one row with empty quantity columns.
CSV is written as UTF-8 with a BOM so spreadsheet programs read the Chinese correctly.
"""
from __future__ import annotations

import bisect
import csv
import json
import re
from pathlib import Path
from typing import Iterable, Iterator, Literal, Optional, Union

from pydantic import BaseModel, field_serializer

from .lexicon_util import plain_number
from .schema import Document, EventType, Quantity

SEPARATOR = "；"  # joins several agents / locations in one cell
LINE_BREAK = re.compile(r"[ \t\u3000]*\n\s*")


class _Record(BaseModel):
    """Where a fact comes from: the document, its publication and the sentence."""
    doc_id: str
    source: Optional[str] = None
    publication_date: Optional[str] = None
    sentence: Optional[str] = None

    @field_serializer("value", check_fields=False)
    def _plain(self, v: Optional[float]):
        return plain_number(v)


class QuantityRecord(_Record):
    text: str
    value: float
    unit: str
    approx: str
    item: Optional[str] = None
    kind: Optional[str] = None
    start: int
    end: int


class EventRecord(_Record):
    event_type: EventType
    trigger: str
    agent: Optional[str] = None
    date: Optional[str] = None
    location: Optional[str] = None
    recipient: Optional[str] = None
    quantity_text: Optional[str] = None
    value: Optional[float] = None
    unit: Optional[str] = None
    approx: Optional[str] = None
    item: Optional[str] = None
    kind: Optional[str] = None
    trigger_start: int
    trigger_end: int


class _Sentences:
    """The sentence text around an offset (documents without sentences give None)."""

    def __init__(self, doc: Document):
        self.text = doc.text
        self.spans = sorted(doc.sentences or [])
        self.starts = [s for s, _ in self.spans]

    def around(self, offset: int) -> Optional[str]:
        k = bisect.bisect_right(self.starts, offset) - 1
        if k >= 0 and offset < self.spans[k][1]:
            s, e = self.spans[k]
            # a sentence that crosses layout line breaks reads as one line ("电\n力" → 电力)
            return LINE_BREAK.sub("", self.text[s:e])
        return None


def _joined(values: Iterable[str]) -> Optional[str]:
    unique = list(dict.fromkeys(v for v in values if v))
    return SEPARATOR.join(unique) if unique else None


def quantity_records(doc: Document) -> Iterator[QuantityRecord]:
    sentences = _Sentences(doc)
    for q in doc.quantities or []:
        yield QuantityRecord(doc_id=doc.id, source=doc.meta.source, publication_date=doc.meta.date,
                             sentence=sentences.around(q.start), text=q.text, value=q.value, unit=q.unit,
                             approx=q.approx, item=q.item.text if q.item else None, kind=q.kind,
                             start=q.start, end=q.end)


def event_records(doc: Document) -> Iterator[EventRecord]:
    sentences = _Sentences(doc)
    by_span = {(q.start, q.end): q for q in doc.quantities or []}
    for ev in doc.events or []:
        roles: dict[str, list] = {}
        for arg in ev.args:
            roles.setdefault(arg.role, []).append(arg)
        dates = [a.value for a in roles.get("date", []) if a.value]
        common = dict(
            doc_id=doc.id, source=doc.meta.source, publication_date=doc.meta.date,
            sentence=sentences.around(ev.trigger.start), event_type=ev.type, trigger=ev.trigger.text,
            agent=_joined(a.text for a in roles.get("agent", [])), date=dates[0] if dates else None,
            location=_joined(a.text for a in roles.get("location", [])),
            recipient=_joined(a.text for a in roles.get("recipient", [])),
            trigger_start=ev.trigger.start, trigger_end=ev.trigger.end,
        )
        quantities: list[Optional[Quantity]] = [by_span.get((a.start, a.end)) for a in roles.get("quantity", [])]
        for q in [q for q in quantities if q is not None] or [None]:
            extra = {} if q is None else dict(
                quantity_text=q.text, value=q.value, unit=q.unit, approx=q.approx,
                item=q.item.text if q.item else None, kind=q.kind)
            yield EventRecord(**common, **extra)


# A spreadsheet reads a cell starting with one of these as a formula (CSV injection):
# such text cells get a leading apostrophe, which spreadsheets show as plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_records(records: Iterable[BaseModel], path: Union[str, Path],
                  model: type[BaseModel], fmt: Optional[Literal["csv", "jsonl"]] = None) -> int:
    """Write records as CSV (UTF-8 with BOM) or JSONL (chosen by `fmt` or the suffix).

    Written to a temporary file renamed into place, so a failure leaves the previous file.
    """
    from .io import atomic_output

    path = Path(path)
    fmt = fmt or ("jsonl" if path.suffix.lower() in (".jsonl", ".ndjson", ".json") else "csv")
    count = 0
    if fmt == "jsonl":
        with atomic_output(path, encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(r.model_dump(exclude_none=True), ensure_ascii=False) + "\n")
                count += 1
        return count
    with atomic_output(path, encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(model.model_fields))
        writer.writeheader()
        for r in records:
            writer.writerow({k: csv_cell(v) for k, v in r.model_dump().items()})
            count += 1
    return count
