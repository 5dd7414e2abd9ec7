"""Inter-annotator agreement on the doubly annotated real documents; eval/reports/agreement.md.

    python eval/agreement.py [--first annotations/real/agreement/first.jsonl]
                             [--second annotations/real/agreement/second.jsonl]

`first` is the first annotators' work on these documents as it stood before review;
`second` is an independent annotation of the same documents from the guide alone. One
is scored against the other with the project's own scorer (guide §8), so agreement and
pipeline scores are on one scale: F is symmetric; for quantity fields the accuracy is
over the spans both annotators marked. Tokens started from the same segmenter output in
both annotations, so their agreement is an upper bound. Skips (exit 0) when
../shared/realdata is absent.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "eval"))

from evaluate_real import gold_counts, side_by_side  # noqa: E402
from pipeline.corpus import realdata_dir  # noqa: E402
from pipeline.scoring import score  # noqa: E402
from pipeline.splits import load_gold  # noqa: E402

AGREE = REPO / "annotations" / "real" / "agreement"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--first", default=str(AGREE / "first.jsonl"))
    ap.add_argument("--second", default=str(AGREE / "second.jsonl"))
    ap.add_argument("--out", default=str(REPO / "eval" / "reports" / "agreement.md"))
    args = ap.parse_args()
    if not realdata_dir().is_dir():
        print(f"skipped: {realdata_dir()} is absent")
        return 0
    first = {d.id: d for d in load_gold([args.first])}
    second = {d.id: d for d in load_gold([args.second])}
    ids = sorted(set(first) & set(second))
    if not ids:
        raise SystemExit("agreement: the two files share no document")
    a, b = [first[i] for i in ids], [second[i] for i in ids]
    report = score(a, b)
    by_source = {src: score([d for d in a if d.id.startswith(src)], [d for d in b if d.id.startswith(src)])
                 for src in ("dxy", "cec")}
    lines = ["# Inter-annotator agreement on the real corpus", "",
             f"Generated {dt.date.today()} by `python eval/agreement.py`. Documents annotated twice, "
             f"independently: {gold_counts(a)} (first annotation); the second has "
             f"{sum(len(d.events or []) for d in b)} events.", "",
             "First annotation (before review) scored against the second: P / R / **F**; quantity "
             "fields are accuracies over the spans both marked. Tokens started from the same "
             "segmenter output in both, so their agreement is an upper bound.", ""]
    lines += side_by_side([("all", report)])
    lines += ["", "## By source (F)", ""]
    lines += side_by_side([(s, r) for s, r in by_source.items()], prf=False)
    text = "\n".join(lines) + "\n"
    print(text)
    Path(args.out).write_text(text, encoding="utf-8")
    Path(args.out).with_suffix(".json").write_text(
        json.dumps({"documents": ids, "report": report, "by_source": by_source}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
