"""Exchange guide documents with annotation tools: doccano and Label Studio.

    python -m pipeline export out.jsonl --to doccano --out tasks.jsonl
    python -m pipeline import corrected.jsonl --from doccano --out gold.jsonl

Both tools know labelled spans and relations between them, nothing else, so a guide
document is mapped onto spans (regions) and relations:

* an entity is a span labelled with its label (PER, ORG, …);
* a quantity is a span labelled `QTY`; its counted thing is a relation `item` from the
  QTY span to the item's span;
* an event is its trigger as a span labelled `EV-<TYPE>` (EV-DEPLOY); each argument with
  offsets is a relation from the trigger to the argument's span, typed by the role.

A relation needs a span at the other end: it points at the span already exported at
those offsets (the agent's ORG entity, the quantity's QTY span) or, when there is none,
at a helper span labelled `ARG` (argument) or `ITEM` (counted thing). Helpers are no
layer of the guide; one that nothing points at is an error on import.

What the tools cannot hold travels in one metadata object per document, `bulletin`
(a top-level column in doccano, which keeps extra columns; `data.bulletin` in Label
Studio): the document id and meta, sentences, tokens, which layers were annotated, the
value/unit/approx/kind of each quantity, the ISO value of each date argument (key `values`) and any
argument without offsets. Attributes are keyed by character offsets (never by span
ids: doccano renumbers its spans), so a span the annotator adds or moves has none: its
value/unit/approx are then read from its text by the quantity parser, a date's ISO
value resolved against the publication date, and what cannot be read is an error.

Offsets: doccano counts UTF-16 code units (JavaScript string indices), Label Studio
code points; both are converted here, so an emoji before a span does not shift it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional, Union

from pydantic import ValidationError

from .schema import ENTITY_LABELS, EVENT_TYPES, ROLES, Argument, Document, Entity, Event, Quantity, Span

FORMATS = ("doccano", "labelstudio")
QTY = "QTY"
ARG = "ARG"
ITEM = "ITEM"
EVENT_PREFIX = "EV-"
ITEM_RELATION = "item"
META_KEY = "bulletin"
LAYERS = ("entities", "quantities", "events")
DEFAULT_UNITS = {"doccano": "utf16", "labelstudio": "codepoints"}

SPAN_LABELS = (*ENTITY_LABELS, QTY, *(EVENT_PREFIX + t for t in EVENT_TYPES), ARG, ITEM)
RELATION_TYPES = (*ROLES, ITEM_RELATION)


class ExchangeError(ValueError):
    """A task or line that cannot be converted; the caller adds the file and line."""


@dataclass
class Region:
    id: int
    start: int
    end: int
    label: str


@dataclass
class Link:
    source: int
    target: int
    type: str


@dataclass
class Layout:
    """A document as the tools see it: spans, relations and the `bulletin` metadata."""
    text: str
    regions: list[Region] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)


def _key(start: int, end: int) -> str:
    return f"{start}:{end}"


def _event_key(ev_start: int, ev_end: int, ev_type: str) -> str:
    return f"{ev_start}:{ev_end}:{ev_type}"


# ---------------------------------------------------------------- guide → layout

class _LayoutBuilder:
    def __init__(self, doc: Document):
        self.layout = Layout(doc.text, info=_document_info(doc))
        self.at: dict[tuple[int, int], int] = {}  # first span at these offsets

    def region(self, start: int, end: int, label: str) -> int:
        rid = len(self.layout.regions) + 1
        self.layout.regions.append(Region(rid, start, end, label))
        self.at.setdefault((start, end), rid)
        return rid

    def target(self, start: int, end: int, helper: str) -> int:
        """The span a relation points at: the one already at these offsets, or a helper."""
        found = self.at.get((start, end))
        return found if found is not None else self.region(start, end, helper)

    def link(self, source: int, target: int, kind: str) -> None:
        self.layout.links.append(Link(source, target, kind))


def _document_info(doc: Document) -> dict[str, Any]:
    info: dict[str, Any] = {"id": doc.id, "meta": doc.meta.model_dump(exclude_none=True)}
    for key in ("sentences", "tokens"):
        if getattr(doc, key) is not None:
            info[key] = [list(p) for p in getattr(doc, key)]
    info["layers"] = [k for k in LAYERS if getattr(doc, k) is not None]
    if doc.model_extra:
        info["extra"] = dict(doc.model_extra)
    return info


def to_layout(doc: Document) -> Layout:
    """Spans and relations of a guide document (see the module doc)."""
    b = _LayoutBuilder(doc)
    for e in doc.entities or []:
        b.region(e.start, e.end, e.label)
    _add_quantities(b, doc.quantities or [])
    _add_events(b, doc.events or [])
    return b.layout


def _add_quantities(b: _LayoutBuilder, quantities: list[Quantity]) -> None:
    attrs = b.layout.info.setdefault("quantities", {})
    qids = []
    for q in quantities:
        key = _key(q.start, q.end)
        if key in attrs:
            raise ExchangeError(f"two quantities at [{q.start}, {q.end}): the tools cannot tell their attributes apart")
        attrs[key] = q.model_dump(exclude={"start", "end", "text", "item"}, exclude_none=True)
        qids.append(b.region(q.start, q.end, QTY))
    # items after all QTY spans, so an item that is itself a quantity points at its span
    for q, qid in zip(quantities, qids):
        if q.item is not None:
            b.link(qid, b.target(q.item.start, q.item.end, ITEM), ITEM_RELATION)


def _add_events(b: _LayoutBuilder, events: list[Event]) -> None:
    values = b.layout.info.setdefault("values", {})
    loose = b.layout.info.setdefault("loose_args", {})
    seen: set[str] = set()
    triggers = []
    for ev in events:
        ekey = _event_key(ev.trigger.start, ev.trigger.end, ev.type)
        if ekey in seen:
            raise ExchangeError(f"two {ev.type} events on the trigger [{ev.trigger.start}, {ev.trigger.end})")
        seen.add(ekey)
        triggers.append(b.region(ev.trigger.start, ev.trigger.end, EVENT_PREFIX + ev.type))
    for ev, tid in zip(events, triggers):
        ekey = _event_key(ev.trigger.start, ev.trigger.end, ev.type)
        for k, arg in enumerate(ev.args):
            if arg.start is None or arg.end is None:
                # an agent named elsewhere (guide §6): no span to point at, kept as data
                loose.setdefault(ekey, []).append({"at": k, **arg.model_dump(exclude_none=True)})
                continue
            b.link(tid, b.target(arg.start, arg.end, ARG), arg.role)
            if arg.value is not None:
                values[f"{ekey}>{_key(arg.start, arg.end)}"] = arg.value  # a date's ISO value


# ---------------------------------------------------------------- layout → guide

def from_layout(layout: Layout) -> Document:
    """The guide document of spans and relations read from a tool; ExchangeError if unsound."""
    info = layout.info
    regions = _check_regions(layout)
    by_id = {r.id: r for r in regions}
    _check_links(layout.links, by_id)
    meta = info.get("meta") or {}
    data: dict[str, Any] = {**(info.get("extra") or {}), "id": info.get("id"), "text": layout.text, "meta": meta}
    for key in ("sentences", "tokens"):
        if info.get(key) is not None:
            data[key] = info[key]
    layers = set(info.get("layers", LAYERS))
    out_of: dict[Any, list[Link]] = {}
    for link in layout.links:
        out_of.setdefault(link.source, []).append(link)
    entities = [_span(layout.text, r) | {"label": r.label} for r in regions if r.label in ENTITY_LABELS]
    quantities = [_quantity(layout, r, out_of.get(r.id, []), by_id) for r in regions if r.label == QTY]
    events = [_event(layout, r, out_of.get(r.id, []), by_id, meta.get("date"))
              for r in regions if r.label.startswith(EVENT_PREFIX)]
    for name, items in (("entities", entities), ("quantities", quantities), ("events", events)):
        if name in layers or items:
            data[name] = items
    _check_helpers_used(regions, layout.links)
    return _validated(data)


def _check_regions(layout: Layout) -> list[Region]:
    seen: set[int] = set()
    n = len(layout.text)
    for r in layout.regions:
        if r.id in seen:
            raise ExchangeError(f"span id {r.id!r} is used twice")
        seen.add(r.id)
        if r.label not in SPAN_LABELS:
            raise ExchangeError(f"span {r.id!r} has the unknown label {r.label!r} (known: {', '.join(SPAN_LABELS)})")
        if not (0 <= r.start < r.end <= n):
            raise ExchangeError(f"span {r.id!r} ({r.label}) at [{r.start}, {r.end}) is outside the text (length {n}) or empty")
    return layout.regions


def _check_links(links: list[Link], by_id: dict[int, Region]) -> None:
    for link in links:
        for end in (link.source, link.target):
            if end not in by_id:
                raise ExchangeError(f"relation {link.type!r} {link.source!r} → {link.target!r} points at a missing span id {end!r}")
        source = by_id[link.source]
        if link.type == ITEM_RELATION:
            if source.label != QTY:
                raise ExchangeError(f"relation 'item' must start at a QTY span, not at span {source.id!r} ({source.label})")
        elif link.type in ROLES:
            if not source.label.startswith(EVENT_PREFIX):
                raise ExchangeError(f"relation {link.type!r} must start at an event trigger (EV-…), "
                                    f"not at span {source.id!r} ({source.label})")
        else:
            raise ExchangeError(f"relation {link.source!r} → {link.target!r} has the unknown type {link.type!r} "
                                f"(known: {', '.join(RELATION_TYPES)})")


def _check_helpers_used(regions: list[Region], links: list[Link]) -> None:
    targets = {link.target for link in links}
    for r in regions:
        if r.label in (ARG, ITEM) and r.id not in targets:
            raise ExchangeError(f"span {r.id!r} ({r.label}) at [{r.start}, {r.end}) is the {r.label.lower()} of nothing: "
                                "link it or delete it")


def _span(text: str, r: Region) -> dict[str, Any]:
    return {"start": r.start, "end": r.end, "text": text[r.start:r.end]}


def _quantity(layout: Layout, r: Region, links: list[Link], by_id: dict[Any, Region]) -> dict[str, Any]:
    attrs = (layout.info.get("quantities") or {}).get(_key(r.start, r.end)) or _parsed_quantity(layout.text, r)
    items = [by_id[link.target] for link in links]  # only `item` relations start at a QTY span
    if len(items) > 1:
        raise ExchangeError(f"quantity span {r.id!r} {layout.text[r.start:r.end]!r} has {len(items)} items; a quantity counts one")
    return {**attrs, **_span(layout.text, r), "item": _span(layout.text, items[0]) if items else None}


def _parsed_quantity(text: str, r: Region) -> dict[str, Any]:
    """Attributes of a QTY span that came without them (added or moved in the tool)."""
    from .quantities.extractor import parse_quantity_full

    q = parse_quantity_full(text[r.start:r.end])
    if q is None:
        raise ExchangeError(f"quantity span {r.id!r} {text[r.start:r.end]!r} at [{r.start}, {r.end}) has no stored "
                            "value/unit and its text does not read as a quantity")
    attrs = {"value": q.value, "unit": q.unit, "approx": q.approx, "kind": q.kind}
    if q.value_max is not None:
        attrs["value_max"] = q.value_max
    return attrs


def _event(layout: Layout, r: Region, links: list[Link], by_id: dict[Any, Region],
           pub_date: Optional[str]) -> dict[str, Any]:
    ev_type = r.label[len(EVENT_PREFIX):]
    ekey = _event_key(r.start, r.end, ev_type)
    values = layout.info.get("values") or {}
    args: list[dict[str, Any]] = []
    for link in links:  # in the file's order, which is the arguments' order
        target = by_id[link.target]
        arg = {"role": link.type, **_span(layout.text, target)}
        value = values.get(f"{ekey}>{_key(target.start, target.end)}")
        if value is None and link.type == "date":
            value = _resolved(layout.text, target, pub_date)
        if value is not None:
            arg["value"] = value
        args.append(arg)
    for loose in (layout.info.get("loose_args") or {}).get(ekey, []):
        at = loose.get("at", len(args))
        args.insert(at, {k: v for k, v in loose.items() if k != "at"})
    return {"type": ev_type, "trigger": _span(layout.text, r), "args": args}


def _resolved(text: str, r: Region, pub_date: Optional[str]) -> str:
    from .events.dates import resolve_date

    value = resolve_date(text[r.start:r.end], pub_date)
    if value is None:
        raise ExchangeError(f"date argument {text[r.start:r.end]!r} at [{r.start}, {r.end}) has no stored ISO value "
                            "and cannot be resolved" + ("" if pub_date else " (the document has no publication date)"))
    return value


def _validated(data: dict[str, Any]) -> Document:
    if not isinstance(data.get("id"), str) or not data["id"]:
        raise ExchangeError("the document has no id")
    try:
        doc = Document.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        raise ExchangeError(f"not a valid guide document: {'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    problems = doc.problems()
    if problems:
        raise ExchangeError("not a valid guide document: " + "; ".join(f"{f}: {m}" for f, m in problems[:3]))
    return doc


# ---------------------------------------------------------------- offsets

class Offsets:
    """Code points (Python) ↔ the tool's unit: UTF-16 code units for JavaScript tools."""

    def __init__(self, text: str, unit: str):
        if unit not in ("codepoints", "utf16"):
            raise ValueError(f"offset unit must be codepoints or utf16, got {unit!r}")
        self.identity = unit == "codepoints" or all(ord(c) < 0x10000 for c in text)
        if not self.identity:
            self.units = [0]
            for c in text:
                self.units.append(self.units[-1] + (2 if ord(c) >= 0x10000 else 1))
            self.back = {u: i for i, u in enumerate(self.units)}

    def out(self, i: int) -> int:
        return i if self.identity else self.units[i]

    def into(self, u: Any, what: str) -> int:
        if not isinstance(u, int) or isinstance(u, bool):
            raise ExchangeError(f"{what} offset must be an integer, got {u!r}")
        if self.identity:
            return u
        if not 0 <= u <= self.units[-1]:
            raise ExchangeError(f"{what} offset {u} is outside the text ({self.units[-1]} UTF-16 units)")
        if u not in self.back:
            raise ExchangeError(f"{what} offset {u} falls inside a character (UTF-16 surrogate pair) or outside the text")
        return self.back[u]


