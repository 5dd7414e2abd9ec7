"""Render guide Documents as one self-contained HTML page: `python -m pipeline show`.

The page is drawn from the guide-format `Document` (raw offsets), never from a spaCy
Doc, so a gold file, a predictions file and a fresh run look the same. Each document's
text is shown as read (its line breaks kept), with entities (coloured by label),
quantities (underlined; value, unit, approx, item and kind in the tooltip and in a list),
quantity items (dotted) and event triggers (boxed by type) marked; the event frames are
listed beside the text (under it on a phone), each linked to its trigger, and tapping a
frame or a trigger highlights its arguments in the text.

Spans of different layers overlap (an agent inside an entity, a trigger inside a
quantity, in hand-made gold anything): `nest` cuts the text at every span boundary
and closes and reopens elements so the HTML is always well nested; the pieces of one
span share its `data-k` key.

Everything is inline (CSS, a few lines of JS, no fonts, no URLs): the file opens
offline and sends nothing anywhere. Every text is escaped with `html.escape`, and the
script only sets classes and `textContent`, so a bulletin cannot inject markup.
"""
from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence, Union

from .lexicon_util import plain_number
from .schema import ENTITY_LABELS, EVENT_TYPES, Document, Event, Quantity

# Nesting order of marks covering the same characters: lower is outer.
LAYER_ORDER = {"ent": 0, "qty": 1, "arg": 2, "trg": 3, "item": 4}


@dataclass(frozen=True)
class Mark:
    """One annotated span of a document, to become one element (or several pieces)."""
    start: int
    end: int
    layer: str                           # a key of LAYER_ORDER
    key: str                             # unique in the page: "d0-e3"
    classes: str                         # CSS classes besides "m" and the layer
    title: str                           # the tooltip and the info bar's text
    event: Optional[str] = None          # the key of the event a trigger or argument belongs to


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


# ---------------------------------------------------------------- marks

def marks_of(doc: Document, prefix: str) -> list[Mark]:
    """Every span of the document to mark in its text, keys prefixed with `prefix`."""
    marks = [Mark(e.start, e.end, "ent", f"{prefix}-e{i}", f"ent-{e.label}", e.label)
             for i, e in enumerate(doc.entities or [])]
    for i, q in enumerate(doc.quantities or []):
        marks.append(Mark(q.start, q.end, "qty", f"{prefix}-q{i}", "", quantity_summary(q)))
        if q.item is not None:
            marks.append(Mark(q.item.start, q.item.end, "item", f"{prefix}-q{i}i", "", f"item counted by {q.text}"))
    for i, ev in enumerate(doc.events or []):
        marks.extend(_event_marks(ev, f"{prefix}-v{i}"))
    return marks


def _event_marks(ev: Event, key: str) -> list[Mark]:
    out = [Mark(ev.trigger.start, ev.trigger.end, "trg", f"{key}-t", f"trg-{ev.type}", event_summary(ev), key)]
    for j, arg in enumerate(ev.args):
        if arg.start is not None and arg.end is not None:
            out.append(Mark(arg.start, arg.end, "arg", f"{key}-a{j}", f"arg-{arg.role}",
                            f"{arg.role} of {ev.type} {ev.trigger.text}", key))
    return out


def quantity_summary(q: Quantity) -> str:
    value = plain_number(q.value)
    if q.value_max is not None:
        value = f"{value}–{plain_number(q.value_max)}"
    parts = [f"{q.text} = {value} {q.unit}".rstrip(), q.approx]
    if q.item is not None:
        parts.append(f"item {q.item.text}")
    if q.kind:
        parts.append(q.kind)
    return " · ".join(parts)


def event_summary(ev: Event) -> str:
    args = "; ".join(f"{a.role} {a.value or a.text}" for a in ev.args)
    return f"{ev.type} {ev.trigger.text}" + (f": {args}" if args else "")


# ---------------------------------------------------------------- nesting

def nest(text: str, marks: Sequence[Mark]) -> str:
    """The escaped text with every mark as a <span>, well nested whatever the overlaps.

    The text is cut at every boundary; for each piece the covering marks are wanted
    open, outermost first (earlier start, then later end, then LAYER_ORDER). Elements
    open that are no longer wanted, or sit inside one that must close, are closed, and
    reopened as a continuation piece when still wanted. A sweep over the cuts keeps the
    covering set, so the work is linear in the pieces times the marks covering each.
    """
    ordered = sorted(marks, key=lambda m: (m.start, -m.end, LAYER_ORDER[m.layer]))
    rank = {m.key: r for r, m in enumerate(ordered)}
    starting: dict[int, list[Mark]] = {}
    for m in ordered:
        starting.setdefault(m.start, []).append(m)
    cuts = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    covering: dict[str, Mark] = {}
    opened: list[Mark] = []
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        covering = {k: m for k, m in covering.items() if m.end > a}
        covering.update((m.key, m) for m in starting.get(a, ()))
        wanted = sorted(covering.values(), key=lambda m: rank[m.key])
        keep = _common_prefix(opened, wanted)
        out.append("</span>" * (len(opened) - keep))
        out.extend(_open_tag(m, first=m.start == a) for m in wanted[keep:])
        opened = wanted
        out.append(esc(text[a:b]))
    out.append("</span>" * len(opened))
    return "".join(out)


