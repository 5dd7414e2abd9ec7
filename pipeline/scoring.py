"""Scorers for every layer, implementing guide §8.

Each scorer is a small function over a precision/recall accumulator (as in spaCy's
scorer.py). A layer is scored on a document only when the gold document has that key
(a missing key means "not annotated"); layers with no gold anywhere are reported as
not scored.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from .schema import LAYERS, Document, Event


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set, pred: set) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"p": round(self.precision, 4), "r": round(self.recall, 4), "f": round(self.f, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.correct += int(ok)
        self.total += 1

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"acc": round(self.value, 4), "correct": self.correct, "total": self.total}


# ---------------------------------------------------------------- per-layer scorers

def score_spans(pairs: Iterable[tuple[Document, Document]], key: str) -> dict[str, Any]:
    """tokens / sentences: exact boundary P/R/F over (start, end) spans."""
    prf = PRF()
    for gold, pred in pairs:
        prf.add({tuple(s) for s in getattr(gold, key)}, {tuple(s) for s in (getattr(pred, key) or [])})
    return prf.to_dict()


def score_entities(pairs: Iterable[tuple[Document, Document]]) -> dict[str, Any]:
    """Exact (start, end, label); micro and per label."""
    micro, per = PRF(), defaultdict(PRF)
    for gold, pred in pairs:
        g = {(e.start, e.end, e.label) for e in gold.entities or []}
        p = {(e.start, e.end, e.label) for e in pred.entities or []}
        micro.add(g, p)
        for label in {x[2] for x in g | p}:
            per[label].add({x for x in g if x[2] == label}, {x for x in p if x[2] == label})
    return {**micro.to_dict(), "per_label": {k: v.to_dict() for k, v in sorted(per.items())}}


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def score_quantities(pairs: Iterable[tuple[Document, Document]]) -> dict[str, Any]:
    """Exact span P/R/F; then, over matched spans, value / unit / approx (and item) accuracy."""
    spans = PRF()
    value, unit, approx, item = Accuracy(), Accuracy(), Accuracy(), Accuracy()
    for gold, pred in pairs:
        g = {(q.start, q.end): q for q in gold.quantities or []}
        p = {(q.start, q.end): q for q in pred.quantities or []}
        spans.add(set(g), set(p))
        for k in set(g) & set(p):
            value.add(_same_value(g[k].value, p[k].value))
            unit.add(g[k].unit == p[k].unit)
            approx.add(g[k].approx == p[k].approx)
            gi, pi = g[k].item, p[k].item
            item.add((gi.start, gi.end) == (pi.start, pi.end) if gi and pi else gi is None and pi is None)
    return {**spans.to_dict(), "value": value.to_dict(), "unit": unit.to_dict(),
            "approx": approx.to_dict(), "item": item.to_dict()}


def _arg_key(arg) -> tuple:
    if arg.role == "quantity":
        return (arg.role, arg.start, arg.end)
    if arg.role == "date":
        return (arg.role, arg.value)
    return (arg.role, arg.text)


def _loose_matches(gold: list[Event], pred: list[Event]) -> int:
    """One-to-one matching of same-type triggers whose spans overlap (greedy, in order)."""
    used: set[int] = set()
    hits = 0
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and p.type == g.type and p.trigger.start < g.trigger.end and g.trigger.start < p.trigger.end:
                used.add(i)
                hits += 1
                break
    return hits


def score_events(pairs: Iterable[tuple[Document, Document]]) -> dict[str, Any]:
    """Triggers strict (exact span and type) and loose (overlap, same type); args per role.

    An argument is (matched trigger, role, key): the key is the span for `quantity`, the
    ISO value for `date`, the text otherwise. Triggers are matched strictly for args.
    """
    strict, loose, args = PRF(), PRF(), PRF()
    per_role: dict[str, PRF] = defaultdict(PRF)
    per_type: dict[str, PRF] = defaultdict(PRF)
    for gold, pred in pairs:
        ge, pe = gold.events or [], pred.events or []
        g = {(e.trigger.start, e.trigger.end, e.type) for e in ge}
        p = {(e.trigger.start, e.trigger.end, e.type) for e in pe}
        strict.add(g, p)
        for t in {x[2] for x in g | p}:
            per_type[t].add({x for x in g if x[2] == t}, {x for x in p if x[2] == t})
        hits = _loose_matches(ge, pe)
        loose.tp += hits
        loose.fp += len(pe) - hits
        loose.fn += len(ge) - hits
        ga = {((e.trigger.start, e.trigger.end, e.type),) + _arg_key(a) for e in ge for a in e.args}
        pa = {((e.trigger.start, e.trigger.end, e.type),) + _arg_key(a) for e in pe for a in e.args}
        args.add(ga, pa)
        for role in {x[1] for x in ga | pa}:
            per_role[role].add({x for x in ga if x[1] == role}, {x for x in pa if x[1] == role})
    return {"trigger": strict.to_dict(), "trigger_loose": loose.to_dict(),
            "per_type": {k: v.to_dict() for k, v in sorted(per_type.items())},
            "args": args.to_dict(), "per_role": {k: v.to_dict() for k, v in sorted(per_role.items())}}


SCORERS = {
    "sentences": lambda pairs: score_spans(pairs, "sentences"),
    "tokens": lambda pairs: score_spans(pairs, "tokens"),
    "entities": score_entities,
    "quantities": score_quantities,
    "events": score_events,
}


def score(gold_docs: list[Document], pred_docs: list[Document]) -> dict[str, Any]:
    """Score predictions against gold, layer by layer; documents are paired by id.

    A gold document with no prediction counts as predicted empty (all misses).
    """
    preds = {d.id: d for d in pred_docs}
    report: dict[str, Any] = {"documents": len(gold_docs),
                              "missing_predictions": sorted(d.id for d in gold_docs if d.id not in preds)}
    for layer in LAYERS:
        pairs = []
        for g in gold_docs:
            if getattr(g, layer) is None:
                continue
            p = preds.get(g.id) or Document(id=g.id, text=g.text)
            if p.text != g.text:
                raise ValueError(f"document {g.id!r}: predicted text differs from the gold text; offsets cannot be compared")
            pairs.append((g, p))
        report[layer] = SCORERS[layer](pairs) if pairs else None
    return report


def format_report(report: dict[str, Any]) -> str:
    """A plain-text table: one row per layer (and per label / role / type)."""
    rows: list[tuple[str, str, str, str, str]] = []

    def row(name: str, d: Optional[dict]) -> None:
        if d is None:
            rows.append((name, "-", "-", "-", "not scored (no gold)"))
        else:
            rows.append((name, f"{d['p']:.3f}", f"{d['r']:.3f}", f"{d['f']:.3f}",
                         f"tp={d['tp']} fp={d['fp']} fn={d['fn']}"))

    for layer in LAYERS:
        d = report.get(layer)
        if layer == "events" and d is not None:
            row("events.trigger", d["trigger"])
            row("events.trigger_loose", d["trigger_loose"])
            for t, v in d["per_type"].items():
                row(f"  trigger {t}", v)
            row("events.args", d["args"])
            for r, v in d["per_role"].items():
                row(f"  arg {r}", v)
            continue
        row(layer, d)
        if layer == "entities" and d is not None:
            for label, v in d["per_label"].items():
                row(f"  {label}", v)
        if layer == "quantities" and d is not None:
            for k in ("value", "unit", "approx", "item"):
                a = d[k]
                rows.append((f"  {k} accuracy", "", "", f"{a['acc']:.3f}", f"{a['correct']}/{a['total']} matched spans"))
    width = max(len(r[0]) for r in rows)
    lines = [f"{'layer':<{width}}  {'P':>6} {'R':>6} {'F':>6}  counts", "-" * (width + 40)]
    lines += [f"{a:<{width}}  {b:>6} {c:>6} {d:>6}  {e}" for a, b, c, d, e in rows]
    if report.get("missing_predictions"):
        lines.append(f"(no prediction for: {', '.join(report['missing_predictions'])})")
    return "\n".join(lines)