# ---------------------------------------------------------------- doccano

def to_doccano(doc: Document, unit: str = "utf16") -> dict[str, Any]:
    layout = to_layout(doc)
    off = Offsets(doc.text, unit)
    return {
        "text": doc.text,
        "entities": [{"id": r.id, "label": r.label, "start_offset": off.out(r.start), "end_offset": off.out(r.end)}
                     for r in layout.regions],
        "relations": [{"id": k, "from_id": link.source, "to_id": link.target, "type": link.type}
                      for k, link in enumerate(layout.links, 1)],
        META_KEY: layout.info,
    }


def from_doccano(obj: Any, unit: str = "utf16") -> Document:
    text = _text_of(obj)
    off = Offsets(text, unit)
    regions = [_doccano_region(e, off) for e in _list_of(obj, "entities")]
    links = [Link(_id(r, "from_id", "relation"), _id(r, "to_id", "relation"), _label(r.get("type")))
             for r in _list_of(obj, "relations")]
    return from_layout(Layout(text, regions, links, _info_of(obj.get(META_KEY), obj.get("id"))))


def _doccano_region(e: dict, off: Offsets) -> Region:
    rid = _id(e, "id", "span")
    return Region(rid, off.into(e.get("start_offset"), f"span {rid!r} start"),
                  off.into(e.get("end_offset"), f"span {rid!r} end"), _label(e.get("label")))


