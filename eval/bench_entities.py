"""The entities stage on public NER test sets (MSRA test, People's Daily test, CLUENER dev).

    python eval/bench_entities.py [--benchdata ../shared/benchdata] [--limit N] [--sets msra,pd,cluener]
                                  [--errors N] [--report eval/reports/entities_bench.md] [--section.key value ...]

Measurement only: the sets are read from ../shared/benchdata (research-use data, never
copied into the repository, never used to write rules). When the folder or a set is
absent the script says so and exits 0.

Each benchmark sentence is one document: the default tokenizer (segmentation, width
folding) makes the Doc, the entities stage alone runs on it (`nlp.pipeline =
["entities"]`), and its spans are mapped back to raw offsets. Labels are mapped onto the
benchmark's scheme (printed below) and scored by exact span + label. chars/s times the
entities stage alone (tokenizer excluded), and the whole run end to end.

`--errors N` prints the N most frequent false-positive and false-negative strings per
label, for reading the kinds of error (not for copying names into the lexicon).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.cli import _overrides  # noqa: E402
from pipeline.pipeline import RawMapper, build  # noqa: E402

LABELS = ("PER", "LOC", "ORG")
# Our label -> benchmark label (DATE/TIME dropped).
OURS_TO_BENCH = {"PER": "PER", "GPE": "LOC", "LOC": "LOC", "ORG": "ORG"}
CLUENER_TO_BENCH = {"name": "PER", "address": "LOC", "scene": "LOC",
                    "company": "ORG", "government": "ORG", "organization": "ORG"}
CLUENER_IGNORED = ("book", "game", "movie", "position")

MAPPING_TEXT = """\
ours PER            -> PER
ours GPE, LOC       -> LOC   (merged before scoring)
ours ORG            -> ORG
ours DATE, TIME     -> dropped (no benchmark label)
MSRA / People's Daily: PER, LOC, ORG scored as they are (BIO -> spans)
CLUENER: name -> PER; address, scene -> LOC; company, government, organization -> ORG;
         book, game, movie, position -> ignored (gold spans dropped)"""

SETS = {
    "msra": ("MSRA NER test", "msra_ner/msra_test_bio.txt"),
    "pd": ("People's Daily NER test", "peoples_daily_ner/example.test.txt"),
    "cluener": ("CLUENER2020 dev", "cluener2020/dev.jsonl"),
}


# ---------------------------------------------------------------- readers

def read_bio(path: Path) -> list[tuple[str, set]]:
    """Char-per-line BIO (tab- or space-separated), blank line between sentences."""
    out: list[tuple[str, set]] = []
    chars: list[str] = []
    tags: list[str] = []

    def flush():
        if chars:
            out.append(("".join(chars), bio_spans(tags)))
        chars.clear()
        tags.clear()

    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line.strip():
                flush()
                continue
            if "\t" in line:
                ch, tag = line.split("\t", 1)
            else:
                ch, _, tag = line.rpartition(" ")
            chars.append(ch[:1] if ch else " ")
            tags.append(tag.strip())
    flush()
    return out


def bio_spans(tags: list[str]) -> set:
    spans = set()
    start, label = None, None
    for i, tag in enumerate(tags + ["O"]):
        if tag.startswith("I-") and label == tag[2:]:
            continue
        if label is not None:
            spans.add((start, i, label))
            start, label = None, None
        if tag[:2] in ("B-", "I-"):   # a stray I- opens a span, like conlleval
            start, label = i, tag[2:]
    return spans


def read_cluener(path: Path) -> list[tuple[str, set]]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            obj = json.loads(line)
            spans = set()
            for kind, names in (obj.get("label") or {}).items():
                bench = CLUENER_TO_BENCH.get(kind)
                if bench is None:
                    continue
                for occurrences in names.values():
                    for s, e in occurrences:
                        spans.add((s, e + 1, bench))   # end is inclusive upstream
            out.append((obj["text"], spans))
    return out


# ---------------------------------------------------------------- running

def predict(nlp, sentences):
    stage = nlp.get_pipe("entities")
    preds = []
    stage_time = 0.0
    t_all = time.perf_counter()
    for text, _ in sentences:
        doc = nlp.make_doc(text)
        t0 = time.perf_counter()
        doc = stage(doc)
        stage_time += time.perf_counter() - t0
        m = RawMapper(doc)
        spans = set()
        for ent in doc._.entities:
            bench = OURS_TO_BENCH.get(ent.label)
            if bench is not None:
                s, e = m.offsets(ent.start, ent.end)
                spans.add((s, e, bench))
        preds.append(spans)
    total_time = time.perf_counter() - t_all
    chars = sum(len(t) for t, _ in sentences)
    return preds, chars / max(stage_time, 1e-9), chars / max(total_time, 1e-9)


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(sentences, preds):
    counts = {lab: [0, 0, 0] for lab in LABELS}
    fps, fns = defaultdict(Counter), defaultdict(Counter)
    for (text, gold), pred in zip(sentences, preds):
        for s, e, lab in pred - gold:
            counts[lab][1] += 1
            fps[lab][text[s:e]] += 1
        for s, e, lab in gold - pred:
            counts[lab][2] += 1
            fns[lab][text[s:e]] += 1
        for _, _, lab in gold & pred:
            counts[lab][0] += 1
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    return counts, total, fps, fns


def table(counts, total) -> list[str]:
    lines = [f"{'label':8s} {'P':>6s} {'R':>6s} {'F':>6s}  counts", "-" * 52]
    for lab in LABELS + ("overall",):
        tp, fp, fn = total if lab == "overall" else counts[lab]
        p, r, f = prf(tp, fp, fn)
        lines.append(f"{lab:8s} {p:6.3f} {r:6.3f} {f:6.3f}  tp={tp} fp={fp} fn={fn}")
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--benchdata", default=str(REPO.parent / "shared" / "benchdata"))
    ap.add_argument("--limit", type=int, default=0, help="first N sentences of each set (0 = all)")
    ap.add_argument("--sets", default="msra,pd,cluener")
    ap.add_argument("--errors", type=int, default=0, help="print the N most frequent FP/FN strings per label")
    ap.add_argument("--report", default=str(REPO / "eval" / "reports" / "entities_bench.md"),
                    help="markdown report ('' = none); not written with --limit unless given explicitly")
    args, extra = ap.parse_known_args(argv)
    overrides = _overrides(extra)
    root = Path(args.benchdata)
    if not root.is_dir():
        print(f"skipped: benchmark data not found at {root}")
        return 0
    wanted = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in SETS]
    if unknown:
        print(f"unknown sets {unknown}; known: {list(SETS)}", file=sys.stderr)
        return 2
    nlp = build(overrides={**overrides, "nlp.pipeline": ["entities"]})
    print("label mapping:\n" + MAPPING_TEXT + "\n")
    sections = []
    for key in wanted:
        title, rel = SETS[key]
        path = root / rel
        if not path.is_file():
            print(f"{title}: skipped, {path} not found\n")
            continue
        sentences = read_cluener(path) if key == "cluener" else read_bio(path)
        if args.limit:
            sentences = sentences[:args.limit]
        preds, stage_rate, total_rate = predict(nlp, sentences)
        counts, total, fps, fns = score(sentences, preds)
        chars = sum(len(t) for t, _ in sentences)
        head = (f"{title} ({rel}): {len(sentences)} sentences, {chars:,} chars; "
                f"entities stage {stage_rate:,.0f} chars/s, end to end (tokenizer + stage) {total_rate:,.0f} chars/s")
        rows = table(counts, total)
        print(head + "\n" + "\n".join(rows) + "\n")
        if args.errors:
            for lab in LABELS:
                print(f"  {lab} false positives: " + ", ".join(f"{s}×{n}" for s, n in fps[lab].most_common(args.errors)))
                print(f"  {lab} false negatives: " + ", ".join(f"{s}×{n}" for s, n in fns[lab].most_common(args.errors)))
            print()
        sections.append((head, rows))
    explicit_report = any(a.startswith("--report") for a in (argv if argv is not None else sys.argv[1:]))
    if args.report and sections and (not args.limit or explicit_report):
        write_report(Path(args.report), sections, argv, overrides)
        print(f"report: {args.report}")
    return 0


CAVEATS = """\
* **Conventions differ; these are not like-for-like scores.** Our labels follow the
  project's guide (§4/§7, annotations/DECISIONS.md), written for Chongqing bulletins:
  the longest name, no nesting, a parent and sub-unit written together are one ORG,
  each division of a chain is its own GPE, generic/anaphoric groups are not tagged.
  * MSRA and People's Daily tag country/region short forms and one-character
    abbreviations as LOC (中, 美, 港, 台 in 中美, 港台); the guide says one-character
    abbreviations are not entities, so these are misses by design.
  * MSRA tags some nested short forms and whole chains differently (e.g. a chain
    `省 + 市` may be one LOC in one place and two in another); we always split chains.
  * Both 1998-era sets tag foreign names, foreign places and international bodies,
    which a gazetteer of Chinese divisions and a surname list do not cover; the person
    rule only fires next to a cue (记者 X, X说 …), so bare names in running text are missed.
  * CLUENER `address` is a full address (省 + 市 + 区 + road + number) as one span; we
    tag its divisions one by one, so `address` is only partially comparable and its
    exact-span recall is low by construction. CLUENER is web text (news, games, films,
    sports) far from bulletins; `book/game/movie/position` are ignored.
