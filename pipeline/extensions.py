"""Custom attributes every stage reads or writes on the spaCy Doc.

The Doc's text is the normalised view; stages write their results as guide schema
objects with offsets into `doc.text` (the view). Only `pipeline.export` maps them to
raw offsets, so no stage has to think about line breaks or full-width characters.
Character offsets (not token indices) are used because Chinese entity and quantity
boundaries often fall inside a segmenter's word ("合川区" vs "合川").
"""
from typing import Optional

from spacy.tokens import Doc

_ATTRS = {
    "raw_text": None,      # str: the document exactly as read
    "raw_index": None,     # list[int]: raw position of each view character
    "meta": None,          # dict: the input's meta (date, source, title, encoding …)
    "doc_id": None,        # str
    "sentences": None,     # list[tuple[int, int]] view offsets
    "words": None,         # list[tuple[int, int, str]] view offsets + part of speech (the LAC backbone)
    "entities": None,      # list[schema.Entity] view offsets
    "quantities": None,    # list[schema.Quantity] view offsets
    "events": None,        # list[schema.Event] view offsets
}


def register() -> None:
    for name, default in _ATTRS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register()


# ---------------------------------------------------------------- spaCy's own containers

def text_of(doc: Doc) -> str:
    """The Doc's text, joined once and kept: spaCy rebuilds `doc.text` from its tokens on
    every access (a Python object per token), which cost the events stage a quarter of its
    time. A Doc's text never changes (retokenizing keeps it), so the cache cannot go stale."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


TEXT_KEY = "bulletin_ie.text"


def sync_spacy_spans(doc: Doc, layer: Optional[str] = None) -> Doc:
    """Mirror the stages' view-offset objects into spaCy's containers, so displaCy and other
    spaCy tools work on the pipeline's Docs (called at the end of every annotating stage,
    with the layer it wrote; None: every layer).

    * `doc.ents`: the entities whose offsets fall on token boundaries (strict alignment;
      a Chinese name often ends inside a segmenter's word, and such a name cannot be a
      token-level entity, so it is left out of `doc.ents` only);
    * `doc.spans["entities"]`, `["quantities"]`, `["events"]`: every entity (by label),
      quantity (labelled with its kind, else QUANTITY) and event trigger (labelled with
      the event type), expanded to the tokens they touch so that none is lost.

    `doc._.*` stays the source of truth (character offsets, what export() writes); a layer's
    containers are rebuilt from it, so the order of stages does not matter. Only the layer
    a stage wrote is rebuilt: setting `doc.ents` walks every token.
    """
    from spacy.util import filter_spans

    if layer in (None, "entities"):
        entities = doc._.entities or []
        aligned = [doc.char_span(e.start, e.end, label=e.label) for e in entities]
        # doc.ents cannot hold overlapping spans; the entity stage never overlaps, a
        # third-party stage might, and a mirror must not make the stage fail.
        doc.ents = filter_spans([s for s in aligned if s is not None])
        doc.spans["entities"] = _expanded(doc, [(e.start, e.end, e.label) for e in entities])
    if layer in (None, "quantities"):
        doc.spans["quantities"] = _expanded(doc, [(q.start, q.end, q.kind or "QUANTITY")
                                                  for q in doc._.quantities or []])
    if layer in (None, "events"):
        doc.spans["events"] = _expanded(doc, [(ev.trigger.start, ev.trigger.end, ev.type)
                                              for ev in doc._.events or []])
    return doc


def _expanded(doc: Doc, spans: list[tuple[int, int, str]]) -> list:
    out = []
    for start, end, label in spans:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is None:  # only for offsets outside the text, which a stage never writes
            raise ValueError(f"span [{start}, {end}) {label} lies outside the text (length {len(doc.text)})")
        out.append(span)
    return out