def _text_of(obj: Any) -> str:
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise ExchangeError("expected an object with a string `text`")
    return obj["text"]


def _list_of(obj: dict, key: str) -> list[dict]:
    items = obj.get(key) or []
    if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
        raise ExchangeError(f"`{key}` must be a list of objects")
    return items


def _id(obj: dict, key: str, what: str) -> Any:
    value = obj.get(key)
    if value is None or isinstance(value, (bool, dict, list)):
        raise ExchangeError(f"a {what} has no usable `{key}`: {json.dumps(obj, ensure_ascii=False)[:120]}")
    return value


def _label(value: Any) -> str:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if not isinstance(value, str):
        raise ExchangeError(f"a label must be one string, got {value!r}")
    return value


def _info_of(info: Any, fallback_id: Any) -> dict[str, Any]:
    """The `bulletin` metadata; a task made outside this project has none (all layers annotated)."""
    if info is None:
        info = {}
    if not isinstance(info, dict):
        raise ExchangeError(f"`{META_KEY}` must be an object")
    if "id" not in info and fallback_id is not None:
        info = {**info, "id": str(fallback_id)}
    return info


# ---------------------------------------------------------------- Label Studio

def to_labelstudio(doc: Document, model_version: str, unit: str = "codepoints") -> dict[str, Any]:
    layout = to_layout(doc)
    off = Offsets(doc.text, unit)
    result: list[dict[str, Any]] = [
        {"id": f"r{r.id}", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": off.out(r.start), "end": off.out(r.end), "text": doc.text[r.start:r.end], "labels": [r.label]}}
        for r in layout.regions]
    result += [{"from_id": f"r{link.source}", "to_id": f"r{link.target}", "type": "relation", "direction": "right",
                "labels": [link.type]} for link in layout.links]
    return {"data": {"text": doc.text, META_KEY: layout.info},
            "predictions": [{"model_version": model_version, "result": result}]}


def from_labelstudio(task: Any, unit: str = "codepoints") -> Document:
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise ExchangeError("expected a task object with `data`")
    data = task["data"]
    text = _text_of(data)
    off = Offsets(text, unit)
    regions, links = [], []
    for res in _chosen_result(task):
        if res.get("type") == "labels":
            regions.append(_labelstudio_region(res, text, off))
        elif res.get("type") == "relation":
            links.append(Link(_id(res, "from_id", "relation"), _id(res, "to_id", "relation"), _label(res.get("labels"))))
        # other result types (a comment textarea, choices) carry nothing of the guide
    return from_layout(Layout(text, regions, links, _info_of(data.get(META_KEY), task.get("id"))))


def _chosen_result(task: dict) -> list[dict]:
    """A human annotation wins over the pipeline's prediction: the last one not cancelled."""
    for key in ("annotations", "predictions"):
        entries = task.get(key) or []
        if not isinstance(entries, list):
            raise ExchangeError(f"`{key}` must be a list")
        kept = [a for a in entries if isinstance(a, dict) and not a.get("was_cancelled")]
        if kept:
            chosen = kept[-1] if key == "annotations" else kept[0]
            return _list_of(chosen, "result")
    return []


def _labelstudio_region(res: dict, text: str, off: Offsets) -> Region:
    value = res.get("value")
    if not isinstance(value, dict):
        raise ExchangeError(f"labels result {res.get('id')!r} has no `value` object")
    rid = _id(res, "id", "labels result")
    region = Region(rid, off.into(value.get("start"), f"span {rid!r} start"),
                    off.into(value.get("end"), f"span {rid!r} end"), _label(value.get("labels")))
    shown = value.get("text")
    if shown is not None and 0 <= region.start < region.end <= len(text) and text[region.start:region.end] != shown:
        # the usual cause: offsets counted in another unit (see --offsets)
        raise ExchangeError(f"span {region.id!r} says {shown!r} but text[{region.start}:{region.end}] is "
                            f"{text[region.start:region.end]!r} (offsets in another unit? see --offsets)")
    return region


def labelstudio_config() -> str:
    """A Label Studio labeling config for the exported tasks (Project → Settings → Labeling Interface)."""
    labels = "\n".join(f'    <Label value="{name}"/>' for name in SPAN_LABELS)
    relations = "\n".join(f'    <Relation value="{name}"/>' for name in RELATION_TYPES)
    return (f'<View>\n  <Relations>\n{relations}\n  </Relations>\n  <Labels name="label" toName="text">\n{labels}\n'
            '  </Labels>\n  <Text name="text" value="$text"/>\n</View>\n')


# ---------------------------------------------------------------- files

@dataclass
class Outcome:
    documents: int = 0
    problems: list[str] = field(default_factory=list)


def iter_doccano(path: Path) -> Iterator[tuple[str, Any]]:
    """(where, object or ExchangeError) per non-blank line, streamed."""
    from .io import _parse_json

    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            where = f"{path}:{lineno}"
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as err:
                yield where, ExchangeError(f"not UTF-8 (invalid byte at offset {err.start} of the line)")
                continue
            if line.strip():
                obj, problem = _parse_json(line)
                yield where, ExchangeError(problem) if problem else obj


def iter_labelstudio(path: Path) -> Iterator[tuple[str, Any]]:
    """(where, task) of a Label Studio JSON export: a list of tasks (or one task)."""
    from .io import _parse_json, read_text_file

    obj, problem = _parse_json(read_text_file(path)[0])
    if problem:
        raise ExchangeError(f"{path}: {problem}")
    tasks = obj if isinstance(obj, list) else [obj]
    for k, task in enumerate(tasks):
        tid = task.get("id") if isinstance(task, dict) else None
        yield f"{path} task {k}" + (f" (id {tid})" if tid is not None else ""), task


def import_file(src: Union[str, Path], out: Union[str, Path], fmt: str, unit: Optional[str] = None) -> Outcome:
    """Tool file → guide JSONL (written through JsonlWriter: whole or not at all).

    A bad line or task is reported as `where: message` and skipped; the rest is written."""
    from .io import JsonlWriter, dump_document

    unit = unit or DEFAULT_UNITS[fmt]
    read, convert = (iter_doccano, from_doccano) if fmt == "doccano" else (iter_labelstudio, from_labelstudio)
    outcome = Outcome()
    seen: dict[str, str] = {}
    with JsonlWriter(out) as writer:
        for where, obj in read(Path(src)):
            try:
                if isinstance(obj, ExchangeError):
                    raise obj
                doc = convert(obj, unit)
                if doc.id in seen:
                    raise ExchangeError(f"duplicate document id {doc.id!r} (first at {seen[doc.id]})")
            except (ExchangeError, RecursionError) as err:
                outcome.problems.append(f"{where}: {err if isinstance(err, ExchangeError) else 'nested too deeply'}")
                continue
            seen[doc.id] = where
            writer.write(dump_document(doc))
            outcome.documents += 1
    return outcome


def export_file(docs: list[Document], out: Union[str, Path], fmt: str, unit: Optional[str] = None,
                model_version: Optional[str] = None) -> Outcome:
    """Guide documents → doccano JSONL or a Label Studio JSON list (written atomically)."""
    from . import __version__
    from .io import atomic_output

    unit = unit or DEFAULT_UNITS[fmt]
    version = model_version or f"bulletin-ie {__version__}"
    outcome = Outcome()
    with atomic_output(out, encoding="utf-8") as fh:
        if fmt == "labelstudio":
            fh.write("[\n")
        for doc in docs:
            try:
                item = to_doccano(doc, unit) if fmt == "doccano" else to_labelstudio(doc, version, unit)
            except ExchangeError as err:
                outcome.problems.append(f"document {doc.id!r}: {err}")
                continue
            sep = ",\n" if fmt == "labelstudio" and outcome.documents else ""
            fh.write(sep + json.dumps(item, ensure_ascii=False) + ("\n" if fmt == "doccano" else ""))
            outcome.documents += 1
        if fmt == "labelstudio":
            fh.write("\n]\n")
    return outcome
