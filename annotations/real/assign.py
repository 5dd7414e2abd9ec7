"""Assign the sampled documents to annotators, and choose the independently double-annotated subset.

Seeded and reproducible. The double-annotated subset is a seeded random draw from each
source in turn until it has at least 25 documents and 8,000 characters; the batches
balance characters greedily over a seeded shuffle.

    python annotations/real/assign.py [--annotators 7] [--seed 20261204]
    python annotations/real/assign.py --extend 2   # the sample grew: its new documents in 2 more batches

Extending keeps every existing batch and the double-annotated subset as they are.
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent


def double_subset(docs: list[dict], rng: random.Random, min_docs=25, min_chars=8000) -> list[str]:
    pools = {c: sorted((d for d in docs if d["corpus"] == c), key=lambda d: d["id"]) for c in ("cec", "dxy")}
    for pool in pools.values():
        rng.shuffle(pool)
    chosen, chars, turn = [], 0, 0
    while len(chosen) < min_docs or chars < min_chars:
        pool = pools[("cec", "dxy")[turn % 2]]
        turn += 1
        if pool:
            d = pool.pop()
            chosen.append(d["id"])
            chars += d["chars"]
    return sorted(chosen)


def batches(docs: list[dict], n: int, rng: random.Random) -> list[list[str]]:
    order = sorted(docs, key=lambda d: d["id"])
    rng.shuffle(order)
    order.sort(key=lambda d: -d["chars"])
    load, out = [0] * n, [[] for _ in range(n)]
    for d in order:
        k = min(range(n), key=lambda i: (load[i], i))
        out[k].append(d["id"])
        load[k] += d["chars"]
    return [sorted(b) for b in out]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--annotators", type=int, default=7)
    ap.add_argument("--seed", type=int, default=20261204)
    ap.add_argument("--extend", type=int, help="add this many batches for the sample's unassigned documents")
    args = ap.parse_args(argv)
    sample = json.loads((HERE / "sample.json").read_text(encoding="utf-8"))["documents"]
    rng = random.Random(args.seed)
    if args.extend:
        out = json.loads((HERE / "assignment.json").read_text(encoding="utf-8"))
        done = {i for b in out["batches"].values() for i in b}
        new = [d for d in sample if d["id"] not in done]
        first = len(out["batches"]) + 1
        for i, b in enumerate(batches(new, args.extend, random.Random(f"{args.seed}:{first}"))):
            out["batches"][f"A{first + i}"] = b
    else:
        double = double_subset(sample, rng)
        out = {"_comment": "annotations/real/assign.py: first-pass batches (A1..An) and the subset annotated "
                           "a second time, independently (B), for the agreement study.",
               "batches": {f"A{i + 1}": b for i, b in enumerate(batches(sample, args.annotators, rng))},
               "double": double}
    double = out["double"]
    (HERE / "assignment.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    chars = {d["id"]: d["chars"] for d in sample}
    for name, b in out["batches"].items():
        print(name, len(b), sum(chars[i] for i in b))
    print("double", len(double), sum(chars[i] for i in double),
          sum(1 for i in double if i.startswith("cec")), "cec")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
