"""The trigger model: which trigger candidates are events, and of which type.

Candidates are the lexicon's matches (with the verdict of the trigger rules: kept, or the
guard that dropped it) and the verbs and verbal nouns of the part-of-speech layer
(`doc._.words`, the LAC backbone) that no lexicon word covers. Each candidate is described
by binary context features (`features`); a multinomial logistic regression trained by
`python -m pipeline train-events` (scikit-learn, pipeline/events/train.py) maps them to an
event type or NONE. The trained weights ship as a JSON file (no pickle: loading runs no
code), read here and applied with a dot product. A candidate word the training text showed
fewer than `min_support` times is left to the rules (`support`: the model knows what
bulletins of its training genre say, not what a rescue report or a donation page does).

Model file (JSON):
    {"format": "bulletin-ie.trigger-model.v1", "classes": ["-", "DEPLOY", …],
     "intercept": [...], "weights": {"feature": [one weight per class], …},
     "support": {"word": candidates seen in training, …}, "min_support": N,
     "provenance": {...}}
"""
from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Optional, Sequence, Union

import numpy as np

from .. import schema
from .lexicon import Lexicon, TriggerEntry

FORMAT = "bulletin-ie.trigger-model.v1"
RULE_KEPT = ("kept",)                        # verdicts under which the rules make an event
NONE = "-"                                  # the class of a candidate that is no event
CANDIDATE_TAGS = ("v", "vn")                # LAC parts of speech that may name an action
NOUN_TAGS = ("n", "nz", "nw", "vn", "an", "PER", "ORG", "LOC", "nr", "ns", "nt")
CLAUSE_PUNCT = "，,；;：:。！？!?、"
REACH = 8                                    # chars before a candidate searched for intent / negation cues