def _common_prefix(a: list[Mark], b: list[Mark]) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n].key == b[n].key:
        n += 1
    return n


def _open_tag(m: Mark, first: bool) -> str:
    # Only the first piece carries the id (the target of the event list's links).
    attrs = f' id="{esc(m.key)}"' if first else ""
    attrs += f' class="m {m.layer} {esc(m.classes)}" data-k="{esc(m.key)}" title="{esc(m.title)}"'
    if m.event:
        attrs += f' data-ev="{esc(m.event)}"'
    return f"<span{attrs}>"


# ---------------------------------------------------------------- panels

def events_panel(doc: Document, prefix: str) -> str:
    if doc.events is None:
        return '<p class="none">Events not annotated.</p>'
    items = "".join(_event_item(ev, f"{prefix}-v{i}") for i, ev in enumerate(doc.events))
    return f'<h3>Events ({len(doc.events)})</h3><ol class="events">{items}</ol>'


def _event_item(ev: Event, key: str) -> str:
    args = "".join(
        f'<li><span class="role role-{esc(a.role)}">{esc(a.role)}</span> {esc(a.text)}'
        + (f' <span class="iso">{esc(a.value)}</span>' if a.value else "") + "</li>"
        for a in ev.args)
    return (f'<li class="ev" data-ev="{esc(key)}"><a class="badge ev-{esc(ev.type)}" href="#{esc(key)}-t">'
            f'{esc(ev.type)}</a> <b>{esc(ev.trigger.text)}</b>'
            + (f'<ul class="args">{args}</ul>' if args else "") + "</li>")


def quantities_panel(doc: Document, prefix: str) -> str:
    if doc.quantities is None:
        return '<p class="none">Quantities not annotated.</p>'
    items = "".join(f'<li><a href="#{esc(prefix)}-q{i}">{esc(quantity_summary(q))}</a></li>'
                    for i, q in enumerate(doc.quantities))
    return (f'<details class="qlist"><summary>Quantities ({len(doc.quantities)})</summary>'
            f'<ul>{items}</ul></details>')


def counts_line(doc: Document) -> str:
    parts = []
    for layer in ("entities", "quantities", "events"):
        spans = getattr(doc, layer)
        parts.append(_count(len(spans), layer) if spans is not None else f"{layer} not annotated")
    labels = Counter(e.label for e in doc.entities or [])
    if labels:
        parts[0] += " (" + ", ".join(f"{n} {lab}" for lab, n in sorted(labels.items())) + ")"
    return " · ".join(parts)


SINGULAR = {"entities": "entity", "quantities": "quantity", "events": "event"}


def _count(n: int, layer: str) -> str:
    return f"{n} {SINGULAR[layer] if n == 1 else layer}"


def meta_line(doc: Document, origin: str) -> str:
    fields = [doc.meta.date, doc.meta.source, doc.meta.title, origin]
    return " · ".join(esc(f) for f in fields if f)


# ---------------------------------------------------------------- documents and the page

def render_document(doc: Document, origin: str, prefix: str) -> str:
    body = nest(doc.text, marks_of(doc, prefix))
    return (f'<article id="{esc(prefix)}"><h2>{esc(doc.id)}</h2>'
            f'<p class="meta">{meta_line(doc, origin)}</p><p class="counts">{esc(counts_line(doc))}</p>'
            f'<div class="cols"><div class="text" lang="zh">{body}</div>'
            f'<aside>{events_panel(doc, prefix)}{quantities_panel(doc, prefix)}</aside></div></article>')


def legend() -> str:
    ents = "".join(f'<span class="m ent ent-{lab}">{lab}</span> ' for lab in ENTITY_LABELS)
    types = "".join(f'<span class="m trg trg-{t}">{t}</span> ' for t in EVENT_TYPES)
    return (f'<div class="legend"><p>Entities: {ents}</p>'
            '<p><span class="m qty">quantity</span> <span class="m item">counted item</span> '
            '<span class="m arg on">event argument</span></p>'
            f'<p>Event triggers: {types}</p>'
            '<p class="hint">Tap or hover a mark for its details; tap an event to see its arguments.</p></div>')


def contents(shown: Sequence[tuple[Document, str]]) -> str:
    if len(shown) < 2:
        return ""
    items = "".join(f'<li><a href="#d{i}">{esc(doc.id)}</a></li>' for i, (doc, _) in enumerate(shown))
    return f'<details class="toc"><summary>{len(shown)} documents</summary><ol>{items}</ol></details>'


def failures_section(failures: Sequence[str]) -> str:
    if not failures:
        return ""
    items = "".join(f"<li>{esc(f)}</li>" for f in failures)
    return f'<section class="failures"><h2>Not shown ({len(failures)})</h2><ul>{items}</ul></section>'


