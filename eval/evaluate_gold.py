"""Score the default pipeline on the gold set and time every stage; write eval/reports/gold.md.

    python eval/evaluate_gold.py [--gold annotations/gold/seeds.jsonl] [--repeat 5] [--section.key value ...]

Scores are in-sample: the shipped entity rules were trained on this gold (held-out
scores: eval/evaluate_folds.py). Speed is
characters per second of the tokenizer (normalisation + layout repair + words) and of
each stage alone, over the gold texts repeated --repeat times, on this machine.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.cli import _overrides  # noqa: E402
from pipeline.io import Input, load_documents  # noqa: E402
from pipeline.pipeline import build, process  # noqa: E402
from pipeline.scoring import format_report, score  # noqa: E402


def stage_speeds(nlp, texts: list[str], repeat: int) -> dict[str, float]:
    chars = sum(len(t) for t in texts) * repeat
    timings: dict[str, float] = {"tokenizer": 0.0, **{name: 0.0 for name in nlp.pipe_names}}
    for _ in range(repeat):
        for text in texts:
            t0 = time.perf_counter()
            doc = nlp.make_doc(text)
            doc._.meta = {}
            timings["tokenizer"] += time.perf_counter() - t0
            for name, proc in nlp.pipeline:
                t0 = time.perf_counter()
                doc = proc(doc)
                timings[name] += time.perf_counter() - t0
    return {k: chars / v if v else float("inf") for k, v in timings.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default=str(REPO / "annotations" / "gold" / "seeds.jsonl"))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", default=str(REPO / "eval" / "reports" / "gold.md"))
    args, extra = ap.parse_known_args()
    overrides = _overrides(extra)
    gold = load_documents(args.gold, strict=True).documents
    t0 = time.perf_counter()
    nlp = build(overrides=overrides)
    load_seconds = time.perf_counter() - t0
    preds = []
    for g in gold:
        result = process(nlp, Input(g.id, g.text, g.meta.model_dump(exclude_none=True), args.gold))
        if result.error:
            print(f"error: {g.id}: [{result.error.stage}] {result.error.message}", file=sys.stderr)
        else:
            preds.append(result.document)
    report = score(gold, preds)
    table = format_report(report)
    speeds = stage_speeds(nlp, [g.text for g in gold], args.repeat)
    print(table)
    print()
    for name, cps in speeds.items():
        print(f"{name:<12} {cps:>12,.0f} chars/s")
    lines = [
        "# Pipeline on the gold set",
        "",
        f"Generated {dt.date.today()} by `python eval/evaluate_gold.py {' '.join(sys.argv[1:])}` "
        f"on {platform.machine()} ({platform.python_version()}, 2 cores); gold: `{Path(args.gold).relative_to(REPO) if Path(args.gold).is_relative_to(REPO) else args.gold}` "
        f"({len(gold)} documents, {sum(len(g.text) for g in gold):,} characters). Overrides: {overrides or 'none'}.",
        "",
        "```",
        table,
        "```",
        "",
        f"Speed (characters per second, each stage alone, texts repeated {args.repeat}×; pipeline load {load_seconds:.1f} s):",
        "",
        "| stage | chars/s |",
        "|---|---|",
        *[f"| {name} | {cps:,.0f} |" for name, cps in speeds.items()],
        "",
    ]
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    Path(args.out).with_suffix(".json").write_text(json.dumps({"scores": report, "chars_per_second": speeds}, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nwrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
