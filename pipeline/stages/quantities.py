"""The quantities stage: guide §5/§7 quantities on the normalised view (issue #4).

Sets `doc._.quantities` to `schema.Quantity` objects with offsets into `doc.text`; the
exporter maps them to raw offsets. The work is done by `pipeline.quantities`, whose
rules are the tables in models/quantities/ (README there).

Config:
    [components.quantities]
    factory = "quantities"
    tables_dir = null          # null = models/quantities; "models:REL" or a path
    kinds = null               # e.g. ["people", "vehicles"]: keep only these kinds
"""
from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from .. import extensions  # noqa: F401  (registers doc._.quantities)
from .. import schema
from ..paths import resolve_model_path
from ..quantities import QuantityExtractor, QuantityMatch


def to_schema(text: str, q: QuantityMatch) -> schema.Quantity:
    item = None
    if q.item is not None:
        s, e = q.item
        item = schema.Span(start=s, end=e, text=text[s:e])
    return schema.Quantity(start=q.start, end=q.end, text=q.text, value=q.value, unit=q.unit,
                           approx=q.approx, item=item, kind=q.kind, value_max=q.value_max)


class QuantityStage:
    def __init__(self, tables_dir: Optional[str] = None, kinds: Optional[list[str]] = None):
        self.extractor = QuantityExtractor(resolve_model_path(tables_dir))
        self.kinds = set(kinds) if kinds else None
        if self.kinds is not None:
            unknown = self.kinds - set(self.extractor.tables.kinds)
            if unknown:
                raise ValueError(f"quantities: unknown kinds {sorted(unknown)}; "
                                 f"known: {sorted(self.extractor.tables.kinds)}")

    def __call__(self, doc: Doc) -> Doc:
        text = extensions.text_of(doc)
        # the tagged words of the entities stage (None without its backbone): items as chunks
        doc._.quantities = [to_schema(text, q) for q in self.extractor(text, doc._.words)
                            if self.kinds is None or q.kind in self.kinds]
        return extensions.sync_spacy_spans(doc, "quantities")  # doc.ents / doc.spans for spaCy tools


@Language.factory("quantities", assigns=["doc._.quantities", "doc.spans"],
                  default_config={"tables_dir": None, "kinds": None})
def make_quantities(nlp: Language, name: str, tables_dir: Optional[str], kinds: Optional[list[str]]) -> QuantityStage:
    return QuantityStage(tables_dir, kinds)
