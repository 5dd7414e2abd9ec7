"""Event frames (DEPLOY, DONATE, SUPPLY, SERVE, TEST, CONTROL) — placeholder until the events issue lands.

Registered so configs can name it; it writes an empty list.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class EventExtractor:
    def __call__(self, doc: Doc) -> Doc:
        doc._.events = []
        return doc


@Language.factory("events", default_config={})
def make_events(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor()
