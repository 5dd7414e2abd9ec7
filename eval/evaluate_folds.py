"""Held-out entity scores by fold; write eval/reports/folds.md.

    python eval/evaluate_folds.py [--gold annotations/gold/seeds.jsonl] [--splits annotations/splits_seeds.json] [--section.key value ...]

For each fold k of the split file: train-rules on the other folds' documents into a
temporary file, run the pipeline with `--components.entities.rules <temp>` on fold k's
documents, and score them (pipeline.scoring). The trigger model is trained per fold too
(`train-events` on the other folds' documents plus the real corpus's dxy_gov development
folds, never the test fold), unless the run sets `--components.events.trigger_model null`. Pooled = all held-out predictions scored
together: the honest number for unseen bulletins. Separately, the in-sample score of the
shipped configuration (rules trained on all gold) is reported; it is optimistic by
construction. Also times the entities stage alone (chars/s).
"""
from __future__ import annotations

import argparse
import datetime as dt
import platform
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.cli import _overrides  # noqa: E402
from pipeline.entities import train_rules  # noqa: E402
from pipeline.io import Input, load_documents  # noqa: E402
from pipeline.pipeline import build, process  # noqa: E402
from pipeline.scoring import format_report, score  # noqa: E402
from pipeline.splits import Splits, load_gold  # noqa: E402
from pipeline.events.train import fold_model_overrides  # noqa: E402

REAL_SPLITS = REPO / "annotations" / "splits.json"


def real_training_docs() -> list:
    """The real corpus's development-fold documents (the test fold never), for the trigger model."""
    real = Splits.load(REAL_SPLITS)
    ids = {d for k in real.dev_folds for d in real.folds[k]}
    return [d for d in load_gold([g for g in real.gold_files if g.name != "seeds.jsonl"]) if d.id in ids]


def predict(nlp, docs, source):
    preds = []
    for g in docs:
        result = process(nlp, Input(g.id, g.text, g.meta.model_dump(exclude_none=True), source))
        if result.error:
            print(f"error: {g.id}: [{result.error.stage}] {result.error.message}", file=sys.stderr)
        else:
            preds.append(result.document)
    return preds


def entity_speed(nlp, texts, repeat=5):
    docs = [nlp.make_doc(t) for t in texts]
    stage = nlp.get_pipe("entities")
    t0 = time.perf_counter()
    for _ in range(repeat):
        for d in docs:
            stage(d)
    return sum(len(t) for t in texts) * repeat / (time.perf_counter() - t0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default=str(REPO / "annotations" / "gold" / "seeds.jsonl"))
    ap.add_argument("--splits", default=str(REPO / "annotations" / "splits_seeds.json"))
    ap.add_argument("--out", default=str(REPO / "eval" / "reports" / "folds.md"))
    args, extra = ap.parse_known_args()
    overrides = _overrides(extra)
    gold = load_documents(args.gold, strict=True).documents
    splits = Splits.load(args.splits)
    sections = []
    pooled_gold, pooled_pred = [], []
    real_docs = real_training_docs()
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(len(splits.folds)):
            rules_path = Path(tmp) / f"rules_fold{k}.jsonl"
            rules, train_ids = train_rules(args.gold, rules_path, fold=k, splits=args.splits)
            train_docs, held_out = splits.split(gold, k)
            fold_overrides = {**overrides, "components.entities.rules": str(rules_path)}
            fold_overrides.update(fold_model_overrides(train_docs + real_docs, fold_overrides,
                                                    Path(tmp) / f"trigger_model_fold{k}.json"))
            nlp = build(overrides=fold_overrides)
            preds = predict(nlp, held_out, args.gold)
            pooled_gold += held_out
            pooled_pred += preds
            table = format_report(score(held_out, preds))
            title = f"Fold {k}: held out {', '.join(d.id for d in held_out)}; {len(rules)} rules from {', '.join(train_ids) or 'nothing'}"
            print(title + "\n" + table + "\n")
            sections.append((title, table))
    pooled = format_report(score(pooled_gold, pooled_pred))
    print("Pooled held-out\n" + pooled + "\n")
    nlp = build(overrides=overrides)  # shipped: models/entities/rules.jsonl (all gold)
    in_sample = format_report(score(gold, predict(nlp, gold, args.gold)))
    print("In-sample (shipped rules, trained on all gold)\n" + in_sample + "\n")
    speed = entity_speed(nlp, [g.text for g in gold])
    print(f"entities stage: {speed:,.0f} chars/s")
    lines = [
        "# Held-out scores by fold (entities)", "",
        f"Generated {dt.date.today()} by `python eval/evaluate_folds.py {' '.join(sys.argv[1:])}` on "
        f"{platform.machine()} (Python {platform.python_version()}); gold `{Path(args.gold).name}` "
        f"({len(gold)} documents), splits `{Path(args.splits).name}`. Overrides: {overrides or 'none'}.", "",
        "Each fold's rules file is trained only on the other folds (`train-rules --fold k`), so the "
        "pooled held-out score is the estimate for unseen bulletins. The in-sample score uses the "
        "shipped rules (trained on all gold) and is optimistic by construction.", "",
        "## Pooled held-out", "", "```", pooled, "```", "",
    ]
    for title, table in sections:
        lines += [f"## {title}", "", "```", table, "```", ""]
    lines += ["## In-sample (shipped `models/entities/rules.jsonl`, trained on all gold)", "", "```", in_sample, "```", "",
              f"Entities stage alone: {speed:,.0f} chars/s (gold texts x5, this machine).", ""]
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
