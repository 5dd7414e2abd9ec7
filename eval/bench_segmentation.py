"""Benchmark the word-segmentation stage: every backend, seeds + SIGHAN 2005 PKU/MSR.

    python eval/bench_segmentation.py [--benchdata ../shared/benchdata] [--models /tmp/segmodels]
        [--limit N] [--out eval/reports/segmentation.md] [--user-dict FILE] [--no-dict-variants]

Backends: `pkuseg` with the default model of the pkuseg package (`pkuseg:default`),
`jieba`, `char`, and the pkuseg models trained by eval/train_segmenter_opendata.py
(read from MODELS/train_times.json; skipped if absent). pkuseg and jieba run with and
without the user dictionary (models/segmentation/user_dict.txt, or --user-dict).

(a) seeds: the full pipeline tokenizer (pipeline.build with only the "sentences" stage,
    pipeline.annotate: reading, normalisation, layout repair, words), scored against the
    gold tokens of annotations/gold/seeds.jsonl with pipeline.scoring.score_spans.
    A model trained on a seed document is scored only on the other one (cross-validation
    by document, both directions, counts pooled).
(b)/(c) PKU and MSR test gold (../shared/benchdata/icwb2, MEASUREMENT ONLY): the input of
    each gold line is ''.join(line.split()); the same tokenizer (nlp.make_doc, tokens
    mapped back to input offsets as the pipeline exports them) segments it; word-level
    P/R/F over character-offset intervals, and OOV recall against the corpus's training
    word list (gold words not in it), as SIGHAN's `score` script does.
    Skipped with a message when the folder is absent.

chars/s: PKU+MSR input characters per second of tokenizer time (single process);
seeds chars/s: raw characters per second through annotate() (includes layout repair
and the sentence stage).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline import annotate, build  # noqa: E402
from pipeline.io import load_documents  # noqa: E402
from pipeline.pipeline import RawMapper, _tokens  # noqa: E402
from pipeline.scoring import PRF, score_spans  # noqa: E402

DEFAULT_DICT = "models:segmentation/user_dict.txt"


# ---------------------------------------------------------------- backends

class Backend:
    """One tokenizer configuration; `seed_models` maps a held-out seed doc id to the model
    to score it with (cross-validation), or None = every doc with `model`."""

    def __init__(self, name, segmenter, model="pkuseg:default", user_dict=DEFAULT_DICT,
                 seed_models=None, bench_model=None, note="", train_seconds=None, size_mb=None):
        self.name, self.segmenter, self.model, self.user_dict = name, segmenter, model, user_dict
        self.seed_models = seed_models
        self.bench_model = bench_model if bench_model is not None else model
        self.note, self.train_seconds, self.size_mb = note, train_seconds, size_mb

    def overrides(self, model=None):
        return {"nlp.pipeline": ["sentences"],
                "nlp.tokenizer.segmenter": self.segmenter,
                "nlp.tokenizer.pkuseg_model": model or self.model,
                "nlp.tokenizer.user_dict": self.user_dict or ""}


def backends(models_dir: Path | None, user_dict: str, dict_variants: bool) -> list[Backend]:
    out = []
    # jieba keeps one global dictionary: the no-dictionary run must come first.
    if dict_variants:
        out.append(Backend("pkuseg:default (no dict)", "pkuseg", user_dict=""))
    out.append(Backend("pkuseg:default", "pkuseg", user_dict=user_dict))
    if dict_variants:
        out.append(Backend("jieba (no dict)", "jieba", user_dict=""))
    out.append(Backend("jieba", "jieba", user_dict=user_dict))
    out.append(Backend("char", "char", user_dict=""))
    if models_dir is None:
        return out
    times_path = models_dir / "train_times.json"
    if not times_path.exists():
        print(f"note: no trained models ({times_path} absent): run eval/train_segmenter_opendata.py", file=sys.stderr)
        return out
    info = {k: v for k, v in json.loads(times_path.read_text()).items() if v.get("rc") == 0}

    def folds(prefix):  # models trained on exactly one seed doc -> {held-out doc: dir}
        res = {}
        for name, v in info.items():
            if name.startswith(prefix) and len(v.get("seed_docs", [])) == 1 and not name.endswith("seeds"):
                res.update({d: v["dir"] for d in all_seed_ids if d not in v["seed_docs"]})
        return res

    def secs(*names):
        ts = [info[n]["seconds"] for n in names if n in info]
        return "+".join(f"{t:.0f}" for t in ts) if ts else None

    # (row name, fold prefix, model for PKU/MSR, note)
    plan = [
        ("trained: seed (CV)", "seed:", "seeds", "one seed doc only; PKU/MSR: model on both seeds"),
        ("trained: od", None, "od", "opendata only"),
        ("trained: od+seed (CV)", "od+", "od+seeds", "opendata + one seed; PKU/MSR: opendata + both seeds"),
        ("trained: ft:od", None, "ft:od", "default model fine-tuned on opendata"),
        ("trained: ft:od+seed (CV)", "ft:od+", "ft:od+seeds", "fine-tuned on opendata + one seed; PKU/MSR: + both seeds"),
    ]
    for row, prefix, full, note in plan:
        fold_map = folds(prefix) if prefix else None
        bench_dir = info[full]["dir"] if full in info else None
        if prefix and not fold_map and bench_dir is None:
            continue
        if not prefix and bench_dir is None:
            continue
        names = [n for n in info if (prefix and n.startswith(prefix) and len(info[n].get("seed_docs", [])) == 1
                                     and not n.endswith("seeds")) or n == full]
        b = Backend(row, "pkuseg", model=bench_dir or next(iter(fold_map.values())), user_dict=user_dict,
                    seed_models=fold_map, bench_model=bench_dir or "", note=note,
                    train_seconds=secs(*names), size_mb=max(info[n]["size_mb"] for n in names))
        b.iterations = "/".join(sorted({str(info[n]["iterations"]) for n in names}))
        out.append(b)
    return out


all_seed_ids: list[str] = []


# ---------------------------------------------------------------- seeds

def score_seeds(b: Backend, gold_docs) -> dict | None:
    pairs, chars, seconds = [], 0, 0.0
    nlp_cache = {}
    for g in gold_docs:
        model = b.model
        if b.seed_models is not None:
            if g.id not in b.seed_models:
                continue  # no model held this doc out
            model = b.seed_models[g.id]
        if model not in nlp_cache:
            nlp_cache[model] = build(overrides=b.overrides(model))
        nlp = nlp_cache[model]
        t0 = time.perf_counter()
        pred = annotate(nlp, g.text, g.id, g.meta.model_dump(exclude_none=True) if g.meta else {})
        seconds += time.perf_counter() - t0
        chars += len(g.text)
        pairs.append((g, pred))
    if not pairs:
        return None
    res = score_spans(pairs, "tokens")
    res["docs"] = len(pairs)
    res["cps"] = chars / seconds if seconds else 0.0
    return res


# ---------------------------------------------------------------- SIGHAN

def read_gold(path: Path, limit: int | None) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = [ln.split() for ln in lines if ln.split()]
    return out[:limit] if limit else out


def intervals(words: list[str]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for w in words:
        out.append((pos, pos + len(w)))
        pos += len(w)
    return out


def score_sighan(nlp, gold: list[list[str]], train_words: set[str]) -> dict:
    prf, oov_total, oov_hit, iv_total, iv_hit = PRF(), 0, 0, 0, 0
    chars, seconds = 0, 0.0
    for words in gold:
        text = "".join(words)
        t0 = time.perf_counter()
        doc = nlp.make_doc(text)
        pred = set(_tokens(doc, RawMapper(doc)))
        seconds += time.perf_counter() - t0
        chars += len(text)
        g = intervals(words)
        prf.add(set(g), pred)
        for (s, e), w in zip(g, words):
            hit = (s, e) in pred
            if w in train_words:
                iv_total += 1
                iv_hit += hit
            else:
                oov_total += 1
                oov_hit += hit
    res = prf.to_dict()
    res.update(oov_r=oov_hit / oov_total if oov_total else 0.0, oov_words=oov_total,
               iv_r=iv_hit / iv_total if iv_total else 0.0, chars=chars, seconds=seconds)
    return res


# ---------------------------------------------------------------- report

def fmt(d, key="f"):
    return "—" if d is None else f"{d[key]:.4f}"


def table(rows, with_bench: bool) -> list[str]:
    head = ["backend", "seeds P", "seeds R", "seeds F"]
    if with_bench:
        head += ["PKU P", "PKU R", "PKU F", "PKU OOV-R", "MSR P", "MSR R", "MSR F", "MSR OOV-R", "chars/s"]
    head += ["seeds chars/s", "train s (iters)", "size MB"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for b, seeds, pku, msr in rows:
        cells = [b.name, fmt(seeds, "p"), fmt(seeds, "r"), fmt(seeds, "f")]
        if with_bench:
            for d in (pku, msr):
                cells += [fmt(d, "p"), fmt(d, "r"), fmt(d, "f"), fmt(d, "oov_r")]
            tot_c = sum(d["chars"] for d in (pku, msr) if d)
            tot_s = sum(d["seconds"] for d in (pku, msr) if d)
            cells.append(f"{tot_c / tot_s:,.0f}" if tot_s else "—")
        cells.append(f"{seeds['cps']:,.0f}" if seeds else "—")
        cells.append(f"{b.train_seconds} ({b.iterations})" if b.train_seconds else "—")
        cells.append(f"{b.size_mb}" if b.size_mb else "—")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def summary(rows, with_bench: bool, models_dir: Path | None) -> list[str]:
    """Facts computed from the table (no hand-written claims, so it stays true when re-run)."""
    out = ["## Summary (computed)", ""]
    scored = [(b, s) for b, s, *_ in rows if s]
    if scored:
        b, s = max(scored, key=lambda x: x[1]["f"])
        out.append(f"* highest seeds F: **{b.name}** {s['f']:.4f}")
    if with_bench:
        for i, c in ((2, "PKU"), (3, "MSR")):
            have = [(r[0], r[i]) for r in rows if r[i]]
            if have:
                b, d = max(have, key=lambda x: x[1]["f"])
                out.append(f"* highest {c} F: **{b.name}** {d['f']:.4f}")
        jb = [r for r in rows if r[0].name == "jieba" and r[2]]
        if jb:
            beat = [r[0].name for r in rows if r[2] and r[2]["f"] > jb[0][2]["f"] and r[0].name != "jieba"]
            out.append(f"* jieba PKU F {jb[0][2]['f']:.4f}; beaten on PKU by: {', '.join(beat) or 'none'}")
    by_name = {r[0].name: r for r in rows}
    for base in ("pkuseg:default", "jieba"):
        a, b = by_name.get(base + " (no dict)"), by_name.get(base)
        if a and b:
            parts = [f"seeds {a[1]['f']:.4f} -> {b[1]['f']:.4f}"] if a[1] and b[1] else []
            for i, c in ((2, "PKU"), (3, "MSR")):
                if a[i] and b[i]:
                    parts.append(f"{c} {a[i]['f']:.4f} -> {b[i]['f']:.4f}")
            out.append(f"* user dictionary effect on {base} (without -> with): " + ", ".join(parts))
    check = models_dir / "conversion_check.json" if models_dir else None
    if check and check.exists():
        for c in json.loads(check.read_text(encoding="utf-8")):
            out.append(f"* UNER t2s conversion vs `{c['file']}`: {c['identical_text']}/{c['sentences']} sentences "
                       f"identical, character agreement {c['char_agreement']:.4f}, word-boundary agreement "
                       f"{c['boundary_agreement_vs_gsdsimp']:.4f} (remaining differences mostly 著->着)")
    out.append("")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--benchdata", default=str(REPO.parent / "shared" / "benchdata"))
    ap.add_argument("--opendata", default=str(REPO.parent / "shared" / "opendata"),
                    help="only recorded in the report (training reads it: eval/train_segmenter_opendata.py)")
    ap.add_argument("--models", default="/tmp/segmodels", help="output folder of eval/train_segmenter_opendata.py")
    ap.add_argument("--seeds", default=str(REPO / "annotations" / "gold" / "seeds.jsonl"))
    ap.add_argument("--limit", type=int, default=None, help="first N gold lines of PKU and of MSR (quick run)")
    ap.add_argument("--user-dict", default=DEFAULT_DICT, help="user dictionary for the 'with dict' rows")
    ap.add_argument("--no-dict-variants", action="store_true", help="skip the 'no dict' rows")
    ap.add_argument("--only", default="", help="comma-separated backend names (prefix match) to run")
    ap.add_argument("--out", default=str(REPO / "eval" / "reports" / "segmentation.md"))
    ap.add_argument("--json", default=None, help="also write the raw numbers as JSON")
    args = ap.parse_args()

    loaded = load_documents(Path(args.seeds))
    gold_docs = [d for d in loaded.documents if d.tokens is not None]
    all_seed_ids.extend(d.id for d in gold_docs)

    icwb2 = Path(args.benchdata) / "icwb2" / "gold"
    with_bench = icwb2.is_dir()
    if not with_bench:
        print(f"benchdata not found at {icwb2}: scoring the seeds only (PKU/MSR skipped)", file=sys.stderr)
    corpora = {}
    if with_bench:
        for c in ("pku", "msr"):
            words = icwb2 / f"{c}_training_words.utf8"
            corpora[c] = (read_gold(icwb2 / f"{c}_test_gold.utf8", args.limit),
                          {w.strip() for w in words.read_text(encoding="utf-8-sig").splitlines() if w.strip()})

    models_dir = Path(args.models) if args.models else None
    rows = []
    for b in backends(models_dir, args.user_dict, not args.no_dict_variants):
        if args.only and not any(b.name.startswith(p) for p in args.only.split(",")):
            continue
        seeds = score_seeds(b, gold_docs) if gold_docs else None
        pku = msr = None
        if with_bench and b.bench_model != "":
            nlp = build(overrides=b.overrides(b.bench_model))
            pku = score_sighan(nlp, *corpora["pku"])
            msr = score_sighan(nlp, *corpora["msr"])
        rows.append((b, seeds, pku, msr))
        msg = f"{b.name:28s} seeds F={fmt(seeds)}"
        if with_bench:
            msg += f"  PKU F={fmt(pku)} OOV-R={fmt(pku, 'oov_r')}  MSR F={fmt(msr)} OOV-R={fmt(msr, 'oov_r')}"
        print(msg, file=sys.stderr, flush=True)

    lines = table(rows, with_bench)
    print("\n".join(lines))

    cmd = "python " + " ".join(shlex.quote(a) for a in [os.path.relpath(__file__, REPO)] + sys.argv[1:])
    n_pku = len(corpora["pku"][0]) if with_bench else 0
    n_msr = len(corpora["msr"][0]) if with_bench else 0
    report = [
        "# Word segmentation: backends measured",
        "",
        f"Generated {dt.date.today().isoformat()} by `eval/bench_segmentation.py` on a 2-core machine "
        f"({platform.machine()}, Python {platform.python_version()}); speeds are single-process and indicative only.",
        "",
        "## Data",
        "",
        f"* **seeds**: gold tokens of `annotations/gold/seeds.jsonl` ({len(gold_docs)} documents, "
        f"{sum(len(d.tokens) for d in gold_docs)} tokens), PKU standard (guide §3). Full pipeline tokenizer "
        "(`build(overrides={\"nlp.pipeline\": [\"sentences\"], ...})` + `annotate`: normalisation, layout repair, "
        "words), scored with `pipeline.scoring.score_spans`. Rows marked (CV) are trained on one seed document and "
        "scored on the other, both directions, counts pooled.",
        (f"* **PKU / MSR**: SIGHAN 2005 test gold ({n_pku} / {n_msr} lines{' — LIMITED RUN' if args.limit else ''}) "
         "from `../shared/benchdata/icwb2` (research use only: measurement, never training). Input = "
         "`''.join(line.split())`; word P/R/F over character-offset intervals; OOV-R = recall of gold words "
         "absent from `<corpus>_training_words.utf8`.") if with_bench else
        "* **PKU / MSR**: benchdata absent: not measured.",
        "* **trained models** (`eval/train_segmenter_opendata.py`, `python -m pipeline train-segmenter`): "
        "od = opendata (UNER Chinese GSD train converted with OpenCC t2s + UD GSDSimp dev/test, CC BY-SA 4.0, "
        "Wikipedia genre, UD/CTB segmentation convention); ft = the pkuseg default model fine-tuned (`--init-model`).",
        f"* user dictionary for the rows without \"(no dict)\": `{args.user_dict}`; trained models use it too.",
        "* chars/s: PKU+MSR input characters per second of tokenizer time; seeds chars/s: raw characters per "
        "second through `annotate` (layout repair + sentence stage included).",
        "",
        "## Results",
        "",
        *lines,
        "",
        *(["Trained rows: " + "; ".join(f"*{b.name}*: {b.note}" for b, *_ in rows if b.note) + ". "
           "Training times are wall seconds per model (CV rows: each model, `+`-joined), taken from "
           "MODELS/train_times.json: two trainings ran at once on the 2 cores, so they are upper bounds.", ""]
          if any(b.note for b, *_ in rows) else []),
        *summary(rows, with_bench, models_dir),
        "## Reproduce",
        "",
        "```bash",
        "python eval/train_segmenter_opendata.py --out /tmp/segmodels   # optional: trained models",
        cmd,
        "```",
        "",
    ]
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(report), encoding="utf-8")
    print(f"report written to {args.out}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps([{"backend": b.name, "seeds": s, "pku": p, "msr": m}
                                               for b, s, p, m in rows], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
