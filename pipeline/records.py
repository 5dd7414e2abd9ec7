"""Flat, validated records for analysts: one row per event × quantity, one row per quantity.

Documents (guide JSONL) are good for scoring but awkward in a spreadsheet; these
records put each fact on one row with its document, publication date and sentence:

    python -m pipeline records out.jsonl --out events.csv                  # events
    python -m pipeline records out.jsonl --out quantities.csv --what quantities
    python -m pipeline records out.jsonl --out events.jsonl                # JSONL by suffix
    python -m pipeline records out.jsonl --out events.xlsx                 # an Excel workbook

An event with two quantities (出动人员158余人、车辆25台) gives two rows that share the
event's other columns; an event with none gives one row with empty quantity columns.
CSV is written as UTF-8 with a BOM so spreadsheet programs read the Chinese correctly.

Text columns carry the words as a reader writes them: a line break the page layout put
inside a name (市委\n宣传部) is removed; the offset columns still index the raw text.
"""
from __future__ import annotations

import bisect
import csv
import json
import re
from pathlib import Path
from typing import Annotated, Iterable, Iterator, Literal, Optional, Union

from pydantic import AfterValidator, BaseModel, field_serializer

from .lexicon_util import plain_number
from .schema import Document, EventType, Quantity

SEPARATOR = "；"  # joins several agents / locations in one cell
LINE_BREAK = re.compile(r"[ \t\u3000]*\n\s*")


def as_written(text: Optional[str]) -> Optional[str]:
    """The text without the line breaks (and the indentation around them) of the page
    layout: a record's cell holds 市委宣传部, not 市委\n宣传部. Inside one span or one
    sentence every line break is layout (sentences end at the breaks the text keeps)."""
    return LINE_BREAK.sub("", text) if text else text


# A record text column: what a reader sees; the raw text is behind the offset columns.
Text = Annotated[str, AfterValidator(as_written)]


class _Record(BaseModel):
    """Where a fact comes from: the document, its publication and the sentence."""
    doc_id: str
    source: Optional[str] = None
    publication_date: Optional[str] = None
    sentence: Optional[Text] = None

    @field_serializer("value", check_fields=False)
    def _plain(self, v: Optional[float]):
        return plain_number(v)


class QuantityRecord(_Record):
    """One quantity of a document (`records --what quantities`); start/end index the raw text."""
    text: Text
    value: float
    unit: str
    approx: str
    item: Optional[Text] = None
    kind: Optional[str] = None
    start: int
    end: int


class EventRecord(_Record):
    """One event x one of its quantities (`records`); trigger_start/trigger_end index the raw text."""
    event_type: EventType
    trigger: Text
    agent: Optional[Text] = None
    date: Optional[str] = None
    location: Optional[Text] = None
    recipient: Optional[Text] = None
    quantity_text: Optional[Text] = None
    value: Optional[float] = None
    unit: Optional[str] = None
    approx: Optional[str] = None
    item: Optional[Text] = None
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
            return self.text[s:e]  # the record's Text type removes layout line breaks
        return None


def _joined(values: Iterable[str]) -> Optional[str]:
    # as written before de-duplicating: 市委\n宣传部 and 市委宣传部 are one agent
    unique = list(dict.fromkeys(as_written(v) for v in values if v))
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


FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".xlsx": "xlsx"}
Format = Literal["csv", "jsonl", "xlsx"]


class RecordFormatError(ValueError):
    """The output's format cannot be told from its name (a usage error)."""


def record_format(path: Union[str, Path], fmt: Optional[str] = None) -> str:
    """The format asked for, else the one the suffix names; an unknown suffix is an error
    rather than a CSV under a misleading name (`events.xls` would not open in Excel)."""
    if fmt:
        return fmt
    found = FORMATS.get(Path(path).suffix.lower())
    if found is None:
        allowed = ", ".join(FORMATS)
        raise RecordFormatError(f"cannot tell the records format of {path}: name it with one of {allowed} "
                                "(or give --format csv|jsonl|xlsx)")
    return found


def write_records(records: Iterable[BaseModel], path: Union[str, Path],
                  model: type[BaseModel], fmt: Optional[Format] = None) -> int:
    """Write records as CSV (UTF-8 with BOM), JSONL or an Excel workbook, chosen by `fmt`
    or the suffix (`record_format`); returns the number of records.

    Written to a temporary file renamed into place, so a failure leaves the previous file.
    """
    writer = {"csv": _write_csv, "jsonl": _write_jsonl, "xlsx": _write_xlsx}[record_format(path, fmt)]
    return writer(records, Path(path), list(model.model_fields))


def _write_jsonl(records: Iterable[BaseModel], path: Path, columns: list[str]) -> int:
    from .io import atomic_output

    count = 0
    with atomic_output(path, encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r.model_dump(exclude_none=True), ensure_ascii=False) + "\n")
            count += 1
    return count


def _write_csv(records: Iterable[BaseModel], path: Path, columns: list[str]) -> int:
    from .io import atomic_output

    count = 0
    with atomic_output(path, encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        for r in records:
            writer.writerow({k: csv_cell(v) for k, v in r.model_dump().items()})
            count += 1
    return count


# A workbook cell cannot hold control characters (openpyxl refuses them; they become
# U+FFFD) nor, for Excel, more than 32,767 characters (one "sentence" of a text without
# punctuation can be longer; it is cut with an ellipsis).
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX_CELL_MAX = 32767


def xlsx_cell(ws, value):
    """A write-only cell; strings are always text cells, never formulas (openpyxl would
    make `=…` a formula, the spreadsheet form of CSV injection)."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        value = _XLSX_ILLEGAL.sub("\ufffd", value)
        if len(value) > XLSX_CELL_MAX:
            value = value[:XLSX_CELL_MAX - 1] + "…"
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _write_xlsx(records: Iterable[BaseModel], path: Path, columns: list[str]) -> int:
    from openpyxl import Workbook

    from .io import atomic_output

    wb = Workbook(write_only=True)  # streams rows: a large batch is not held as cells
    ws = wb.create_sheet("records")
    ws.freeze_panes = "A2"
    ws.append([xlsx_cell(ws, c) for c in columns])
    count = 0
    for r in records:
        row = r.model_dump()
        ws.append([xlsx_cell(ws, row[c]) for c in columns])
        count += 1
    with atomic_output(path, mode="wb") as fh:
        wb.save(fh)
    return count
