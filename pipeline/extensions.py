"""Custom attributes every stage reads or writes on the spaCy Doc.

The Doc's text is the normalised view; stages write their results as guide schema
objects with offsets into `doc.text` (the view). Only `pipeline.export` maps them to
raw offsets, so no stage has to think about line breaks or full-width characters.
Character offsets (not token indices) are used because Chinese entity and quantity
boundaries often fall inside a segmenter's word ("合川区" vs "合川").
"""
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
