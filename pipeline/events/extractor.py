"""Event frames on the normalised view: triggers from models/events/triggers.tsv, then args.

Per sentence:
1. **Triggers**: one regex scan over the trigger lexicon plus the longer non-trigger
   words (核酸检测点 is a name, not a test); the longest match wins. Guards: a noun-form
   trigger right before a noun head (点 区 中心 队 …, also after 工作/专用, or closing a
   、-list of names `小区管控、…6个专班`) is a modifier unless a designation verb imposes it
   (划定为…管控区域); a trigger after a noun marker (各类), before 的是, or inside a quoted
   list of slogans is a noun (E5); broad words (`needs quantity`) fire only with a quantity
   after them in their clause, `needs object` words only with an object cue (启动…专班),
   `needs follow` words (带领 要求) only with a movement verb in their clause; an abstract object (提供…技术支撑) is no event; an intent cue (将,
   需, 为做好 …) within its reach before the trigger in the clause cancels it; a movement
   verb (`follow`: 下沉 报到 驰援 …) after a sending verb (`head`: 组织 出动 抽调 …) of the
   same sentence is part of that serial chain (one event on the first verb, DECISIONS
   E10) unless a clause opening a new subject comes between. (Three rules measured to
   help only the seeds were removed: 值守 in a duty shift E3, a purchase as a step of a
   donation, and the bare 到 of `N名…到X` E9; eval/reports/trigger_rules_ablation.md.)
2. **Type**: the lexicon's, changed by the first object cue (schema.json `cues`,
   abstract_objects.tsv) after the trigger in its clause (提供…服务 → SERVE).
3. **Arguments**, all from the trigger's sentence (DECISIONS A1, A5):
   * quantity: clauses are split at ，；：; a quantity goes to the nearest trigger before it
     in its clause, else to the first one after it (subject counts: `41名党员干部到…`);
     a total after a list (`参与A、B等活动N场次`) goes to the mobilising DEPLOY before the
     list (A2); a count opening a clause of its own before the first event goes to the next
     clause's DEPLOY (`20支攻坚突击队，累计出动…`, A1). A short clause with no trigger that
     ends in a quantity (`应急公交客车248台`) continues the enumeration of the previous
     clause's last trigger;
   * agent: the nearest ORG/GPE/PER before the trigger in the sentence (with the names
     coordinated with it by 、和及与, persons also by `和丈夫`), preferring names that open
     their clause (subjects) over names inside one (贯彻落实区委…部署: an object); not one
     introduced by 为/向/给, and not a place that is a destination (到/在/赶赴 X, with its
     whole chain), a parent written before another name (南岸区鸡冠石镇) or a place that does
     not open its clause. An anaphor after it (该公司, 我市, 他, 村（社区）, 服务队) resolves
     to the entity it names (a place anaphor only as a subject; a division also from the head
     of an ORG name the document tags as a place: 北碚区疫情防控指挥部; `该队党组` → the tagged
     `X队党组`). Else the actor in force: the ORG/GPE opening the section heading, else the
     last explicit agent of the section (guide §6 "implicit under a section heading"). A
     generic actor (爱心企业, 市民) as the subject of a clause after the nearest name, or
     described by the trigger (`正在做核酸检测的群众`), means none; not as a receiver
     (为/向…群众) or an object;
   * location: GPE/LOC of the trigger's clause, of the clauses its chain absorbed and of
     the clauses before it back to the previous clause with an event, that are not its
     agent or recipient (A5);
   * recipient (DONATE/SUPPLY): the entity right after 为/向/给 before the trigger;
   * date: the DATE before the trigger in the sentence, else the first after it in the
     clause, else the date in force: the last event date of the same paragraph (or of a
     heading's section), unless a vague time word (目前, 连日来) is in the sentence; a
     paragraph opening with 据悉/此次/an anaphor (该委…) continues the story (A6).
     A reporting frame (`8月7日，记者从…获悉`) is a reference for 当天 but not an event date.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Sequence, Union

from .. import schema
from ..entities.datetime import DateTimeGrammar
from ..entities.lexicon import read_list
from ..paths import models_dir
from .dates import is_story_relative, parse_reference, resolve_date
from .lexicon import Lexicon, TriggerEntry, load_lexicon
from .roles import declared_args
from .model import (NONE as NO_EVENT_CLASS, RULE_KEPT, Candidate, TriggerModel, Words, chain_states, features,
                    pos_candidates)

# Real sentences are a few hundred characters; text without sentence punctuation can
# make one "sentence" of a whole page, and argument search is quadratic in sentence
# length. Longer sentences are cut at clause breaks into windows of about this size.
MAX_SENTENCE_CHARS = 400


def bounded_sentences(text: str, sentences: Sequence[tuple[int, int]]) -> Iterable[tuple[int, int]]:
    for s, e in sentences:
        while e - s > MAX_SENTENCE_CHARS:
            cut = max((m.end() for m in CLAUSE_BREAKS.finditer(text, s + MAX_SENTENCE_CHARS // 2, s + MAX_SENTENCE_CHARS)),
                      default=s + MAX_SENTENCE_CHARS)
            yield s, cut
            s = cut
        yield s, e


class Clauses(list):
    """The clauses of one sentence, with their start offsets for bisecting."""
    starts: list[int]


def _start(e: schema.Entity) -> int:
    return e.start


def _entities_from(entities: Sequence[schema.Entity], lo: int, hi: int) -> Sequence[schema.Entity]:
    """Entities (sorted by start) that start in [lo, hi)."""
    return entities[bisect.bisect_left(entities, lo, key=_start):bisect.bisect_left(entities, hi, key=_start)]


def _overlaps_any(entities: Sequence[schema.Entity], lo: int, hi: int) -> bool:
    """Does an entity (sorted by start, non-overlapping) overlap [lo, hi)?"""
    i = bisect.bisect_left(entities, hi, key=_start) - 1
    return i >= 0 and entities[i].end > lo


def date_grammar(entities_dir: Union[str, Path, None] = None) -> DateTimeGrammar:
    """The entities stage's DATE/TIME grammar (from its configured lexicon folder, else
    models/entities), for documents that come without dates."""
    return _date_grammar(str(entities_dir) if entities_dir else str(models_dir() / "entities"))


@lru_cache(maxsize=4)
def _date_grammar(entities_dir: str) -> DateTimeGrammar:
    return DateTimeGrammar(Path(entities_dir) / "datetime.json")


CLAUSE_BREAKS = re.compile(r"[，,；;：:！!？?。]")
STRONG_BREAKS = "；;。！？!?"
SUBJECT_PREFIX_NOISE = re.compile(r"[\s“”\"‘’「」（）()]")
SUBJECT_PREFIX_MAX = 0        # chars before a subject place in its clause (a date or time aside)
SENTENCE_TERMINALS = "。！？!?…”」』）)"
AGENT_LABELS = ("ORG", "GPE", "PER")
PLACE_LABELS = ("GPE", "LOC")
GENERIC_PREFIX_NOISE = re.compile(r"[\s“”\"‘’「」（）()\d.０-９余多名位个人]")
GENERIC_CONJUNCTS = re.compile(r"[、]")
GENERIC_PREFIX_MAX = 3        # chars before a generic subject in its clause (广大, 部分, 辖区, 各)
PLACE_IN_NAME_MIN = 3         # chars of a division at the head of an ORG name (北碚区…, not 区教委)
ENUMERATION_CLAUSE_MAX = 16   # chars: 应急公交客车248台 is an enumeration item, a long clause is not
LIST_ITEMS_MAX = 12           # items of a 、-list of names (小区管控、物资配送…6个专班)
LIST_ITEM_MAX = 6             # chars of one such item
CJK_WORD = re.compile(r"[\u4e00-\u9fff]+")
AUTONOMOUS_SUFFIXES = ("自治区", "自治州", "自治县")   # 广西 → 广西壮族自治区
NO_EVENT = "-"                # the type of an abstract object (abstract_objects.tsv: 提供…技术支撑)
QUOTED = re.compile(r"[“「\"]([^“”「」\"]{1,60})[”」\"]")


# The trigger rules by name, in the order `_triggers` applies them; each can be switched off
# (`components.events.disabled_rules`) so eval/ablate_triggers.py measures what it is worth.
TRIGGER_RULES = ("noun_modifier", "noun_use", "needs_quantity", "needs_follow", "intent",
                 "no_object", "chain_follow", "chain_both")


NOT_TRIGGER = "not_trigger"   # the verdict of a longer non-trigger word that won its match


@dataclass(frozen=True)
class Verdict:
    """What the trigger rules decided about one lexicon match: `rule` is "kept" or the name
    of the guard that dropped it (noun_modifier, intent, chain_follow …)."""
    start: int
    end: int
    entry: Optional[TriggerEntry]   # None for a longer non-trigger word (NOT_TRIGGER)
    rule: str
    type: Optional[str]      # the type the rules gave it, when they got that far
    clause: int


@dataclass
class _Trigger:
    start: int
    end: int
    entry: TriggerEntry
    type: str
    clause: int                              # index of its clause in the sentence
    absorbed_clauses: set = field(default_factory=set)


class _EntityIndex:
    """A document's entities, indexed once for the anaphora rules (linear in the document:
    each anaphor looks up its candidates instead of scanning every entity)."""

    def __init__(self, entities: Sequence[schema.Entity], division_suffixes: frozenset = frozenset()):
        self.division_suffixes = division_suffixes
        self.by_label: dict[str, list[schema.Entity]] = {}
        for e in entities:
            self.by_label.setdefault(e.label, []).append(e)
        self._fitting: dict[tuple[str, str], list[schema.Entity]] = {}
        self._extensions: dict[tuple[str, str], list[schema.Entity]] = {}

    def fitting(self, label: str, suffix: str) -> list[schema.Entity]:
        """Entities an anaphor of (label, suffix) may stand for, sorted by end."""
        key = (label, suffix)
        if key not in self._fitting:
            fits = [e for e in self.by_label.get(label, []) if e.text.endswith(suffix)]
            if label in PLACE_LABELS and suffix:
                # A division written at the head of an organisation's name (北碚区疫情防控指挥部 →
                # 该区 = 北碚区) when the document names it as a place too: the full name as
                # written elsewhere (guide §6), here the nearest mention.
                places = {e.text for e in self.by_label.get(label, [])}
                for e in self.by_label.get("ORG", []):
                    cut = e.text.find(suffix, PLACE_IN_NAME_MIN - len(suffix))
                    if cut > 0 and e.text[:cut + len(suffix)] in places:
                        end = cut + len(suffix)
                        fits.append(schema.Entity(start=e.start, end=e.start + end, text=e.text[:end], label=label))
            self._fitting[key] = sorted(fits, key=lambda e: (e.end, e.start))
        return self._fitting[key]

    def full_form(self, agent: tuple[str, int, int]) -> tuple[str, int, int]:
        """A carried division agent by its full name as written elsewhere in the document
        (guide §6: 辽宁 in force, 辽宁省 written → 辽宁省): the first GPE that is the name plus a
        division suffix (省, 市 … or a 自治区/自治州/自治县)."""
        name = agent[0]
        if self.division_suffixes and any(e.text == name for e in self.by_label.get("GPE", [])):
            for e in self.by_label.get("GPE", []):
                rest = e.text[len(name):]
                if e.text.startswith(name) and rest and (rest in self.division_suffixes
                                                         or rest.endswith(AUTONOMOUS_SUFFIXES)):
                    return e.text, e.start, e.end
        return agent

    def extensions(self, body: schema.Entity) -> list[schema.Entity]:
        """Entities of body's label whose name is body's name plus more (a sub-unit)."""
        key = (body.label, body.text)
        if key not in self._extensions:
            self._extensions[key] = [e for e in self.by_label.get(body.label, [])
                                     if len(e.text) > len(body.text) and e.text.startswith(body.text)]
        return self._extensions[key]


class EventExtractor:
    """`extract(text, sentences, entities, quantities, publication_date)` → list[schema.Event]."""

    def __init__(self, lexicon: Optional[Lexicon] = None, entities_dir: Union[str, Path, None] = None,
                 trigger_model: Optional[TriggerModel] = None, keep_threshold: float = 0.9,
                 disabled_rules: Sequence[str] = ()):
        self.lex = lexicon or load_lexicon()
        self.trigger_model = trigger_model   # None: the rules decide the triggers
        unknown = set(disabled_rules) - set(TRIGGER_RULES)
        if unknown:
            raise ValueError(f"events: unknown trigger rules {sorted(unknown)} in disabled_rules; "
                             f"known: {list(TRIGGER_RULES)}")
        self.disabled_rules = frozenset(disabled_rules)   # switched off for ablation (eval/ablate_triggers.py)
        # the entities stage's division suffixes (models/entities/division_suffixes.txt): one list
        self.division_suffixes = frozenset(read_list(Path(entities_dir or models_dir() / "entities")
                                                     / "division_suffixes.txt"))
        self.keep_threshold = keep_threshold # P(no event) the model needs to drop a trigger the rules keep
        self.entities_dir = entities_dir     # where the date grammar is, when the entities stage has its own

    # ------------------------------------------------------------ document

    def extract(self, text: str, sentences: Sequence[tuple[int, int]],
                entities: Optional[Iterable[schema.Entity]] = None,
                quantities: Optional[Iterable[schema.Quantity]] = None,
                publication_date: Optional[str] = None,
                words: Optional[Sequence[tuple[int, int, str]]] = None,
                collect: Optional[list] = None) -> list[schema.Event]:
        """`words`: the part-of-speech layer (trigger model candidates); `collect`: a list that
        receives (start, end, features) of every trigger candidate (training the model)."""
        entities = sorted(entities or [], key=lambda e: e.start)
        words = Words(words)
        decide = self.trigger_model is not None or collect is not None
        quantities = sorted(quantities or [], key=lambda q: q.start)
        has_date_layer = any(e.label == "DATE" for e in entities)
        if not has_date_layer:
            # No entity layer (or it tags no dates): use the entity stage's date grammar.
            entities = sorted(entities + [schema.Entity(start=s, end=e, text=text[s:e], label="DATE")
                                          for s, e, label in date_grammar(self.entities_dir)(text) if label == "DATE"],
                              key=lambda e: e.start)
        ent_starts = [e.start for e in entities]
        q_starts = [q.start for q in quantities]
        publication = parse_reference(publication_date)
        use_fallback_agents = not any(e.label in AGENT_LABELS for e in entities)
        entity_index = _EntityIndex(entities, self.division_suffixes)    # built once: the anaphora rules stay linear in the document
        gpe_spans = {(e.start, e.end) for e in entity_index.by_label.get("GPE", [])}

        events: list[schema.Event] = []
        agent_in_force: list[tuple[str, int, int]] = []
        heading_agent: list[tuple[str, int, int]] = []     # the actor a section heading names
        date_in_force: Optional[tuple[schema.Entity, str]] = None
        reference = publication
        prev_end = 0
        sentences = [(s, e, self._is_heading(text, s, e)) for s, e in bounded_sentences(text, sentences)]
        # One headline over one story (a news report: DECISIONS R-V7): its date stays in force
        # across paragraphs until another is written. (Dating the body by a headline date, also
        # R-V7, was measured on the development folds: no gain, not done.)
        single_story = sum(h for _, _, h in sentences) == 1
        for s_start, s_end, heading in sentences:
            new_paragraph = "\n" in text[prev_end:s_start]
            prev_end = s_end
            if heading:
                agent_in_force, heading_agent, date_in_force, reference = [], [], None, publication
            elif new_paragraph and not single_story and not self._continues_story(text, s_start):
                date_in_force = None
            lo, hi = bisect.bisect_left(ent_starts, s_start), bisect.bisect_left(ent_starts, s_end)
            sent_entities = [e for e in entities[lo:hi] if e.end <= s_end]
            lo, hi = bisect.bisect_left(q_starts, s_start), bisect.bisect_left(q_starts, s_end)
            sent_quantities = [q for q in quantities[lo:hi] if q.end <= s_end]
            # Names that can act (not a receiver, not a destination): fixed for the sentence,
            # so computed once here rather than for every trigger.
            agent_pool = [e for e in sent_entities if e.label in AGENT_LABELS
                          and not self._cue_before(text, e.start)
                          and not self._is_place_arg(text, e, sent_entities)]

            # Dates of the sentence: a reporting-frame date resets the reference only.
            sent_dates: list[tuple[schema.Entity, str]] = []
            story_date = date_in_force
            for ent in sent_entities:
                if ent.label != "DATE":
                    continue
                # 当天/次日 count from the story's date in force, 今天/昨天 from the publication.
                story_day = parse_reference(story_date[1].split("/")[0]) \
                    if story_date is not None and is_story_relative(ent.text) else None
                value = resolve_date(ent.text, story_day or reference)
                if value is None:
                    continue
                if self._is_report_frame(text, ent, s_end):
                    reference = parse_reference(value.split("/")[0]) or reference
                    continue
                sent_dates.append((ent, value))
                story_date = sent_dates[-1]
            vague = self.lex.vague_time_pattern.search(text, s_start, s_end) is not None
            if vague:
                date_in_force = None

            if heading:
                # A section heading names its actor (`## 区人力社保局 下沉镇街…`, guide §6).
                named = [e for e in sent_entities if e.label in AGENT_LABELS][:1]
                agent_in_force = [(e.text, e.start, e.end) for e in named]
                # It stays the actor of the section when it opens the heading as an ORG/GPE
                # (`## 区教委 让…飘扬`); a byline's reporter or a title's object does not.
                heading_agent = [(e.text, e.start, e.end) for e in named if e.label != "PER"
                                 and not text[text.rfind("\n", 0, e.start) + 1:e.start].strip("#＃ \u3000")]
            clauses = self._clauses(text, s_start, s_end)
            verdicts = [] if decide else None
            triggers = self._triggers(text, s_start, s_end, clauses, sent_quantities, verdicts)
            if decide:
                triggers = self._decided(text, (s_start, s_end), clauses, triggers, verdicts, words,
                                         sent_quantities, heading, collect)
            if not triggers:
                if sent_dates and not heading:
                    date_in_force = sent_dates[-1]
                continue
            quantity_owner = self._attach_quantities(text, clauses, triggers, sent_quantities)
            for k, trig in enumerate(triggers):
                args: list[schema.Argument] = []
                agents = self._agents(text, trig, s_start, sent_entities, entity_index, use_fallback_agents, clauses,
                                      agent_pool)
                if agents is None:           # a generic actor: no agent, nothing carried
                    agents = []
                elif agents:
                    agent_in_force = agents
                else:
                    # An implicit actor under a heading that names one is that actor (guide §6);
                    # elsewhere the last explicit actor.
                    agents = [entity_index.full_form(a) for a in heading_agent or agent_in_force]
                if any(text.startswith(w, trig.start) for w in self.lex.outcome_triggers):
                    agents = self._outcome_agents(agents, gpe_spans)
                seen = set()
                for name, a_s, a_e in agents:
                    if name not in seen:
                        seen.add(name)
                        args.append(schema.Argument(role="agent", text=name, start=a_s, end=a_e))
                for q in sent_quantities:
                    if quantity_owner.get(id(q)) == k:
                        args.append(schema.Argument(role="quantity", text=q.text, start=q.start, end=q.end))
                date = self._date(trig, sent_dates, clauses)
                if date is None and not heading:
                    date = date_in_force
                if date is not None:
                    ent, value = date
                    args.append(schema.Argument(role="date", text=ent.text, start=ent.start, end=ent.end, value=value))
                    if not heading:
                        date_in_force = date
                recipients = self._recipients(text, trig, sent_entities, clauses) \
                    if "recipient" in self.lex.roles_of.get(trig.type, ()) else []
                for ent in recipients:
                    args.append(schema.Argument(role="recipient", text=ent.text, start=ent.start, end=ent.end))
                taken = {n for n, _, _ in agents} | {e.text for e in recipients}
                for ent in self._locations(trig, sent_entities, clauses, triggers):
                    if ent.text not in taken:
                        taken.add(ent.text)
                        args.append(schema.Argument(role="location", text=ent.text, start=ent.start, end=ent.end))
                args = declared_args(self.lex, trig.type, text, clauses[trig.clause], sent_entities, args)
                events.append(schema.Event(type=trig.type, args=args, trigger=schema.Span(
                    start=trig.start, end=trig.end, text=text[trig.start:trig.end])))
            if sent_dates and not heading:
                date_in_force = sent_dates[-1]
        return events

    # ------------------------------------------------------------ structure

    @staticmethod
    def _is_heading(text: str, start: int, end: int) -> bool:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        if text[line_start:start].strip().startswith("#"):
            return True
        # A short line of its own that does not end a sentence (titles, subtitles).
        return (not text[line_start:start].strip() and not text[end:line_end].strip()
                and text[end - 1] not in SENTENCE_TERMINALS and end - start <= 40)

    @staticmethod
    def _clauses(text: str, start: int, end: int) -> "Clauses":
        """(start, end) of the clauses of a sentence; the break character closes its clause."""
        out, s = Clauses(), start
        for m in CLAUSE_BREAKS.finditer(text, start, end):
            out.append((s, m.end()))
            s = m.end()
        if s < end:
            out.append((s, end))
        out.starts = [c[0] for c in out]
        return out

    @staticmethod
    def _clause_of(clauses: "Clauses", pos: int) -> int:
        # Clauses are contiguous and sorted: a bisect, so long sentences stay linear.
        i = bisect.bisect_right(clauses.starts, pos) - 1
        return i if 0 <= i and pos < clauses[i][1] else len(clauses) - 1

    def _continues_story(self, text: str, start: int) -> bool:
        """A paragraph opening with an anaphor (该委党员干部…) or 据悉/此次… continues the story (A6)."""
        m = self.lex.continuation_pattern.search(text, start, start + 12)
        if m is not None:
            offset = len(text[start:m.start()].strip())
            return offset <= self.lex.cues["continuation"].get(m.group(), 0)
        return False

    def _is_report_frame(self, text: str, date: schema.Entity, s_end: int) -> bool:
        """`8月7日，记者从…获悉`: the date opens a clause that reports, not acts."""
        nxt = CLAUSE_BREAKS.search(text, date.end, s_end)
        if nxt is None or nxt.start() - date.end > 2:
            return False
        after = CLAUSE_BREAKS.search(text, nxt.end(), s_end)
        return self.lex.report_frame_pattern.search(text, nxt.end(), after.end() if after else s_end) is not None

    # ------------------------------------------------------------ triggers

    def _triggers(self, text: str, s_start: int, s_end: int, clauses, quantities,
                  verdicts: Optional[list] = None) -> list[_Trigger]:
        """The rules' triggers of a sentence. With `verdicts`, also every lexicon match with the
        rule that decided it (`Verdict`: the trigger model reads them as features); a longer
        non-trigger word that won (核酸检测点) gets the verdict `not_trigger`."""
        lex = self.lex
        on = self.rule_on
        found: list[_Trigger] = []
        last_head: dict[str, _Trigger] = {}         # the last chain head of each type (DEPLOY: sending/forming verbs)
        q_starts = {q.start: q for q in quantities}
        slogans = self._slogans(text, s_start, s_end)
        for m in lex.trigger_pattern.finditer(text, s_start, s_end):
            word = m.group()
            entry = lex.triggers.get(word)
            if entry is None:                  # a longer non-trigger word won
                if verdicts is not None:
                    verdicts.append(Verdict(m.start(), m.end(), None, NOT_TRIGGER, None,
                                            self._clause_of(clauses, m.start())))
                continue
            start, end = m.start(), m.end()
            ci = self._clause_of(clauses, start)
            c_start, c_end = clauses[ci]
            def drop(rule: str, type_: Optional[str] = None) -> None:
                if verdicts is not None:
                    verdicts.append(Verdict(start, end, entry, rule, type_, ci))
            if on("noun_modifier") and entry.noun_form and self._modifier(text, c_start, start, end, c_end, q_starts):
                drop("noun_modifier")
                continue
            if on("noun_use") and (self._noun_use(text, start, end) or any(a <= start and end <= b for a, b in slogans)):
                drop("noun_use")
                continue
            if on("needs_quantity") and entry.needs_quantity and not any(end <= q.start < c_end for q in quantities):
                drop("needs_quantity")
                continue
            if on("needs_follow") and entry.needs == "follow" and not self._follow_in(text, end, c_end):
                drop("needs_follow")
                continue                       # 带领/要求 send people only with a movement verb in their clause; 按照…要求，: a noun
            if on("intent") and self._intended(text, c_start, start):
                drop("intent")
                continue
            type_ = self._type(text, entry, end, c_end)
            if entry.needs == "object":
                type_ = self._object_type(text, entry, end, c_end)
            if on("no_object") and (type_ is None or type_ == NO_EVENT):
                drop("no_object")
                continue                       # 启动 without a team, 提供…技术支撑
            if type_ is None or type_ == NO_EVENT:
                type_ = entry.type             # no_object switched off: the lexicon's type
            head = last_head.get(type_)
            if on("chain_follow") and entry.chain == "follow" and head is not None and \
                    not self._new_subject_between(text, clauses, head.clause, ci, quantities):
                head.absorbed_clauses.add(ci)   # 派出…赶赴 (DEPLOY), 送往…抢救 (SERVE): one event
                drop("chain_follow", type_)
                continue
            last_deploy = last_head.get("DEPLOY")
            if on("chain_both") and entry.chain == "both" and last_deploy is not None and last_deploy.clause == ci:
                drop("chain_both", type_)
                continue                       # 组织小区居民成立…小组: one chain (E10)
            trig = _Trigger(start, end, entry, type_, ci)
            found.append(trig)
            drop("kept", type_)
            if entry.chain != "-":
                # 报到，被分配到…; 迅速到岗，集结到位 (E10); a chain absorbs verbs of its own type only
                last_head[trig.type] = trig
        return found

    def _decided(self, text: str, sentence, clauses, rule_triggers: list[_Trigger], verdicts: list,
                 words: Words, quantities, heading: bool, collect: Optional[list]) -> list[_Trigger]:
        """The trigger model's triggers of a sentence (the rules' own when only collecting):
        every lexicon match and part-of-speech verb is a candidate; the model keeps those it
        classifies as an event, with its type. A kept rule trigger keeps its chain (the
        clauses it absorbed)."""
        by_span = {(t.start, t.end): t for t in rule_triggers}
        # every lexicon match, a non-trigger word too, keeps part-of-speech candidates out of its span
        taken = [(v.start, v.end) for v in verdicts]
        cands = [Candidate(v.start, v.end, v.entry, v.rule, v.type, v.clause) for v in verdicts if v.rule != NOT_TRIGGER]
        cands += pos_candidates(text, words, sentence[0], sentence[1], taken,
                                lambda pos: self._clause_of(clauses, pos))
        cands.sort(key=lambda c: c.start)
        feats = [features(text, c, words, self.lex, clauses[c.clause], sentence, quantities, heading, state)
                 for c, state in zip(cands, chain_states(cands))]
        if collect is not None:
            collect += [(c.start, c.end, f) for c, f in zip(cands, feats)]
        if self.trigger_model is None:
            return rule_triggers
        out = []
        model = self.trigger_model
        for c, label in zip(cands, model.decide(feats, [c.rule_type if c.rule in RULE_KEPT else None for c in cands],
                                                [text[c.start:c.end] for c in cands], self.keep_threshold)):
            if label == NO_EVENT_CLASS:
                continue
            trig = by_span.get((c.start, c.end))
            if trig is None:
                entry = c.entry or TriggerEntry(text[c.start:c.end], label, False, "-", False)
                trig = _Trigger(c.start, c.end, entry, label, c.clause)
            trig.type = label
            out.append(trig)
        return out

    def _opens_with(self, text: str, c_start: int, cue_class: str) -> bool:
        """Does the clause at `c_start` open with a cue of this class (within its reach)?"""
        cues = self.lex.cues[cue_class]
        body = text[c_start:c_start + 8].lstrip(" \u3000“”\"（(：:")
        return any(body.startswith(cue, k) for cue, reach in cues.items() for k in range(reach + 1))

    def rule_on(self, name: str) -> bool:
        """Is this trigger rule (a guard of `_triggers`, TRIGGER_RULES) switched on?"""
        return name not in self.disabled_rules

    def _follow_in(self, text: str, start: int, end: int) -> bool:
        return any(self.lex.triggers.get(m.group()) is not None and self.lex.triggers[m.group()].chain == "follow"
                   for m in self.lex.trigger_pattern.finditer(text, start, end))

    def _modifier(self, text: str, c_start: int, start: int, end: int, c_end: int, q_starts) -> bool:
        """A noun-form trigger that modifies a noun (核酸检测点, 流调工作专班, 小区管控、…6个专班): not an
        event (E5), unless a designation verb imposes it (被划定为临时管控区域, E12)."""
        lex = self.lex
        if lex.noun_head_pattern.match(text, end, c_end):
            return not self._near_before(lex.designation_pattern, lex.cues["designation"], text, c_start, start)
        # A 、-list of names closed by a count and a noun head (小区管控、物资配送、人员调配6个专班) or by
        # a noun head at the clause end (提供物资分发、配送服务): every item names the noun.
        p = end
        body_end = c_end - 1 if CLAUSE_BREAKS.match(text, c_end - 1) else c_end
        for _ in range(LIST_ITEMS_MAX):
            q = q_starts.get(p)
            if q is not None:
                return q.end < c_end and lex.bare_head_pattern.match(text, q.end, c_end) is not None
            if p >= body_end or text[p] != "、":
                return False
            nxt = next((k for k in range(p + 1, min(body_end, p + 2 + LIST_ITEM_MAX))
                        if text[k] == "、" or k in q_starts), None)
            if nxt is None:
                if body_end - p - 1 > LIST_ITEM_MAX + 2 or not CJK_WORD.fullmatch(text, p + 1, body_end):
                    return False
                return any(lex.bare_head_pattern.fullmatch(text, k, body_end) for k in range(p + 2, body_end))
            if not CJK_WORD.fullmatch(text, p + 1, nxt):
                return False                   # (测体温、验两码、看口罩)标准: a bracketed list, not names
            p = nxt
        return False

    def _noun_use(self, text: str, start: int, end: int) -> bool:
        """各类捐赠 (a noun after a marker), 送餐的是… (a nominalised description): not an event (E5)."""
        if text.startswith(self.lex.nominal_after, end):
            return True
        return any(text.endswith(w, 0, start) for w in self.lex.cues["noun_marker"])

    @staticmethod
    def _near_before(pattern, reaches: dict, text: str, lo: int, pos: int) -> bool:
        """A cue of `pattern` in [lo, pos) within its reach before `pos`."""
        return any(pos - m.end() <= reaches[m.group()] for m in pattern.finditer(text, lo, pos) if m.group())

    @staticmethod
    def _slogans(text: str, s_start: int, s_end: int) -> list[tuple[int, int]]:
        """Quoted lists of slogans or steps (“按需设岗、就近招募、做好保障…”): names, not events (E5).
        Quoted speech, which has clause punctuation, is not one."""
        out = []
        for m in QUOTED.finditer(text, s_start, s_end):
            body = m.group(1)
            if "、" in body and not CLAUSE_BREAKS.search(body):
                out.append((m.start(1), m.end(1)))
        return out

    def _object_type(self, text: str, entry: TriggerEntry, end: int, clause_end: int) -> Optional[str]:
        """`needs object`: the type of the first object cue before the next 、 of the clause, else None."""
        stop = text.find("、", end, clause_end)
        stop = clause_end if stop < 0 else stop
        best = None
        for cue, type_ in self.lex.type_by_object.get(entry.word, ()):
            pos = text.find(cue, end, stop)
            if pos >= 0 and (best is None or pos < best[0]):
                best = (pos, type_)
        return best[1] if best else None

    def _intended(self, text: str, clause_start: int, trigger_start: int) -> bool:
        """An intention (将/要/为做好…, E6) or a negation (无新增治愈…, guide §7: nothing
        happened) within its reach before the trigger, in its clause: no event."""
        neg = self.lex.negation_pattern
        if neg is not None and self._near_before(neg, self.lex.cues["negation"], text, clause_start, trigger_start):
            return True
        for m in self.lex.intent_pattern.finditer(text, clause_start, trigger_start):
            if trigger_start - m.end() <= self.lex.cues["intent"][m.group()]:
                # a cue inside a longer trigger word (需 in 需求) is not a cue.
                return True
        return False

    def _new_subject_between(self, text: str, clauses, head_clause: int, clause: int, quantities) -> bool:
        """A clause after the head's that opens with a new subject (其中…, a count, a name) breaks the chain."""
        if any(ch in STRONG_BREAKS for ch in text[clauses[head_clause][1] - 1:clauses[clause][0]]):
            return True
        for ci in range(head_clause + 1, clause + 1):
            c_start = clauses[ci][0]
            opening = text[c_start:c_start + 4]
            if opening.startswith(self.lex.new_subject_cues):
                return True
            if any(q.start == c_start for q in quantities):
                return True
        return False

    def _type(self, text: str, entry: TriggerEntry, end: int, clause_end: int) -> str:
        cues = self.lex.type_by_object.get(entry.word)
        if not cues:
            return entry.type
        best = None
        for cue, type_ in cues:
            pos = text.find(cue, end, clause_end)
            if pos >= 0 and (best is None or pos < best[0]):
                best = (pos, type_)
        return best[1] if best else entry.type

    # ------------------------------------------------------------ arguments

    def _attach_quantities(self, text: str, clauses, triggers: list[_Trigger], quantities) -> dict[int, int]:
        owner: dict[int, int] = {}
        by_clause: dict[int, list[int]] = {}
        for k, t in enumerate(triggers):
            by_clause.setdefault(t.clause, []).append(k)
        last_owner_clause: Optional[int] = None
        for q in quantities:
            ci = self._clause_of(clauses, q.start)
            ks = by_clause.get(ci)
            c_start, c_end = clauses[ci]
            if ks:
                before = [k for k in ks if triggers[k].end <= q.start]
                owner[id(q)] = before[-1] if before else ks[0]
                if before and any(w in text[triggers[before[-1]].end:q.start] for w in self.lex.list_closers):
                    # A total after a list of activities (参与A、B等活动18.6万余场次) counts the
                    # mobilising verb before the list, not its last item (A2).
                    mobiliser = [k for k, t in enumerate(triggers) if t.type == "DEPLOY" and t.clause < ci]
                    if mobiliser:
                        owner[id(q)] = mobiliser[-1]
                last_owner_clause = ci
                continue
            nxt = by_clause.get(ci + 1)
            if nxt and self._opens_with(text, clauses[ci + 1][0], "subject_back"):
                # 现有确诊病例112例，均在定点医院接受隔离治疗: the count is the next clause's subject.
                owner[id(q)] = nxt[0]
                continue
            if q.start == c_start and nxt and triggers[nxt[0]].type == "DEPLOY" and \
                    all(t.clause > ci for t in triggers[:nxt[0]]):
                # A counted subject in a clause of its own before the first event
                # (20支攻坚突击队，累计出动…) is the subject of the next clause's DEPLOY (A1); not of
                # a list item or a donation (一辆…车辆，…由X捐赠: A3).
                owner[id(q)] = by_clause[ci + 1][0]
                continue
            body_end = c_end - 1 if text[c_end - 1] in "，,；;：:。！？!?" else c_end
            # An enumeration item continues the previous clause's last trigger.
            if last_owner_clause is not None and q.end == body_end and c_end - c_start <= ENUMERATION_CLAUSE_MAX \
                    and by_clause.get(last_owner_clause) is not None and ci > last_owner_clause:
                owner[id(q)] = by_clause[last_owner_clause][-1]
        return owner

    def _agents(self, text: str, trig: _Trigger, s_start: int, sent_entities, all_entities: "_EntityIndex",
                use_fallback: bool, clauses, agent_pool) -> Optional[list[tuple[str, int, int]]]:
        """Explicit agents of the trigger; [] when none is written; None for a generic actor."""
        candidates = agent_pool[:bisect.bisect_right(agent_pool, trig.start, key=_start)]
        candidates = [e for e in candidates if e.end <= trig.start]
        anaphor = None
        for m in self.lex.anaphor_pattern.finditer(text, s_start, trig.start):
            if self.lex.anaphora[m.group()].label not in AGENT_LABELS:
                continue                         # 其他, 他们: contain an anaphor, are none
            if _overlaps_any(sent_entities, m.start(), m.end()):
                continue                         # 服务队 inside 国家电网…服务队 is the name itself
            if self.lex.anaphora[m.group()].label in PLACE_LABELS and \
                    (text.endswith(self.lex.destination_cues, 0, m.start())
                     or not self._opens_clause(text, m.start(), clauses, sent_entities)):
                continue                         # 驶入该镇海慧村, 整合…村（社区）力量: a place or object (A5)
            anaphor = m
        # The actor is a subject: a name opening its clause (after a date or a count) or coordinated
        # with one; a name inside a clause is an object (贯彻落实区委区政府…部署, 依托重庆图书馆…平台).
        subjects = []
        for e in candidates:
            if self._opens_clause(text, e.start, clauses, sent_entities) or \
                    (subjects and self._coordinated(text, subjects[-1], e)):
                subjects.append(e)
        candidates = subjects or candidates
        nearest = candidates[-1] if candidates else None
        if self._generic_actor(text, trig, s_start, clauses, nearest):
            return None
        if anaphor is not None and (nearest is None or nearest.end <= anaphor.start()):
            resolved = self._resolve_anaphor(anaphor.group(), anaphor.start(), all_entities)
            if resolved is not None:
                resolved = self._sub_unit_of(text, resolved, anaphor.end(), all_entities)
                return [(resolved.text, resolved.start, resolved.end)]
        if nearest is not None:
            group = [nearest]
            i = candidates.index(nearest)
            while i > 0 and self._coordinated(text, candidates[i - 1], group[0]):
                group.insert(0, candidates[i - 1])
                i -= 1
            return [(e.text, e.start, e.end) for e in group]
        if use_fallback:
            for ci in range(trig.clause, -1, -1):
                m = self.lex.fallback_agent_pattern.match(text, clauses[ci][0], trig.start)
                if m:
                    return [(m.group(), m.start(), m.end())]
        return []

    @staticmethod
    def _outcome_agents(agents, gpe_spans: set) -> list:
        """Rule `outcome_no_division_agent` (DECISIONS R-V1): a treatment outcome or a state
        of patients (治愈, 在院治疗, 接受医学观察) has no division as its agent — the division
        the count is reported for is where it happened (its location, found as usual); a
        named hospital or team stays the agent."""
        return [a for a in agents if (a[1], a[2]) not in gpe_spans]

    def _generic_actor(self, text: str, trig: _Trigger, s_start: int, clauses, nearest) -> bool:
        """A generic actor (爱心企业, 市民 …) did it (A7: no agent): it is the subject of a clause of
        the sentence after the nearest named candidate (`爱心人士和爱心企业如潮涌现，纷纷…捐赠`), or
        the trigger modifies it (`正在做核酸检测的群众`, E13). Not when it is a receiver
        (`为…群众送来`, `向辖区群众提供`) or an object (`参与村社群众劝导`)."""
        for mark in self.lex.relative_marks:
            if text.startswith(mark, trig.end) and self.lex.generic_subject_pattern.match(text, trig.end + len(mark)):
                return True
        lo = max(s_start, nearest.end) if nearest is not None else s_start
        for m in self.lex.generic_subject_pattern.finditer(text, lo, trig.start):
            c_start = clauses[self._clause_of(clauses, m.start())][0]
            prefix = text[c_start:m.start()]
            actor = None
            for a in self.lex.anaphor_pattern.finditer(prefix):
                if self.lex.anaphora[a.group()].label in AGENT_LABELS:
                    actor = a
            if actor is not None:
                if self.lex.determiner_pattern.sub("", prefix[actor.end():]).strip():
                    continue                     # 我市聚焦群众需求: the actor's object
                prefix = prefix[actor.end():]    # 我区部分爱心企业: the actor's place
            if any(ch in self.lex.recipient_cues for ch in prefix) or self._has_trigger_word(prefix):
                continue
            last_conjunct = GENERIC_CONJUNCTS.split(prefix)[-1]                # 女干部、女党员、女性居民
            if len(GENERIC_PREFIX_NOISE.sub("", last_conjunct)) <= GENERIC_PREFIX_MAX:
                return True
        return False

    def _coordinated(self, text: str, a: schema.Entity, b: schema.Entity) -> bool:
        """`A、B`, `A和B`; for two persons also with a relation word between (`曾信华和丈夫张瑞平`:
        several actors are several agents, guide §7)."""
        gap = text[a.end:b.start]
        return self.lex.coordination_gap.match(gap) is not None or \
            (a.label == b.label == "PER" and self.lex.person_link.match(gap) is not None)

    def _opens_clause(self, text: str, pos: int, clauses, sent_entities) -> bool:
        """Subject position: only a date/time, a count or punctuation before `pos` in its clause."""
        c_start = clauses[self._clause_of(clauses, pos)][0]
        prefix = text[c_start:pos]
        for e in _entities_from(sent_entities, c_start, pos):
            if e.label in ("DATE", "TIME") and e.end <= pos:
                prefix = prefix.replace(e.text, "")
        return not GENERIC_PREFIX_NOISE.sub("", prefix)

    def _has_trigger_word(self, s: str) -> bool:
        return any(m.group() in self.lex.triggers for m in self.lex.trigger_pattern.finditer(s))

    def _is_place_arg(self, text: str, ent: schema.Entity, sent_entities) -> bool:
        """A place that is a destination or site (到X, 在X, 赶赴X…, also every place of a chain
        `到A街道B社区、C社区`), or a parent written before another name (南岸区鸡冠石镇): a location,
        not an actor (A5)."""
        if ent.label not in PLACE_LABELS:
            return False
        i = next(k for k in range(bisect.bisect_left(sent_entities, ent.start, key=_start), len(sent_entities))
                 if sent_entities[k] is ent)
        if i + 1 < len(sent_entities) and sent_entities[i + 1].start == ent.end:
            return True
        while i > 0 and sent_entities[i - 1].label in PLACE_LABELS and \
                self.lex.place_chain_gap.match(text[sent_entities[i - 1].end:sent_entities[i].start]):
            i -= 1
        chain_start = sent_entities[i].start
        if text.endswith(self.lex.destination_cues, 0, chain_start):
            return True
        # A place acts only as a subject: its chain opens its clause (after a date or time).
        c_start = chain_start
        while c_start > 0 and not CLAUSE_BREAKS.match(text, c_start - 1) and text[c_start - 1] != "\n":
            c_start -= 1
        prefix = text[c_start:chain_start]
        for e in sent_entities:
            if e.label in ("DATE", "TIME") and c_start <= e.start and e.end <= chain_start:
                prefix = prefix.replace(e.text, "")
        return len(SUBJECT_PREFIX_NOISE.sub("", prefix)) > SUBJECT_PREFIX_MAX

    def _cue_before(self, text: str, pos: int) -> bool:
        """Is the name at `pos` introduced by a recipient cue (为/向/给 X)?"""
        return pos > 0 and text[pos - 1] in self.lex.recipient_cues

    @staticmethod
    def _sub_unit_of(text: str, body: schema.Entity, pos: int, entities: "_EntityIndex") -> schema.Entity:
        """`该队党组` → `国家统计局合川调查队党组`: an anaphor followed by a sub-unit takes the
        sub-unit as the entity layer tags it elsewhere (the named body + that unit, A7)."""
        best = body
        for e in entities.extensions(body):
            if text.startswith(e.text[len(body.text):], pos) and len(e.text) > len(best.text):
                best = e
        return best

    def _resolve_anaphor(self, anaphor: str, pos: int, entities: "_EntityIndex") -> Optional[schema.Entity]:
        spec = self.lex.anaphora[anaphor]
        fits = entities.fitting(spec.label, spec.suffix)
        k = bisect.bisect_right(fits, pos, key=lambda e: e.end)   # fits are sorted by end
        if k:
            return fits[k - 1]
        anyone = entities.by_label.get(spec.label, [])
        return anyone[0] if anyone else None

    def _recipients(self, text: str, trig: _Trigger, sent_entities, clauses) -> list[schema.Entity]:
        c_start = clauses[trig.clause][0]
        return [e for e in sent_entities if c_start <= e.start and e.end <= trig.start
                and e.label in AGENT_LABELS and self._cue_before(text, e.start)]

    @staticmethod
    def _locations(trig: _Trigger, sent_entities, clauses, triggers) -> list[schema.Entity]:
        """Places of the trigger's clause, of the clauses its chain absorbed, and of the clauses
        before it back to the previous clause with an event (`人民广场采样点，市民…核酸采样`: A5)."""
        owned = {t.clause for t in triggers} | {c for t in triggers for c in t.absorbed_clauses}
        spans = [clauses[trig.clause]] + [clauses[c] for c in sorted(trig.absorbed_clauses)]
        c = trig.clause - 1
        while c >= 0 and c not in owned:
            spans.append(clauses[c])
            c -= 1
        return [e for e in sent_entities if e.label in PLACE_LABELS
                and any(s <= e.start and e.end <= end for s, end in spans)]

    def _date(self, trig: _Trigger, sent_dates, clauses):
        before = [d for d in sent_dates if d[0].end <= trig.start]
        if before:
            return before[-1]
        c_start, c_end = clauses[trig.clause]
        after = [d for d in sent_dates if trig.end <= d[0].start < c_end]
        return after[0] if after else None
