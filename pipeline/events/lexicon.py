"""Loading the event tables of models/events/ (README there) into compiled matchers."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Union

from ..paths import models_dir
from ..lexicon_util import read_tsv, word_alternation

TABLE_FILES = ("triggers.tsv", "type_by_object.tsv", "not_triggers.tsv", "noun_heads.tsv",
               "cues.tsv", "anaphora.tsv", "agent_suffixes.tsv")
CUE_CLASSES = ("intent", "vague_time", "report_frame", "recipient", "generic_subject", "new_subject",
               "destination", "group_unit", "continuation", "bare_arrival", "list_closer", "coordinator",
               "link", "determiner", "relative", "noun_marker", "nominal_after", "designation", "shift",
               "head_modifier", "not_head", "outcome", "negation", "subject_back")
CHAINS = ("head", "follow", "both", "step", "-")
NEEDS = ("-", "quantity", "object", "follow", "guarding")


def default_tables_dir() -> Path:
    return models_dir() / "events"


@dataclass(frozen=True)
class TriggerEntry:
    word: str
    type: str
    noun_form: bool      # may modify a following noun (核酸检测点): then not an event
    chain: str           # "head" | "follow" | "both" | "step" | "-"
    needs_quantity: bool
    needs: str = "-"     # "-" | "quantity" | "object" | "follow" | "guarding"


@dataclass(frozen=True)
class Anaphor:
    label: str
    suffix: str          # "" = any name of that label


class Lexicon:
    def __init__(self, tables_dir: Union[str, Path, None] = None):
        d = Path(tables_dir) if tables_dir else default_tables_dir()
        missing = [n for n in TABLE_FILES if not (d / n).exists()]
        if missing:
            raise FileNotFoundError(f"event tables missing in {d}: {missing}")
        self.triggers: dict[str, TriggerEntry] = {}
        for r in read_tsv(d / "triggers.tsv", allowed={"chain": CHAINS, "needs": NEEDS}):
            self.triggers[r["word"]] = TriggerEntry(r["word"], r["type"], r["form"] == "noun", r["chain"],
                                                     r["needs"] == "quantity", r["needs"])
        self.type_by_object: dict[str, list[tuple[str, str]]] = {}
        for r in read_tsv(d / "type_by_object.tsv"):
            self.type_by_object.setdefault(r["trigger"], []).append((r["cue"], r["type"]))
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
        self.group_units = self.cues["group_unit"]          # unit → reach to a bare 到 (E9)
        self.destination_cues = tuple(sorted(self.cues["destination"], key=len, reverse=True))
        self.bare_arrival_pattern = (re.compile(word_alternation(self.cues["bare_arrival"]))
                                     if self.cues["bare_arrival"] else None)
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
        self.shift_pattern = re.compile(word_alternation(self.cues["shift"]))
        # Names joined only by coordinators, spaces and quotes are coordinated (A、B, A和“B”).
        self.coordination_gap = re.compile(r"^(?:[\s“”\"‘’「」]|" + word_alternation(self.cues["coordinator"]) + r")*$")
        # Fallback agent: a clause-initial name (CJK, brackets) ending in an organisation/division suffix.
        self.fallback_agent_pattern = re.compile(
            r"[\u4e00-\u9fff（）()]{1,14}?(?:" + word_alternation(suffixes) + r")(?![\u4e00-\u9fff]{0,1}[的里])")


@lru_cache(maxsize=4)
def load_lexicon(tables_dir: Optional[str] = None) -> Lexicon:
    return Lexicon(tables_dir)
