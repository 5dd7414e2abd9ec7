"""Draw the real-corpus annotation sample: a seeded random order, stratified by outlet.

Every document of ../shared/realdata/ gets a rank key that interleaves the outlets in
proportion to their size (systematic stratified sampling): within each outlet the
documents are shuffled with the seed, and document i of an outlet of n documents gets
the key (i + u) / n with u uniform in [0, 1). Sorting by the key gives an order whose
every prefix is a proportional stratified sample, so "the first N" is never picked for
being easy, and growing the corpus later only appends the next documents of the order.

The cec_disasters file names no outlet in its meta; its report's agency is the outlet
(新华网, 中新网, …, read from the dateline); reports without one form one stratum.

    python annotations/real/sample.py [--realdata ../shared/realdata] [--seed 20261204]
        [--dxy 200] [--cec 125] [--out annotations/real/sample.json]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_REALDATA = HERE.parents[2] / "shared" / "realdata"
FILES = {"dxy": "dxy_gov.jsonl", "cec": "cec_disasters.jsonl"}
# agencies named in the first lines of the CEC reports (their outlet)
AGENCIES = ("新华网", "新华社", "中新网", "中国新闻网", "人民网", "央视", "中广网", "京华时报",
            "新京报", "北京晚报", "南方", "扬子晚报", "东方早报")


def outlet(corpus: str, doc: dict) -> str:
    if corpus == "dxy":
        return doc["meta"].get("source") or "?"
    head = doc["text"][:120]
    for name in AGENCIES:
        if name in head:
            return name
    m = re.search(r"([\u4e00-\u9fff]{2,6})[(（]?记者", head)
    return "其他" if m is None else "其他记者稿"


def ordered(corpus: str, docs: list[dict], seed: int) -> list[dict]:
    rng = random.Random(f"{seed}:{corpus}")
    strata: dict[str, list[dict]] = defaultdict(list)
    for doc in docs:
        strata[outlet(corpus, doc)].append(doc)
    keyed = []
    for name in sorted(strata):
        members = sorted(strata[name], key=lambda d: d["id"])
        rng.shuffle(members)
        n = len(members)
        for i, doc in enumerate(members):
            keyed.append(((i + rng.random()) / n, doc["id"], name, doc))
    keyed.sort(key=lambda k: (k[0], k[1]))
    return [dict(doc, _outlet=name) for _, _, name, doc in keyed]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--realdata", type=Path, default=DEFAULT_REALDATA)
    ap.add_argument("--seed", type=int, default=20261204)
    ap.add_argument("--dxy", type=int, default=200, help="documents from dxy_gov")
    ap.add_argument("--cec", type=int, default=125, help="documents from cec_disasters")
    ap.add_argument("--out", type=Path, default=HERE / "sample.json")
    args = ap.parse_args(argv)
    sample = []
    for corpus, fname in FILES.items():
        path = args.realdata / fname
        if not path.exists():
            raise SystemExit(f"sample: {path} not found (../shared/realdata beside the checkout)")
        docs = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
        # dxy_gov.jsonl repeats some ids with other texts (rows of its source): an id
        # means its LAST record everywhere in the project (pipeline/corpus.py too); the
        # order is drawn over the records, and an id drawn twice is kept once.
        last = {d["id"]: d for d in docs}
        n, seen = getattr(args, corpus), set()
        for rank, doc in enumerate(ordered(corpus, docs, args.seed)[:n]):
            if doc["id"] in seen:
                continue
            seen.add(doc["id"])
            text = last[doc["id"]]["text"]
            sample.append({"id": doc["id"], "corpus": corpus, "file": fname, "outlet": doc["_outlet"],
                           "rank": rank, "chars": len(text), "sha256": sha256(text)})
    out = {"_comment": "Seeded stratified sample of ../shared/realdata for the real-corpus gold "
                       "(annotations/real/sample.py; a prefix of each corpus's order).",
           "seed": args.seed, "counts": {c: getattr(args, c) for c in FILES}, "documents": sample}
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    chars = sum(d["chars"] for d in sample)
    print(f"{len(sample)} documents, {chars} characters -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