def render_page(shown: Iterable[tuple[Document, str]], failures: Sequence[str] = (),
                title: str = "bulletin-ie") -> str:
    """The whole page for (document, where it came from) pairs; `failures` are listed at the end."""
    shown = list(shown)
    articles = "".join(render_document(doc, origin, f"d{i}") for i, (doc, origin) in enumerate(shown))
    return (f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{CSS}</style></head><body><main>"
            f"<h1>{esc(title)}</h1>{legend()}{contents(shown)}{articles}{failures_section(failures)}</main>"
            f'<div id="info" role="status" aria-live="polite"></div><script>{JS}</script></body></html>\n')


def write_page(path: Union[str, Path], page: str) -> None:
    from .io import atomic_output

    with atomic_output(path, encoding="utf-8") as fh:
        fh.write(page)


# Colours: one background per entity label, one outline per event type; quantities are
# underlined and items dotted so they stay visible inside a coloured entity.
CSS = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f4f4f2;color:#1d1d1d;font:16px/1.9 system-ui,-apple-system,"PingFang SC",
"Noto Sans CJK SC","Microsoft YaHei",sans-serif;overflow-wrap:anywhere}
main{max-width:76rem;margin:0 auto;padding:.75rem}
h1{font-size:1.3rem;margin:.25rem 0}
h2{font-size:1.1rem;margin:0 0 .25rem}
h3{font-size:1rem;margin:.25rem 0}
article,.legend,.toc,.failures{background:#fff;border:1px solid #ddd;border-radius:8px;padding:.75rem;margin:0 0 1rem}
.legend p{margin:.2rem 0}
.meta,.counts,.hint,.none{color:#555;font-size:.85rem;margin:.1rem 0}
.cols{display:grid;grid-template-columns:minmax(0,1fr);gap:1rem}
@media (min-width:56rem){.cols{grid-template-columns:minmax(0,2fr) minmax(0,1fr)}}
.text{white-space:pre-wrap;word-break:break-word;overflow-wrap:anywhere;min-width:0}
aside{min-width:0;font-size:.9rem}
.m{border-radius:3px;cursor:pointer}
.ent{padding:0 1px}
.ent-PER{background:#ffd7d7}.ent-ORG{background:#d6e6ff}.ent-GPE{background:#d8f3d8}
.ent-LOC{background:#fff0c2}.ent-DATE{background:#ead9ff}.ent-TIME{background:#f6d9f0}
.qty{border-bottom:3px solid #0a8a6a}
.item{border-bottom:2px dotted #0a8a6a}
.trg{outline:2px solid #777;font-weight:600}
.trg-DEPLOY{outline-color:#d9480f}.trg-DONATE{outline-color:#c2255c}.trg-SUPPLY{outline-color:#1971c2}
.trg-SERVE{outline-color:#2b8a3e}.trg-TEST{outline-color:#7048e8}.trg-CONTROL{outline-color:#495057}
.arg.on{background:#ffe066;box-shadow:0 0 0 2px #f08c00}
.trg.on,.trg:target{background:#ffe066}
.ev.on{background:#fff3bf}
.events,.args,.qlist ul,.toc ol{margin:.25rem 0;padding-left:1.4rem}
.ev{cursor:pointer;border-radius:4px;padding:.1rem .2rem}
.badge{display:inline-block;color:#fff;background:#777;border-radius:3px;padding:0 .35rem;font-size:.8rem;
text-decoration:none}
.ev-DEPLOY{background:#d9480f}.ev-DONATE{background:#c2255c}.ev-SUPPLY{background:#1971c2}
.ev-SERVE{background:#2b8a3e}.ev-TEST{background:#7048e8}.ev-CONTROL{background:#495057}
.role{font-size:.75rem;color:#555;border:1px solid #bbb;border-radius:3px;padding:0 .25rem}
.iso{font-family:ui-monospace,monospace;font-size:.8rem;color:#0b7285}
.qlist a{color:inherit}
#info{position:fixed;left:0;right:0;bottom:0;background:#1d1d1d;color:#fff;padding:.4rem .75rem;font-size:.9rem}
#info:empty{display:none}
"""

# Tapping a mark shows its title in the info bar (phones have no hover); tapping an event
# or its trigger highlights the trigger and the arguments. Only classes and textContent
# are set: no document text is ever parsed as HTML.
JS = """
(function(){
  var info=document.getElementById('info'), lit=[];
  function light(key){
    lit.forEach(function(e){e.classList.remove('on')});
    lit=key?Array.prototype.slice.call(document.querySelectorAll('[data-ev="'+key+'"]')):[];
    lit.forEach(function(e){e.classList.add('on')});
  }
  document.addEventListener('click',function(e){
    var ev=e.target.closest('.ev'), m=e.target.closest('.m[data-k]');
    if(ev){light(ev.getAttribute('data-ev'));return;}
    if(m){info.textContent=m.title;light(m.getAttribute('data-ev'));}
    else{info.textContent='';light(null);}
  });
})();
"""
