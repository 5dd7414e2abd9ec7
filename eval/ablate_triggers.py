"""Each trigger rule switched off in turn: its effect on held-out text and on the seeds.

    python eval/ablate_triggers.py [--with-model] [--rules noun_modifier,intent ...] [--out eval/reports/trigger_rules_ablation.md]

For every rule of `pipeline.events.extractor.TRIGGER_RULES` (the guards of the trigger
rules: noun modifiers, intent, serial chains …) the pipeline runs with
`--components.events.disabled_rules [rule]` and is scored on the real corpus's
development folds (cross-validated as in eval/evaluate_real.py: never the test fold) and on
the seeds held out by fold (as in eval/evaluate_folds.py). A rule that raises the seeds and
moves no held-out score is a defect (README). By default the trigger model is off, so the
table shows what each rule does by itself (fast); `--with-model` trains the model per fold
as the default pipeline does (slow: one training per fold and rule).

Skips (exit 0, one line) when ../shared/realdata is absent.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "eval"))

import evaluate_real  # noqa: E402
from evaluate_folds import predict, real_training_docs  # noqa: E402
from pipeline.corpus import realdata_dir  # noqa: E402
from pipeline.entities import train_rules  # noqa: E402
from pipeline.events.extractor import TRIGGER_RULES  # noqa: E402
from pipeline.events.train import fold_model_overrides  # noqa: E402
from pipeline.io import load_documents  # noqa: E402
from pipeline.pipeline import build  # noqa: E402
from pipeline.scoring import score  # noqa: E402
from pipeline.splits import Splits, load_gold  # noqa: E402

SEEDS = REPO / "annotations" / "gold" / "seeds.jsonl"
SEED_SPLITS = REPO / "annotations" / "splits_seeds.json"


def dev_scores(splits: Splits, docs, overrides: dict) -> tuple[float, float]:
    gold, pred = [], []
    for k in splits.dev_folds:
        held_out, preds, _, _ = evaluate_real.run_fold(splits, docs, k, overrides)
        gold += held_out
        pred += preds
    events = score(gold, pred)["events"]
    return events["trigger"]["f"], events["args"]["f"]


def seed_scores(overrides: dict, real_docs) -> tuple[float, float]:
    gold = load_documents(SEEDS, strict=True).documents
    splits = Splits.load(SEED_SPLITS)
    pooled_gold, pooled_pred = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(len(splits.folds)):
            rules_path = Path(tmp) / f"rules{k}.jsonl"
            train_rules(SEEDS, rules_path, fold=k, splits=SEED_SPLITS)
            train_docs, held_out = splits.split(gold, k)
            fold_overrides = {**overrides, "components.entities.rules": str(rules_path)}
            fold_overrides.update(fold_model_overrides(train_docs + real_docs, fold_overrides, Path(tmp) / f"m{k}.json"))
            pooled_gold += held_out
            pooled_pred += predict(build(overrides=fold_overrides), held_out, str(SEEDS))
    events = score(pooled_gold, pooled_pred)["events"]
    return events["trigger"]["f"], events["args"]["f"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--with-model", action="store_true", help="train the trigger model per fold (slow)")
    ap.add_argument("--rules", help="comma-separated rules to switch off (default: every rule)")
    ap.add_argument("--out", default=str(REPO / "eval" / "reports" / "trigger_rules_ablation.md"))
    args = ap.parse_args()
    if not realdata_dir().is_dir():
        print(f"skipped: {realdata_dir()} is absent (the real-corpus gold needs it for the cec texts)")
        return 0
    rules = args.rules.split(",") if args.rules else list(TRIGGER_RULES)
    unknown = set(rules) - set(TRIGGER_RULES)
    if unknown:
        ap.error(f"unknown rules {sorted(unknown)}; known: {', '.join(TRIGGER_RULES)}")
    base = {} if args.with_model else {"components.events.trigger_model": None}
    splits = Splits.load(REPO / "annotations" / "splits.json")
    docs = load_gold(splits.gold_files)
    real_docs = real_training_docs()
    rows = []
    for rule in [None] + rules:
        overrides = {**base, "components.events.disabled_rules": [rule] if rule else []}
        dev = dev_scores(splits, docs, overrides)
        seeds = seed_scores(overrides, real_docs)
        rows.append((rule, dev, seeds))
        print(f"{rule or 'all rules on':<16} dev triggers {dev[0]:.3f} args {dev[1]:.3f}   "
              f"seeds triggers {seeds[0]:.3f} args {seeds[1]:.3f}", flush=True)
    (_, (dt0, da0), (st0, sa0)) = rows[0]
    lines = ["# Trigger rules switched off one at a time", "",
             f"Generated {dt.date.today()} by `python eval/ablate_triggers.py {' '.join(sys.argv[1:])}`; "
             f"trigger model {'trained per fold' if args.with_model else 'off (the rules alone)'}. "
             "Development folds cross-validated (never the test fold); seeds held out by fold. "
             "Differences are against all rules on.", "",
             "| rule off | dev triggers F | dev arguments F | seeds triggers F | seeds arguments F |",
             "|---|---|---|---|---|",
             f"| (none) | {dt0:.3f} | {da0:.3f} | {st0:.3f} | {sa0:.3f} |"]
    for rule, (dtr, dar), (sto, sar) in rows[1:]:
        lines.append(f"| `{rule}` | {dtr:.3f} ({dtr - dt0:+.3f}) | {dar:.3f} ({dar - da0:+.3f}) | "
                     f"{sto:.3f} ({sto - st0:+.3f}) | {sar:.3f} ({sar - sa0:+.3f}) |")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"report: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
