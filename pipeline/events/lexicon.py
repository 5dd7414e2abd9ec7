"""Loading the event tables of models/events/ (README there) into compiled matchers.

The event types, their roles, seed triggers and object cues come from the folder's
schema.json (`pipeline.event_schema`); triggers.tsv adds how each word behaves (form,
chain, needs). Both are checked against each other on load, and against the schema the
documents are validated with (`pipeline.schema`), so a type the stage would write but
the documents could not hold is an error when the pipeline is built, not at export.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Union

from .. import schema as doc_schema
from ..event_schema import FILE_NAME as SCHEMA_FILE, EventSchema, SchemaFileError, load_event_schema
from ..paths import models_dir
from ..lexicon_util import read_tsv, word_alternation

TABLE_FILES = ("triggers.tsv", "abstract_objects.tsv", "not_triggers.tsv", "noun_heads.tsv",
               "cues.tsv", "anaphora.tsv", "agent_suffixes.tsv")
NO_EVENT = "-"     # the type an abstract object gives (提供…技术支撑): no event
CUE_CLASSES = ("intent", "vague_time", "report_frame", "recipient", "generic_subject", "new_subject",
               "destination", "continuation", "list_closer", "coordinator",
               "link", "determiner", "relative", "noun_marker", "nominal_after", "designation",
               "head_modifier", "not_head", "outcome", "negation", "subject_back")
CHAINS = ("head", "follow", "both", "-")
NEEDS = ("-", "quantity", "object", "follow")


def default_tables_dir() -> Path:
    return models_dir() / "events"


@dataclass(frozen=True)
class TriggerEntry:
    word: str
    type: str
    noun_form: bool      # may modify a following noun (核酸检测点): then not an event
    chain: str           # "head" | "follow" | "both" | "-"
    needs_quantity: bool
    needs: str = "-"     # "-" | "quantity" | "object" | "follow"


@dataclass(frozen=True)
class Anaphor:
    label: str
    suffix: str          # "" = any name of that label


class Lexicon:
    def __init__(self, tables_dir: Union[str, Path, None] = None):
        d = Path(tables_dir) if tables_dir else default_tables_dir()
        missing = [n for n in (SCHEMA_FILE,) + TABLE_FILES if not (d / n).exists()]
        if missing:
            raise FileNotFoundError(f"event tables missing in {d}: {missing}")
        self.schema = load_event_schema(d / SCHEMA_FILE)
        _check_documents_hold(self.schema)
        self.triggers = _trigger_entries(self.schema, d / "triggers.tsv")
        # trigger → [(object cue, type)]: the schema's cues, and the abstract objects (type "-").
        self.type_by_object: dict[str, list[tuple[str, str]]] = {}
        for t in self.schema.types.values():
            for word, cues in t.cues.items():
                self.type_by_object.setdefault(word, []).extend((c, t.name) for c in cues)
        for r in read_tsv(d / "abstract_objects.tsv"):
            self.type_by_object.setdefault(r["trigger"], []).append((r["cue"], NO_EVENT))
        self.roles_of = {t.name: frozenset(t.roles) for t in self.schema.types.values()}
        self.not_triggers = {r["word"] for r in read_tsv(d / "not_triggers.tsv")}
        self.noun_heads = {r["head"] for r in read_tsv(d / "noun_heads.tsv")}
        self.cues: dict[str, dict[str, int]] = {c: {} for c in CUE_CLASSES}
        for r in read_tsv(d / "cues.tsv"):
            if r["class"] not in self.cues:
                raise ValueError(f"cues.tsv: unknown class {r['class']!r} for {r['cue']!r}")
            self.cues[r["class"]][r["cue"]] = int(r["reach"]) if r["reach"] != "-" else 0
        self.anaphora = {r["anaphor"]: Anaphor(r["label"], "" if r["suffix"] == "-" else r["suffix"])
                         for r in read_tsv(d / "anaphora.tsv")}
        suffixes = [r["suffix"] for r in read_tsv(d / "agent_suffixes.tsv")]

        # One scan finds triggers and the longer non-trigger words that contain them
        # (the longest word wins: 核酸检测点 over 核酸检测).
        self.trigger_pattern = re.compile(word_alternation(list(self.triggers) + list(self.not_triggers)))
        # A noun head (点, 专班 …), optionally after a modifier (工作, 专用: 流调工作专班, 转运专用车辆),
        # and not the start of a longer word that is no head (群众 after 受理, not 群).
        not_heads = list(self.cues["not_head"])
        self.noun_head_pattern = re.compile(
            (r"(?!" + word_alternation(not_heads) + r")" if not_heads else "") +
            (r"(?:" + word_alternation(self.cues["head_modifier"]) + r")?" if self.cues["head_modifier"] else "") +
            r"(?:" + word_alternation(self.noun_heads) + r")")
        self.bare_head_pattern = re.compile(
            (r"(?!" + word_alternation(not_heads) + r")" if not_heads else "") +
            r"(?:" + word_alternation(self.noun_heads) + r")")
        self.intent_pattern = re.compile(word_alternation(self.cues["intent"]))
        self.negation_pattern = re.compile(word_alternation(self.cues["negation"])) if self.cues["negation"] else None
        self.vague_time_pattern = re.compile(word_alternation(self.cues["vague_time"]))
        self.report_frame_pattern = re.compile(word_alternation(self.cues["report_frame"]))
        self.generic_subject_pattern = re.compile(word_alternation(self.cues["generic_subject"]))
        self.anaphor_pattern = re.compile(word_alternation(self.anaphora))
        self.recipient_cues = set(self.cues["recipient"])
        self.new_subject_cues = tuple(self.cues["new_subject"])
        # A place right after 到/在/赴/前往 … is where the event happened or went, not its actor.
        self.continuation_pattern = re.compile(word_alternation(
            list(self.cues["continuation"]) + [a for a, spec in self.anaphora.items() if spec.label != "-"]))
        self.destination_cues = tuple(sorted(self.cues["destination"], key=len, reverse=True))
        self.list_closers = tuple(self.cues["list_closer"])
        self.outcome_triggers = set(self.cues["outcome"])   # R-V1: a division is their location, not agent
        # Narrower links than `coordinator`: 和丈夫 (a person's relative), 南津街街道东津沱社区、牌坊社区 (a place chain).
        links = word_alternation(self.cues["link"])
        self.person_link = re.compile(r"^(?:" + links + r")[\u4e00-\u9fff]{1,2}$")
        self.place_chain_gap = re.compile(r"^(?:\s|" + links + r")*$")
        self.determiner_pattern = re.compile(word_alternation(self.cues["determiner"]))
        self.relative_marks = tuple(self.cues["relative"])
        self.noun_marker_pattern = re.compile(word_alternation(self.cues["noun_marker"]))
        self.nominal_after = tuple(self.cues["nominal_after"])
        self.designation_pattern = re.compile(word_alternation(self.cues["designation"]))
        # Names joined only by coordinators, spaces and quotes are coordinated (A、B, A和“B”).
        self.coordination_gap = re.compile(r"^(?:[\s“”\"‘’「」]|" + word_alternation(self.cues["coordinator"]) + r")*$")
        # Fallback agent: a clause-initial name (CJK, brackets) ending in an organisation/division suffix.
        self.fallback_agent_pattern = re.compile(
            r"[\u4e00-\u9fff（）()]{1,14}?(?:" + word_alternation(suffixes) + r")(?![\u4e00-\u9fff]{0,1}[的里])")


def _trigger_entries(schema: EventSchema, path: Path) -> dict[str, TriggerEntry]:
    """The trigger words: each seed trigger of the schema with its type, and how it behaves
    from triggers.tsv (a seed without a row there is a plain verb: form verb, chain -, needs -).
    A row whose word is no type's seed is an error naming the line: its type would be unknown."""
    types = schema.trigger_types()
    rows = {}
    for r in read_tsv(path, allowed={"chain": CHAINS, "needs": NEEDS, "form": ("verb", "noun")}):
        if r["word"] not in types:
            raise SchemaFileError(f"{path}: word {r['word']!r} is not a trigger of any type in {schema.path} "
                                  f"(add it to the `triggers` of one of {list(schema.types)})")
        rows[r["word"]] = r
    out = {}
    for word, type_ in types.items():
        r = rows.get(word, {"form": "verb", "chain": "-", "needs": "-"})
        out[word] = TriggerEntry(word, type_, r["form"] == "noun", r["chain"], r["needs"] == "quantity", r["needs"])
    return out


def _check_documents_hold(schema: EventSchema) -> None:
    """Every type and role this schema declares must be one the document schema accepts
    (`pipeline.schema` reads models_dir()'s schema.json when imported): a tables folder
    with its own types needs BULLETIN_MODELS_DIR pointing at a models folder that declares them."""
    if schema.path.resolve() == doc_schema.EVENT_SCHEMA.path.resolve():
        return
    for kind, mine, known in (("type", schema.type_names, doc_schema.EVENT_TYPES),
                              ("role", schema.role_names, doc_schema.ROLES)):
        extra = [n for n in mine if n not in known]
        if extra:
            raise SchemaFileError(
                f"{schema.path}: event {kind}(s) {extra} are not declared in {doc_schema.EVENT_SCHEMA.path}, "
                f"which the documents are validated against: set BULLETIN_MODELS_DIR to the models folder "
                f"that declares them")


@lru_cache(maxsize=4)
def load_lexicon(tables_dir: Optional[str] = None) -> Lexicon:
    return Lexicon(tables_dir)