class ModelError(ValueError):
    """A trigger model file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    entry: Optional[TriggerEntry]            # the lexicon's entry; None for a part-of-speech candidate
    rule: str                                # the rules' verdict: "kept", a guard's name, or "pos" (not in the lexicon)
    rule_type: Optional[str]
    clause: int


class Words:
    """The part-of-speech layer of a document, indexed by start for lookups around a span."""

    def __init__(self, words: Optional[Sequence[tuple[int, int, str]]]):
        self.words = sorted(words or [])
        self.starts = [w[0] for w in self.words]

    def __bool__(self) -> bool:
        return bool(self.words)

    def at(self, pos: int) -> int:
        """Index of the word covering `pos` (or the next one)."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return i if i >= 0 and self.words[i][1] > pos else i + 1

    def between(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        return self.words[bisect.bisect_left(self.starts, lo):bisect.bisect_left(self.starts, hi)]


def pos_candidates(text: str, words: Words, lo: int, hi: int, taken: Sequence[tuple[int, int]],
                   clause_of) -> list[Candidate]:
    """Verbs and verbal nouns of [lo, hi) that overlap no lexicon match."""
    out = []
    for s, e, tag in words.between(lo, hi):
        if tag not in CANDIDATE_TAGS or e > hi or not any("\u4e00" <= ch <= "\u9fff" for ch in text[s:e]):
            continue
        if any(a < e and s < b for a, b in taken):
            continue
        out.append(Candidate(s, e, None, "pos", None, clause_of(s)))
    return out


def features(text: str, c: Candidate, words: Words, lex: Lexicon, clause: tuple[int, int],
             sentence: tuple[int, int], quantities: Sequence[schema.Quantity], heading: bool,
             earlier: "ChainState") -> list[str]:
    """The context of one candidate as binary features (the word, its part of speech and
    neighbours, the object's head, the rules' verdict, intent and negation cues nearby,
    quantities in its clause, its place in the sentence's chain of verbs)."""
    word = text[c.start:c.end]
    c_start, c_end = clause
    f = [f"w={word}", f"w0={word[0]}", f"wL={word[-1]}", f"rule={c.rule}"]
    if c.entry is not None:
        f += [f"ltype={c.entry.type}", f"chain={c.entry.chain}", f"needs={c.entry.needs}"]
    if c.rule_type:
        f.append(f"rtype={c.rule_type}")
    f += _word_context(text, c, words, c_end)
    f += _char_context(text, c, c_start, c_end)
    f += _cue_context(text, c, lex, c_start, quantities, c_end)
    if heading:
        f.append("heading")
    if c.clause == 0:
        f.append("clause0")
    f += _chain_context(c, earlier)
    return f


def _word_context(text: str, c: Candidate, words: Words, c_end: int) -> list[str]:
    if not words:
        return ["no_pos"]
    i = words.at(c.start)
    f = []
    if i < len(words.words):
        s, e, tag = words.words[i]
        f.append(f"pos={tag}" if (s, e) == (c.start, c.end) else f"pos~{tag}")
    j = bisect.bisect_left(words.starts, c.end)
    for k, name in ((i - 1, "-1"), (i - 2, "-2"), (j, "+1"), (j + 1, "+2")):
        if 0 <= k < len(words.words):
            s, e, tag = words.words[k]
            f += [f"p{name}={tag}", f"w{name}={text[s:e]}"]
    # the head of the object: the first noun after the candidate in its clause
    for s, e, tag in words.words[j:j + 6]:
        if s >= c_end:
            break
        if tag in NOUN_TAGS:
            f += [f"obj={text[s:e]}", f"objH={text[e - 1]}", f"objT={tag}"]
            break
    return f


def _char_context(text: str, c: Candidate, c_start: int, c_end: int) -> list[str]:
    before = text[c.start - 1] if c.start > 0 else "^"
    after = text[c.end] if c.end < len(text) else "$"
    f = [f"c-1={before}", f"c+1={after}", f"c+2={text[c.end:c.end + 2]}"]
    if after in CLAUSE_PUNCT or c.end >= c_end:
        f.append("ends_clause")
    if before in CLAUSE_PUNCT or c.start <= c_start:
        f.append("opens_clause")
    if "“" in text[c_start:c.start] and "”" not in text[c_start:c.start]:
        f.append("in_quotes")
    return f


def _cue_context(text: str, c: Candidate, lex: Lexicon, c_start: int, quantities, c_end: int) -> list[str]:
    f = []
    lo = max(c_start, c.start - REACH)
    if lex.intent_pattern.search(text, lo, c.start):
        f.append("intent_near")
    if lex.negation_pattern is not None and lex.negation_pattern.search(text, lo, c.start):
        f.append("negation_near")
    if any(c.end <= q.start < c_end for q in quantities):
        f.append("q_after")
    if any(c_start <= q.start and q.end <= c.start for q in quantities):
        f.append("q_before")
    return f


def _chain_context(c: Candidate, earlier: "ChainState") -> list[str]:
    f = []
    if earlier.last_kept is not None:
        f.append(f"prev_kept={earlier.last_kept.rule_type}")
        if earlier.last_kept.clause == c.clause:
            f.append("prev_kept_same_clause")
    if earlier.previous is not None and earlier.previous.clause == c.clause:
        f.append("prev_cand_same_clause")    # candidates come sorted: the previous one is enough
    return f


class ChainState(NamedTuple):
    """What a candidate's features need of the candidates before it in its sentence (kept
    incrementally: a sentence's candidates stay linear, not quadratic)."""
    last_kept: Optional[Candidate]
    previous: Optional[Candidate]


def chain_states(cands: Sequence[Candidate]) -> list[ChainState]:
    """The ChainState of each candidate (sorted by start)."""
    out, last_kept, previous = [], None, None
    for c in cands:
        out.append(ChainState(last_kept, previous))
        if c.rule == "kept":
            last_kept = c
        previous = c
    return out


class TriggerModel:
    """A trained trigger model read from its JSON file."""

    def __init__(self, path: Union[str, Path], data: Optional[dict] = None):
        """Read the model file at `path` (a folder: its trigger_model.json); or, with `data`,
        take the parsed model as is (`path` then only names it in errors)."""
        self.path = Path(path)
        if data is None:
            if self.path.is_dir():
                self.path = self.path / "trigger_model.json"
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
                raise ModelError(f"{self.path}: cannot read the trigger model: {err}") from None
        self._check(data)
        self.classes: list[str] = data["classes"]
        self.intercept: list[float] = data["intercept"]
        self.weights: dict[str, list[float]] = data["weights"]
        # one row per feature (row 0: zeros for unknown features), summed per candidate
        self._row = {name: i + 1 for i, name in enumerate(self.weights)}
        self._matrix = np.vstack([np.zeros(len(self.classes))] +
                                 [np.asarray(w, dtype=float) for w in self.weights.values()])
        self._intercept = np.asarray(self.intercept, dtype=float)
        self.provenance: dict = data.get("provenance", {})
        self.support: dict[str, int] = data.get("support", {})
        self.min_support: int = data.get("min_support", 0)

    def knows(self, word: str) -> bool:
        """Has the model seen this word as a candidate often enough to overrule the rules?"""
        return self.support.get(word, 0) >= self.min_support

    def _check(self, data) -> None:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ModelError(f"{self.path}: not a trigger model (expected \"format\": \"{FORMAT}\")")
        classes = data.get("classes")
        if not isinstance(classes, list) or NONE not in classes or \
                any(c != NONE and c not in schema.EVENT_TYPES for c in classes):
            raise ModelError(f"{self.path}: \"classes\" must list {NONE!r} and event types of "
                             f"{list(schema.EVENT_TYPES)}, got {classes!r}")
        n = len(classes)
        if not (isinstance(data.get("intercept"), list) and len(data["intercept"]) == n):
            raise ModelError(f"{self.path}: \"intercept\" must hold {n} numbers")
        support = data.get("support", {})
        if not (isinstance(support, dict) and all(isinstance(v, int) for v in support.values())) or \
                not isinstance(data.get("min_support", 0), int):
            raise ModelError(f"{self.path}: \"support\" must map words to counts and \"min_support\" be a count")
        weights = data.get("weights")
        if not isinstance(weights, dict):
            raise ModelError(f"{self.path}: \"weights\" must map features to {n} numbers each")
        for name, w in weights.items():
            if not (isinstance(w, list) and len(w) == n and all(isinstance(x, (int, float)) for x in w)):
                raise ModelError(f"{self.path}: weights of feature {name!r} must be {n} numbers")

    def predict(self, feature_sets: Sequence[Sequence[str]]) -> list[tuple[str, float]]:
        """(class, probability) of each candidate."""
        out = []
        for probs in self.probabilities(feature_sets):
            k = max(range(len(probs)), key=probs.__getitem__)
            out.append((self.classes[k], probs[k]))
        return out

    def probabilities(self, feature_sets: Sequence[Sequence[str]]) -> list[list[float]]:
        """The probability of each class (in `classes` order) for each candidate."""
        if not feature_sets:
            return []
        row = self._row
        scores = np.vstack([self._matrix[[row.get(f, 0) for f in feats]].sum(axis=0) if feats else
                            np.zeros(len(self.classes)) for feats in feature_sets]) + self._intercept
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        return (scores / scores.sum(axis=1, keepdims=True)).tolist()

    def decide(self, feature_sets: Sequence[Sequence[str]], rule_types: Sequence[Optional[str]],
               words: Sequence[str], keep_threshold: float) -> list[str]:
        """The class of each candidate. `rule_types`: the type the rules gave a trigger they
        keep, else None. A word the model has not learned (`knows`), or that the rules give a
        type the model has no class for (a type added to the schema after training), keeps the
        rules' verdict;
        a trigger the rules keep is dropped only when P(no event) ≥ `keep_threshold` (trained on
        two genres, the model is surer than the rules on them than on the genres it never saw);
        any other candidate is an event when an event class is the most likely."""
        none = self.classes.index(NONE)
        out = []
        for probs, rule_type, word in zip(self.probabilities(feature_sets), rule_types, words):
            best = max(range(len(probs)), key=probs.__getitem__)
            if not self.knows(word) or (rule_type is not None and rule_type not in self.classes):
                out.append(rule_type or NONE)
            elif best == none and rule_type and probs[none] < keep_threshold:
                out.append(rule_type)
            else:
                out.append(self.classes[best])
        return out
