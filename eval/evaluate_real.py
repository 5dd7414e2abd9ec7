"""The headline numbers: the pipeline on the real-corpus gold, test fold and cross-validated folds.

    python eval/evaluate_real.py [--splits annotations/splits.json] [--out eval/reports/real.md]
                                 [--json eval/reports/real.json] [--section.key value ...]

annotations/splits.json holds five folds of whole real documents (fold 0 = the test fold)
and the seed bulletins as `train_only`. Everything the pipeline learns from gold is
trained per fold without the documents it scores (`TRAINERS` below: the entity rules of
`train-rules` and the trigger model of `train-events`): for a development fold k, on the seeds and the other development
folds; for the test fold, on the seeds and all development folds. Nobody tunes on the
test fold: read its numbers, never its errors.

Prints and writes P/R/F per layer and per label, type and role for the test fold and for
the development folds pooled (each document scored by the models of its own fold), the
pooled numbers per source, and the inter-annotator agreement beside them when
eval/reports/agreement.json exists (python eval/agreement.py). The report holds numbers
only: no text of the documents (cec texts may not enter the repository).

Skips (exit 0, one line) when ../shared/realdata is absent: the cec gold has no text.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "eval"))

from evaluate_folds import predict  # noqa: E402
from pipeline.cli import _overrides  # noqa: E402
from pipeline.corpus import realdata_dir, trainable  # noqa: E402
from pipeline.entities.train import collect_rules, write_rules  # noqa: E402
from pipeline.events.train import fold_model_overrides  # noqa: E402
from pipeline.pipeline import build  # noqa: E402
from pipeline.scoring import score  # noqa: E402
from pipeline.splits import Splits, load_gold  # noqa: E402


def train_entity_rules(train_docs, workdir: Path, overrides: dict) -> dict:
    path = workdir / "entity_rules.jsonl"
    write_rules(collect_rules([d for d in train_docs if d.entities is not None]), path)
    return {"components.entities.rules": str(path)}



def train_events(train_docs, workdir: Path, overrides: dict) -> dict:
    """The trigger model of `train-events` for the fold (pipeline/events/train.py)."""
    return fold_model_overrides(train_docs, overrides, workdir / "trigger_model.json")


# Each trainer learns from the training documents of a fold and returns config overrides.
TRAINERS = [train_entity_rules, train_events]

# --train-segmenter: a pkuseg model per fold, trained on the open data (converted by
# eval/train_segmenter_opendata.py into OPENDATA_DATA) plus the fold's training documents
# whose text the project may train on (the seeds and dxy_gov; never cec_disasters, whose
# meta.licence says "none stated: development and measurement only").
OPENDATA_DATA = Path("/tmp/segmodels/data")      # written by eval/train_segmenter_opendata.py --out /tmp/segmodels
SEGMENTER_CACHE = Path("/tmp/segmodels/folds")


def train_segmenter(train_docs, workdir: Path, overrides: dict) -> dict:
    import hashlib
    import subprocess

    docs = [d for d in train_docs if d.tokens is not None and trainable(d)]
    key = hashlib.sha256(",".join(sorted(d.id for d in docs)).encode()).hexdigest()[:16]
    model = SEGMENTER_CACHE / key
    if not (model / "weights.npz").exists():
        gold = workdir / "segmenter_gold.jsonl"
        gold.write_text("".join(d.model_dump_json(exclude_none=True) + "\n" for d in docs), encoding="utf-8")
        od = REPO.parent / "shared" / "opendata" / "ud_zh_gsdsimp"
        files = [OPENDATA_DATA / "uner_train_simp.iob2", od / "zh_gsdsimp-ud-dev.conllu",
                 od / "zh_gsdsimp-ud-test.conllu", gold]
        print(f"training a segmenter on opendata + {len(docs)} documents -> {model}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pipeline", "train-segmenter", "--gold", *map(str, files),
                        "--out", str(model), "--dev", str(OPENDATA_DATA / "dev_small.iob2"), "--iterations", "20"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return {"nlp.tokenizer.pkuseg_model": str(model)}


def run_fold(splits: Splits, docs, k: int, overrides: dict):
    train, held_out = splits.split(docs, k)
    with tempfile.TemporaryDirectory() as tmp:
        fold_overrides = dict(overrides)
        for trainer in TRAINERS:
            fold_overrides.update(trainer(train, Path(tmp), fold_overrides))
        nlp = build(overrides=fold_overrides)
        t0 = time.perf_counter()
        preds = predict(nlp, held_out, f"fold {k}")
        seconds = time.perf_counter() - t0
    return held_out, preds, len(train), seconds


def source_of(doc_id: str) -> str:
    return "cec" if doc_id.startswith("cec") else "dxy" if doc_id.startswith("dxy") else "other"


# ---------------------------------------------------------------- tables

def rows_of(report: dict) -> list[tuple[str, dict]]:
    """(row name, {p, r, f} or {acc}) in a fixed order, for side-by-side tables."""
    out = []
    for layer in ("sentences", "tokens"):
        if report.get(layer):
            out.append((layer, report[layer]))
    ents = report.get("entities")
    if ents:
        out.append(("entities", ents))
        out += [(f"  {k}", v) for k, v in ents["per_label"].items()]
    q = report.get("quantities")
    if q:
        out.append(("quantities (span)", q))
        out += [(f"  {k} accuracy", q[k]) for k in ("value", "unit", "approx", "item")]
    ev = report.get("events")
    if ev:
        out.append(("event triggers (strict)", ev["trigger"]))
        out.append(("event triggers (loose)", ev["trigger_loose"]))
        out += [(f"  {k}", v) for k, v in ev["per_type"].items()]
        out.append(("event arguments", ev["args"]))
        out += [(f"  {k}", v) for k, v in ev["per_role"].items()]
    return out


def cell(d: dict | None, prf: bool) -> str:
    if d is None:
        return "–"
    if "acc" in d:
        return f"{d['acc']:.3f} ({d['correct']}/{d['total']})"
    return f"{d['p']:.3f} / {d['r']:.3f} / **{d['f']:.3f}**" if prf else f"{d['f']:.3f}"


def side_by_side(columns: list[tuple[str, dict]], prf: bool = True) -> list[str]:
    names: list[str] = []
    tables = []
    for _, rep in columns:
        t = dict(rows_of(rep))
        tables.append(t)
        prev = None
        for n in t:   # a row missing from earlier columns goes after its predecessor here
            if n not in names:
                names.insert(names.index(prev) + 1 if prev in names else len(names), n)
            prev = n
    head = "| layer | " + " | ".join(c for c, _ in columns) + " |"
    lines = [head, "|" + "---|" * (len(columns) + 1)]
    for n in names:
        lines.append(f"| {n.strip() if not n.startswith('  ') else '&nbsp;&nbsp;' + n.strip()} | "
                     + " | ".join(cell(t.get(n), prf) for t in tables) + " |")
    return lines


def gold_counts(docs) -> str:
    chars = sum(len(d.text) for d in docs)
    ents = sum(len(d.entities or []) for d in docs)
    qs = sum(len(d.quantities or []) for d in docs)
    evs = sum(len(d.events or []) for d in docs)
    return f"{len(docs)} documents, {chars:,} characters, {ents} entities, {qs} quantities, {evs} events"


def dev_only(splits: Splits, docs, overrides: dict) -> int:
    gold, pred = [], []
    for k in splits.dev_folds:
        held_out, preds, _, _ = run_fold(splits, docs, k, overrides)
        gold += held_out
        pred += preds
    print("\n".join(side_by_side([(f"CV folds {','.join(map(str, splits.dev_folds))}", score(gold, pred))])))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--splits", default=str(REPO / "annotations" / "splits.json"))
    ap.add_argument("--out", default=str(REPO / "eval" / "reports" / "real.md"))
    ap.add_argument("--json", default=str(REPO / "eval" / "reports" / "real.json"))
    ap.add_argument("--agreement", default=str(REPO / "eval" / "reports" / "agreement.json"))
    ap.add_argument("--dev-only", action="store_true",
                    help="score the development folds only (while developing: the test fold is not even run); "
                         "prints, writes nothing")
    ap.add_argument("--train-segmenter", action="store_true",
                    help="also train a pkuseg segmenter per fold (open data + the fold's trainable documents; slow)")
    args, extra = ap.parse_known_args()
    overrides = _overrides(extra)
    if args.train_segmenter:
        TRAINERS.insert(0, train_segmenter)
    if not realdata_dir().is_dir():
        print(f"skipped: {realdata_dir()} is absent (the real-corpus gold needs it for the cec texts)")
        return 0
    splits = Splits.load(args.splits)
    if splits.test_fold is None:
        raise SystemExit(f"{args.splits}: no test_fold")
    docs = load_gold(splits.gold_files)
    if args.dev_only:
        return dev_only(splits, docs, overrides)
    by_fold = {}
    for k in [splits.test_fold] + splits.dev_folds:
        held_out, preds, n_train, seconds = run_fold(splits, docs, k, overrides)
        by_fold[k] = (held_out, preds)
        chars = sum(len(d.text) for d in held_out)
        print(f"fold {k}: {len(held_out)} documents scored, trained on {n_train}; "
              f"{chars / seconds:,.0f} chars/s end to end", file=sys.stderr)
    test_gold, test_pred = by_fold[splits.test_fold]
    cv_gold = [d for k in splits.dev_folds for d in by_fold[k][0]]
    cv_pred = [d for k in splits.dev_folds for d in by_fold[k][1]]
    reports = {"test": score(test_gold, test_pred), "cv": score(cv_gold, cv_pred),
               "folds": {k: score(*by_fold[k]) for k in splits.dev_folds}}
    for src in ("dxy", "cec"):
        g = [d for d in cv_gold if source_of(d.id) == src]
        reports[f"cv_{src}"] = score(g, [p for p in cv_pred if source_of(p.id) == src])
        g = [d for d in test_gold if source_of(d.id) == src]
        reports[f"test_{src}"] = score(g, [p for p in test_pred if source_of(p.id) == src])
    agreement = None
    if Path(args.agreement).is_file():
        agreement = json.loads(Path(args.agreement).read_text(encoding="utf-8"))["report"]
    columns = [(f"test fold {splits.test_fold}", reports["test"]),
               (f"CV folds {','.join(map(str, splits.dev_folds))}", reports["cv"])]
    if agreement:
        columns.append(("annotator agreement", agreement))
    lines = [
        "# The pipeline on the real-corpus gold", "",
        f"Generated {dt.date.today()} by `python eval/evaluate_real.py {' '.join(sys.argv[1:])}` on "
        f"{platform.machine()} (Python {platform.python_version()}). Overrides: {overrides or 'none'}.", "",
        f"Test fold {splits.test_fold}: {gold_counts(test_gold)}. Development folds: {gold_counts(cv_gold)}. "
        f"Trained per fold without the scored documents: {', '.join(t.__name__ for t in TRAINERS)}; "
        f"always trained on the {len(splits.train_only)} seed documents too.", "",
        "P / R / **F** (accuracy for quantity fields, over matched spans). The agreement column "
        "scores one annotator against the other on the doubly annotated documents "
        "(eval/reports/agreement.md): the ceiling to read every score against.", "",
    ]
    lines += side_by_side(columns)
    lines += ["", "## By source (F)", ""]
    lines += side_by_side([(f"test {s}", reports[f"test_{s}"]) for s in ("dxy", "cec")]
                          + [(f"CV {s}", reports[f"cv_{s}"]) for s in ("dxy", "cec")], prf=False)
    lines += ["", "## Development folds one by one (F)", ""]
    lines += side_by_side([(f"fold {k}", r) for k, r in reports["folds"].items()], prf=False)
    text = "\n".join(lines) + "\n"
    print(text)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")
    Path(args.json).write_text(json.dumps(reports, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
