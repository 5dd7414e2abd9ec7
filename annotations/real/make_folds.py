"""Write annotations/splits.json: five seeded folds of whole real documents, stratified by source.

Within each source (dxy, cec) the annotated documents are shuffled with the seed and dealt
to the folds in turn, continuing the deal across sources so the folds stay equal in size.
Fold 0 is the test fold: nobody reads its errors while writing rules, choosing features or
tuning thresholds. The seed bulletins are `train_only`: trained on in every fold, never
scored here (their own two-fold split is annotations/splits_seeds.json).

    python annotations/real/make_folds.py [--seed 20261204] [--folds 5]
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
ANN = HERE.parent
GOLD = ["gold/seeds.jsonl", "real/dxy.jsonl", "real/cec.jsonl"]


def ids_of(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.open(encoding="utf-8") if line.strip()]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20261204)
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    folds: list[list[str]] = [[] for _ in range(args.folds)]
    turn = 0
    for name in ("real/dxy.jsonl", "real/cec.jsonl"):
        ids = sorted(ids_of(ANN / name))
        rng.shuffle(ids)
        for doc_id in ids:
            folds[turn % args.folds].append(doc_id)
            turn += 1
    out = {
        "_comment": "Five folds of whole real-corpus documents (annotations/real/make_folds.py), seeded and "
                    "stratified by source. Fold 0 is the TEST fold: never read its errors, never tune on it. "
                    "Folds 1-4 are for development and cross-validation. train_only documents (the seeds) are "
                    "trained on in every fold and scored in none (pipeline/splits.py).",
        "gold": GOLD,
        "test_fold": 0,
        "train_only": ids_of(ANN / "gold/seeds.jsonl"),
        "folds": [sorted(f) for f in folds],
    }
    (ANN / "splits.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(" ".join(f"fold {k}: {len(f)}" for k, f in enumerate(folds)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
