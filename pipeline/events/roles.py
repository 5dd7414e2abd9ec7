"""The roles an event type declares (models/events/schema.json) applied to its arguments.

The extractor's own rules fill the built-in roles (agent, quantity, date, location,
recipient). The schema decides which of them a type has, and it can declare new roles
filled from data alone: a role with `cues` and `labels` takes each entity of those labels
written right after one of its cue words in the trigger's clause (`从X镇疏散` → origin
X镇). Such an entity is that role, not also a location, as a recipient is not (guide §7).
"""
from __future__ import annotations

from typing import Sequence

from .. import schema
from .lexicon import Lexicon


def declared_args(lex: Lexicon, event_type: str, text: str, clause: tuple[int, int],
                  sent_entities: Sequence[schema.Entity], args: list[schema.Argument]) -> list[schema.Argument]:
    """`args` with the cue-filled roles of the type added and every role the type does not
    declare dropped (a type without `recipient` gets none)."""
    declared = lex.roles_of.get(event_type, frozenset())
    filled = _cue_filled(lex, declared, text, clause, sent_entities)
    taken = {(a.start, a.end) for a in filled}
    kept = [a for a in args if a.role in declared and not (a.role == "location" and (a.start, a.end) in taken)]
    return kept + filled


def _cue_filled(lex: Lexicon, declared, text: str, clause: tuple[int, int],
                sent_entities: Sequence[schema.Entity]) -> list[schema.Argument]:
    """Entities of a cue-filled role's labels that its cue word directly precedes, in the clause."""
    out = []
    c_start, c_end = clause
    for name in declared:
        spec = lex.schema.roles[name]
        if not spec.cues:
            continue
        for e in sent_entities:
            if c_start <= e.start and e.end <= c_end and e.label in spec.labels and \
                    text.endswith(spec.cues, c_start, e.start):
                out.append(schema.Argument(role=name, text=e.text, start=e.start, end=e.end))
    return sorted(out, key=lambda a: (a.start, a.role))
