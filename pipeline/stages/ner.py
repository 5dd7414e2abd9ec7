"""Named entities (PER, ORG, GPE, LOC, DATE, TIME) — placeholder until the NER issue lands.

Registered so configs can name it; it writes an empty list.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class EntityRecognizer:
    def __call__(self, doc: Doc) -> Doc:
        doc._.entities = []
        return doc


@Language.factory("entities", default_config={})
def make_entities(nlp: Language, name: str) -> EntityRecognizer:
    return EntityRecognizer()