* Exact span + label matching: a boundary difference counts as one FP and one FN.
* Our DATE/TIME spans are dropped; GPE and LOC are merged into LOC before scoring.
* chars/s: the entities stage alone on already-tokenised docs (tokenizer excluded), one
  call per sentence; end to end includes the pkuseg tokenizer. Numbers vary with load.
* The data is read from `../shared/benchdata` and never copied into the repository;
  no lexicon entry or rule was taken from it (measurement only)."""


def write_report(path: Path, sections, argv, overrides) -> None:
    args = " ".join(argv if argv is not None else sys.argv[1:])
    lines = ["# Entities stage on public NER sets", "",
             f"Generated {dt.date.today()} by `{('python eval/bench_entities.py ' + args).strip()}` on "
             f"{platform.machine()} (Python {platform.python_version()}). Overrides: {overrides or 'none'}.", "",
             "Commands:", "", "```",
             "/work/venv/bin/python eval/bench_entities.py               # all three sets, writes this report",
             "/work/venv/bin/python eval/bench_entities.py --limit 500   # quick run (no report)",
             "/work/venv/bin/python eval/bench_entities.py --errors 30   # also the most frequent FP/FN strings",
             "```", "", "## Label mapping", "", "```", MAPPING_TEXT, "```", ""]
    for head, rows in sections:
        lines += [f"## {head.split(':', 1)[0]}", "", head.split(": ", 1)[1] if ": " in head else head, "",
                  "```", *rows, "```", ""]
    lines += ["## Caveats", "", CAVEATS, ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
