"""Named entities (PER, ORG, GPE, LOC, DATE, TIME): guide §4/§7 on the normalised view.

Sets `doc._.entities` to `schema.Entity` objects with offsets into `doc.text`, sorted and
non-overlapping (the longest candidate wins); with the LAC backbone also `doc._.words`,
the text's words with their parts of speech (one tagging run serves both). The work is done by `pipeline.entities`;
its rules are the data files in models/entities/ (README there) plus a trained
exact-string rules file (`python -m pipeline train-rules`).

Config:
    [components.entities]
    factory = "entities"
    rules = "models:entities/rules.jsonl"   # trained exact strings; null or "" = none
    lexicon_dir = "models:entities"         # the folder of lists, tables and datetime.json
    labels = null                           # e.g. ["DATE", "TIME"]: keep only these labels
"""
from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from .. import extensions  # noqa: F401  (registers doc._.entities)
from .. import schema
from ..entities import EntityRecognizer
from ..entities.backbone import names as backbone_names
from ..entities.recognizer import BACKBONE_LABELS
from ..paths import resolve_model_path

DEFAULT_RULES = "models:entities/rules.jsonl"
DEFAULT_LEXICON = "models:entities"


class EntityStage:
    def __init__(self, rules: Optional[str] = DEFAULT_RULES, lexicon_dir: str = DEFAULT_LEXICON,
                 labels: Optional[list[str]] = None, backbone: Optional[str] = None,
                 backbone_labels: Optional[list[str]] = None):
        if labels is not None:
            unknown = set(labels) - set(schema.ENTITY_LABELS)
            if unknown:
                raise ValueError(f"entities: unknown labels {sorted(unknown)}; known: {list(schema.ENTITY_LABELS)}")
        self.lexicon_dir = resolve_model_path(lexicon_dir or DEFAULT_LEXICON)
        tagger = None
        if backbone == "lac":
            from ..entities.backbone import LacTagger
            tagger = LacTagger()
        elif backbone not in (None, "", "none"):
            raise ValueError(f"entities: unknown backbone {backbone!r}; choose \"lac\" or null")
        self.tagger = tagger
        self.recognizer = EntityRecognizer(self.lexicon_dir, resolve_model_path(rules), labels, tagger,
                                           backbone_labels or BACKBONE_LABELS)

    def __call__(self, doc: Doc) -> Doc:
        text = extensions.text_of(doc)
        # Word tokens give name rules their left edges; whitespace tokens carry no words.
        tokens = [(t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]
        names = None
        if self.tagger is not None:
            # One tagging run gives the backbone's names and the part-of-speech layer.
            doc._.words = self.tagger.words(text)
            names = backbone_names(doc._.words)
        doc._.entities = [schema.Entity(start=s, end=e, label=label, text=text[s:e])
                          for s, e, label in self.recognizer(text, tokens, names)]
        return extensions.sync_spacy_spans(doc, "entities")  # doc.ents / doc.spans for spaCy tools


@Language.factory("entities", assigns=["doc._.entities", "doc._.words", "doc.ents", "doc.spans"],
                  default_config={"rules": DEFAULT_RULES, "lexicon_dir": DEFAULT_LEXICON, "labels": None,
                                              "backbone": None, "backbone_labels": None})
def make_entities(nlp: Language, name: str, rules: Optional[str], lexicon_dir: str,
                  labels: Optional[list[str]], backbone: Optional[str],
                  backbone_labels: Optional[list[str]]) -> EntityStage:
    return EntityStage(rules, lexicon_dir, labels, backbone, backbone_labels)
