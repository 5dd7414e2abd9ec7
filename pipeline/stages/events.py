"""The events stage: guide §6 event frames on the normalised view.

Reads `doc._.sentences`, `doc._.entities` (optional: without an entity layer, dates are
found by the entities stage's date grammar (`pipeline.entities.datetime`) and agents from clause-initial names),
`doc._.quantities` and `doc._.meta["date"]` (publication date; a document without one
takes the date line it opens with, `2008年04月05日 09:12`, and its meta then says so:
`date_source: "date line"`, see docs/format.md); sets `doc._.events` to
`schema.Event` objects with view offsets (the exporter maps them to raw offsets). The
rules are in `pipeline.events`; every word list is a table in models/events/.

Config:
    [components.events]
    factory = "events"
    tables_dir = null          # null = models/events; "models:REL" or a path
    trigger_model = null       # a trained trigger model (train-events): "models:events/trigger_model.json";
                               # null = the trigger rules decide alone
    keep_threshold = 0.9       # a trigger the rules keep is dropped only when the model gives
                               # "no event" at least this probability (1.0: the model only adds)
    disabled_rules = []        # trigger rules switched off (ablation): noun_modifier, intent, chain_follow …

With a trigger model, the triggers are the candidates (lexicon matches, with the rules'
verdicts as features, and the verbs of `doc._.words`) that the model classifies as events.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from .. import extensions  # noqa: F401  (registers doc._.events)
from ..events import EventExtractor, Lexicon
from ..events.dates import date_line
from ..events.extractor import date_grammar
from ..events.lexicon import load_lexicon
from ..events.model import TriggerModel
from ..paths import resolve_model_path
from .ner import EntityStage


class EventStage:
    def __init__(self, tables_dir: Optional[str] = None, entities_dir: Optional[Path] = None,
                 trigger_model: Optional[str] = None, keep_threshold: float = 0.9,
                 disabled_rules: Optional[list[str]] = None):
        path = resolve_model_path(tables_dir)
        model_path = resolve_model_path(trigger_model)
        self.extractor = EventExtractor(Lexicon(path) if path else load_lexicon(), entities_dir,
                                        TriggerModel(model_path) if model_path else None, keep_threshold,
                                        disabled_rules or ())

    def __call__(self, doc: Doc, collect: Optional[list] = None) -> Doc:
        """`collect`: a list receiving every trigger candidate's (start, end, features) (train-events)."""
        sentences = doc._.sentences
        if sentences is None:  # no sentence stage: the whole text is one sentence
            sentences = [(0, len(extensions.text_of(doc)))] if extensions.text_of(doc).strip() else []
        meta = self._dated(doc)
        doc._.events = self.extractor.extract(extensions.text_of(doc), sentences, doc._.entities, doc._.quantities,
                                              meta.get("date"), doc._.words, collect)
        return extensions.sync_spacy_spans(doc, "events")  # doc.ents / doc.spans for spaCy tools


    def _dated(self, doc: Doc) -> dict:
        """The document's meta, with the publication date of its own date line when it came
        without meta.date (relative dates need a reference); `date_source` records that the
        pipeline found it, so a reader can tell it from a date the input gave."""
        meta = doc._.meta or {}
        if meta.get("date"):
            return meta
        found = date_line(extensions.text_of(doc), date_grammar(self.extractor.entities_dir))
        if found is None:
            return meta
        doc._.meta = {**meta, "date": found, "date_source": DATE_LINE}
        return doc._.meta


DATE_LINE = "date line"     # meta.date_source of a publication date read from the text


@Language.factory("events", assigns=["doc._.events", "doc.spans"],
                  requires=["doc._.sentences", "doc._.entities", "doc._.quantities"],
                  default_config={"tables_dir": None, "trigger_model": None, "keep_threshold": 0.9,
                                  "disabled_rules": []})
def make_events(nlp: Language, name: str, tables_dir: Optional[str], trigger_model: Optional[str],
                keep_threshold: float, disabled_rules: list[str]) -> EventStage:
    # Dates without an entity layer come from the entities stage's grammar: its folder
    # when that stage is in the pipeline (before this one), else models/entities.
    entities = next((pipe for _, pipe in nlp.pipeline if isinstance(pipe, EntityStage)), None)
    return EventStage(tables_dir, entities.lexicon_dir if entities is not None else None, trigger_model,
                      keep_threshold, disabled_rules)
