"""Measure the event logic alone: feed GOLD sentences, entities and quantities to the event extractor.

    python eval/events_oracle.py [--gold annotations/gold/seeds.jsonl] [--json OUT.json] [--show-errors]

The gold sentences, entities and quantities are mapped from raw offsets onto the
pipeline's normalised view (the tokenizer's normalisation and layout repair, which
joins words the layout broke: 流\n调排查), the extractor runs on the view like the
stage does, and the events are exported to raw offsets by the pipeline's exporter.
This isolates trigger, type and argument rules from entity and quantity errors. Compare with
`python -m pipeline eval --gold …` (the full pipeline).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.events import EventExtractor  # noqa: E402
from pipeline.io import load_documents  # noqa: E402
from pipeline.pipeline import build, export  # noqa: E402
from pipeline.schema import Document  # noqa: E402
from pipeline.scoring import score_events  # noqa: E402


def _to_view(raw_index: list[int], n_raw: int):
    """raw offset → view offset (start: first view char at or after it; end: after the last before it)."""
    first = [None] * (n_raw + 1)
    for v, r in enumerate(raw_index):
        if first[r] is None:
            first[r] = v
    nxt = len(raw_index)
    for r in range(n_raw, -1, -1):
        if first[r] is None:
            first[r] = nxt
        nxt = first[r]
    return first


def predict(nlp, extractor: EventExtractor, gold: Document) -> Document:
    doc = nlp.make_doc(gold.text)
    view = doc.text
    start_of = _to_view(doc._.raw_index, len(gold.text))

    def span(s: int, e: int) -> tuple[int, int]:
        return start_of[s], max(start_of[s] + 1, start_of[e - 1] + 1 if e > s else start_of[s] + 1)

    def moved(obj):
        s, e = span(obj.start, obj.end)
        data = obj.model_dump()
        data.update(start=s, end=e, text=view[s:e])
        if data.get("item"):
            i_s, i_e = span(obj.item.start, obj.item.end)
            data["item"] = {"start": i_s, "end": i_e, "text": view[i_s:i_e]}
        return type(obj).model_validate(data)

    sentences = [span(s, e) for s, e in gold.sentences or []]
    entities = [moved(e) for e in gold.entities or []]
    quantities = [moved(q) for q in gold.quantities or []]
    doc._.events = extractor.extract(view, sentences, entities, quantities, gold.meta.date)
    doc._.meta, doc._.doc_id = gold.meta.model_dump(exclude_none=True), gold.id
    doc._.sentences, doc._.entities, doc._.quantities = None, None, None
    return export(doc)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default=str(REPO / "annotations" / "gold" / "seeds.jsonl"))
    ap.add_argument("--json")
    ap.add_argument("--show-errors", action="store_true", help="list missed and spurious triggers")
    args = ap.parse_args()
    gold = [d for d in load_documents(args.gold, strict=True).documents if d.events is not None]
    extractor = EventExtractor()
    nlp = build(overrides={"nlp.pipeline": []})  # only the tokenizer's normalised view is needed
    pairs = [(g, predict(nlp, extractor, g)) for g in gold]
    report = score_events(pairs)
    for name in ("trigger", "trigger_loose", "args"):
        d = report[name]
        print(f"{name:16s} P={d['p']:.3f} R={d['r']:.3f} F={d['f']:.3f}  tp={d['tp']} fp={d['fp']} fn={d['fn']}")
    for group in ("per_type", "per_role"):
        for k, d in report[group].items():
            print(f"  {k:14s} P={d['p']:.3f} R={d['r']:.3f} F={d['f']:.3f}  tp={d['tp']} fp={d['fp']} fn={d['fn']}")
    if args.show_errors:
        for g, p in pairs:
            gk = {(e.trigger.start, e.trigger.end, e.type) for e in g.events}
            pk = {(e.trigger.start, e.trigger.end, e.type) for e in p.events}
            for s, e, t in sorted(gk ^ pk):
                tag = "MISS" if (s, e, t) in gk else "FP  "
                print(tag, t, repr(g.text[max(0, s - 15):s]), g.text[s:e], repr(g.text[e:e + 12]))
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
