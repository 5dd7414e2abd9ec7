"""Speed on very long documents: is every stage linear in the length of one document?

    python eval/bench_long.py [--chars 1000000] [--section.key value ...]

Builds one document of --chars characters from the real bulletins (../shared/realdata,
else the bundled seeds), once as written and once with every punctuation mark removed
(no sentence ends: the worst case for sentence-bound rules), and times each stage on it
against the normal rate (the same text as separate bulletins). Prints chars/s; the goal
(issue 8) is at least half the normal rate for both long documents.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.cli import _overrides  # noqa: E402
from pipeline.corpus import realdata_dir  # noqa: E402
from pipeline.pipeline import build  # noqa: E402

PUNCT = re.compile(r"[。！？；，、：“”‘’（）《》【】,.!?;:()\"'\[\]]")


def texts() -> list[str]:
    path = realdata_dir() / "dxy_gov.jsonl"
    if path.is_file():
        return [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    return [p.read_text(encoding="utf-8") for p in sorted((REPO / "annotations" / "raw").glob("*.txt"))]


def timed(nlp, docs_text: list[str]) -> dict[str, float]:
    """Seconds per stage (tokenizer included) over the texts."""
    out = {"tokenizer": 0.0}
    for text in docs_text:
        t0 = time.perf_counter()
        doc = nlp.make_doc(text)
        out["tokenizer"] += time.perf_counter() - t0
        for name, pipe in nlp.pipeline:
            t0 = time.perf_counter()
            doc = pipe(doc)
            out[name] = out.get(name, 0.0) + time.perf_counter() - t0
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chars", type=int, default=1_000_000)
    args, extra = ap.parse_known_args()
    nlp = build(overrides={"nlp.max_length": 4 * args.chars, **_overrides(extra)})
    pool = texts()
    long_text, k = [], 0
    while sum(map(len, long_text)) < args.chars:
        long_text.append(pool[k % len(pool)])
        k += 1
    joined = "\n".join(long_text)[: args.chars]
    normal = [t for t in long_text]
    cases = {"normal (separate bulletins)": normal, "one document": [joined],
             "one document, no punctuation": [PUNCT.sub("", joined)]}
    rates = {}
    for label, docs in cases.items():
        chars = sum(map(len, docs))
        seconds = timed(nlp, docs)
        total = sum(seconds.values())
        rates[label] = chars / total
        per_stage = ", ".join(f"{n} {chars / s:,.0f}" for n, s in seconds.items() if s > 0)
        print(f"{label}: {chars:,} chars, {total:.1f} s, {chars / total:,.0f} chars/s ({per_stage})", flush=True)
    base = rates["normal (separate bulletins)"]
    for label, rate in rates.items():
        print(f"  {label}: {rate / base:.2f} x normal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
