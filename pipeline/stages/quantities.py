"""Quantities — stub; replaced by the quantity extractor (issue 4)."""
from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc


class QuantityStage:
    def __init__(self, tables_dir: Optional[str] = None, kinds: Optional[list[str]] = None):
        self.kinds = kinds

    def __call__(self, doc: Doc) -> Doc:
        doc._.quantities = []
        return doc


@Language.factory("quantities", default_config={"tables_dir": None, "kinds": None})
def make_quantities(nlp: Language, name: str, tables_dir: Optional[str], kinds: Optional[list[str]]) -> QuantityStage:
    return QuantityStage(tables_dir, kinds)
