"""Command line: python -m pipeline {run, show, eval, records, validate, schema, train-segmenter, train-rules, train-events, export, import}.

Config overrides work as in `spacy train`: any `--section.key value` after the
command's inputs and options, e.g. `--nlp.tokenizer.segmenter jieba`
or `--components.quantities.kinds '["money"]'`.

Exit status: 0 success; 1 some documents or lines failed (the rest were processed);
2 usage, configuration or unreadable-file errors (nothing useful was done).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Optional

from .schema import SCHEMAS, check_iso_date


class UsageError(Exception):
    """A mistake in the command line or the config: reported in one line, exit status 2."""


def _overrides(extra: list[str]) -> dict[str, Any]:
    from spacy.cli._util import parse_config_overrides

    for i, arg in enumerate(extra):
        if not arg.startswith("--") or "." not in arg.split("=", 1)[0]:
            if i == 0 or not extra[i - 1].startswith("--") or "=" in extra[i - 1]:
                raise UsageError(f"unrecognised argument {arg!r} (config overrides are --section.key value pairs)")
        elif "=" not in arg and (i + 1 == len(extra) or extra[i + 1].startswith("--")):
            raise UsageError(f"config override {arg} has no value; put overrides after the inputs and options")
    try:
        return parse_config_overrides(list(extra))  # it consumes the list it is given
    except (SystemExit, Exception) as err:  # spaCy's parser exits or raises click errors
        raise UsageError(f"config overrides must be --section.key value pairs, got: {' '.join(extra)}") from err


def _date(value: str) -> str:
    try:
        check_iso_date(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    if "/" in value:
        raise argparse.ArgumentTypeError("--date takes one day, YYYY-MM-DD")
    return value


def _build(args, extra: list[str]):
    from .pipeline import ConfigFileError, build

    overrides = _overrides(extra)
    try:
        return build(args.config, overrides)
    except ConfigFileError as err:
        raise UsageError(str(err)) from None
    except (FileNotFoundError, ValueError, RuntimeError) as err:
        raise UsageError(f"cannot build the pipeline: {err}") from None


# ---------------------------------------------------------------- run

def _check_run_paths(args) -> tuple[Path, Path]:
    from .io import check_distinct, check_output_path

    missing = [p for p in args.inputs if not Path(p).exists() and not Path(p).is_symlink()]
    if missing:
        raise UsageError(f"no such input: {', '.join(missing)}")
    out_path = check_output_path(args.out, "--out")
    errors_path = (check_output_path(args.errors, "--errors") if args.errors is not None
                   else out_path.with_name(out_path.stem + ".errors.jsonl"))
    inputs = [("input", p) for p in args.inputs]
    check_distinct(out_path, inputs + [("errors file", errors_path)])
    check_distinct(errors_path, inputs)
    return out_path, errors_path


def cmd_run(args, extra: list[str]) -> int:
    from .io import OutputError

    overrides = _overrides(extra)  # a mistyped option is reported before anything else
    if args.n_process is None:
        from .parallel import default_n_process
        args.n_process = default_n_process()
    if args.n_process < 1:
        raise UsageError(f"--n-process must be at least 1, got {args.n_process}")
    try:
        out_path, errors_path = _check_run_paths(args)
        nlp = _build(args, extra)  # also in N-process runs: a config error is one line here, not N in workers
        return _run(args, nlp, out_path, errors_path, overrides)
    except OutputError as err:
        raise UsageError(str(err)) from None


def _run(args, nlp, out_path: Path, errors_path: Path, overrides: Optional[dict[str, Any]] = None) -> int:
    from tqdm import tqdm

    from .io import InputError, JsonlWriter, iter_inputs
    from .parallel import process_stream

    failed = 0
    with JsonlWriter(out_path, resume=args.resume) as out, JsonlWriter(errors_path) as errors:
        if out.resumed:
            print(f"resuming: {out.resumed} documents already in {out_path} are skipped", file=sys.stderr)
        # Streamed: a large JSONL input is never held in memory (so the bar has no total).
        inputs = iter_inputs(args.inputs, default_date=args.date, skip_ids=out.done_ids)
        bar = tqdm(unit="doc", disable=args.quiet or None, file=sys.stderr)
        for item, (line, error) in process_stream(nlp, inputs, args.n_process, args.config, overrides):
            if error is None:
                try:
                    out.write(line)
                except (UnicodeEncodeError, ValueError) as err:
                    error = InputError(item.source, f"cannot write the document: {err}", "write", item.id)
            if error is not None:
                failed += 1
                errors.write(error.record())
                print(f"error: {error.source}: [{error.stage}] {error.message}", file=sys.stderr)
            bar.update(1)
        bar.close()
        if not failed:
            errors.abort()
    if not failed:
        errors_path.unlink(missing_ok=True)  # a previous run's errors no longer apply
    if out.partial:
        print(f"interrupted: the documents done so far are in {out.partial}; {out_path} is unchanged", file=sys.stderr)
    print(f"{out.count} documents written to {out_path}" + (f"; {failed} failed (see {errors_path})" if failed else ""),
          file=sys.stderr)
    return 1 if failed else 0


# ---------------------------------------------------------------- eval

def _load_or_fail(path: str, strict: bool, what: str):
    """Load a guide JSONL file; print its problems; an unreadable file or (with strict)
    any problem is a UsageError."""
    from .io import AnnotationFileError, load_documents

    try:
        result = load_documents(path, strict=strict)
    except AnnotationFileError as err:
        for p in err.problems:
            print(p, file=sys.stderr)
        raise UsageError(f"{len(err.problems)} problems in {path} (--strict)") from None
    for p in result.problems:
        print(p, file=sys.stderr)
    if any(p.field == "(file)" for p in result.problems):
        raise UsageError(f"cannot read {what} file {path}")
    return result


def cmd_eval(args, extra: list[str]) -> int:
    from .io import Input
    from .pipeline import process
    from .scoring import format_report, score

    gold_docs, where = [], {}
    for path in args.gold:
        loaded = _load_or_fail(path, args.strict, "gold")
        gold_docs += loaded.documents
        where.update({i: f"{path}:{n}" for i, n in loaded.lines.items()})
    if not gold_docs:
        raise UsageError(f"no valid gold documents in {', '.join(args.gold)}")
    if args.fold is not None:
        from .splits import Splits

        try:
            gold_docs = Splits.load(args.splits).split(gold_docs, args.fold)[1]
        except (FileNotFoundError, ValueError) as err:
            raise UsageError(str(err)) from None
        # Only the documents are held out; models and rules must have been trained
        # without them (eval/evaluate_folds.py trains the entity rules per fold).
        print(f"fold {args.fold}: scoring its {len(gold_docs)} documents", file=sys.stderr)
    if args.ids:
        wanted = set(args.ids.split(","))
        unknown = wanted - {d.id for d in gold_docs}
        if unknown:
            raise UsageError(f"--ids names documents not in the gold: {', '.join(sorted(unknown))}")
        gold_docs = [d for d in gold_docs if d.id in wanted]
    failed = 0
    if args.pred:
        pred_docs = _load_or_fail(args.pred, args.strict, "prediction").documents
    else:
        nlp = _build(args, extra)
        pred_docs = []
        for g in gold_docs:
            result = process(nlp, Input(g.id, g.text, g.meta.model_dump(exclude_none=True), where[g.id]))
            if result.error:
                failed += 1
                print(f"error: {result.error.source}: [{result.error.stage}] {result.error.message}", file=sys.stderr)
            else:
                pred_docs.append(result.document)
        if args.save_pred:
            from .io import write_documents
            write_documents(args.save_pred, pred_docs)
    try:
        report = score(gold_docs, pred_docs)
    except ValueError as err:
        raise UsageError(str(err)) from None
    print(format_report(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if failed:
        print(f"{failed} documents failed in the pipeline and were scored as empty", file=sys.stderr)
    return 1 if failed else 0


# ---------------------------------------------------------------- validate / schema

def cmd_validate(args, extra: list[str]) -> int:
    from .io import load_documents

    worst = 0
    for f in args.files:
        result = load_documents(f)
        for p in result.problems:
            print(p)
        print(f"{f}: {len(result.documents)} valid documents, {len(result.problems)} problems", file=sys.stderr)
        unreadable = any(p.field == "(file)" for p in result.problems)
        worst = max(worst, 2 if unreadable else 1 if result.problems else 0)
    return worst


def cmd_schema(args, extra: list[str]) -> int:
    from .schema import json_schema_text

    sys.stdout.write(json_schema_text(args.what))
    return 0


def cmd_train_rules(args, extra: list[str]) -> int:
    from .entities import RuleFileError, train_rules
    from .io import AnnotationFileError

    try:
        rules, ids = train_rules(args.gold, args.out, fold=args.fold, splits=args.splits)
    except (FileNotFoundError, ValueError, RuleFileError, AnnotationFileError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"{len(rules)} rules from {len(ids)} training documents ({', '.join(ids) or 'none'}) written to {args.out}",
          file=sys.stderr)
    return 0


def cmd_train_events(args, extra: list[str]) -> int:
    from .events.train import fold_map, format_table, train_trigger_model
    from .io import AnnotationFileError
    from .splits import Splits, load_gold

    try:
        docs = load_gold(args.gold)
        splits = Splits.load(args.splits) if Path(args.splits).exists() else None
        held_out = args.fold if args.fold is not None else (splits.test_fold if splits else None)
        if args.fold is not None and splits is None:
            raise ValueError(f"--fold needs a split file; {args.splits} does not exist")
        held = splits.eval_ids(held_out) if splits is not None and held_out is not None else set()
        train = [d for d in docs if d.id not in held]
        folds = fold_map(train, splits)
        nlp = _build(args, extra + ["--components.events.trigger_model", "null"])
        report, n = train_trigger_model(train, nlp, Path(args.out), folds, args.c, args.gold,
                                        cv=not args.no_cv, progress=not args.quiet, min_support=args.min_support)
    except (FileNotFoundError, ValueError, AnnotationFileError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if report is not None:
        print(f"cross-validated trigger P/R/F ({len(set(folds.values()))} folds; held out: "
              f"{'fold ' + str(held_out) if held_out is not None else 'nothing'}):")
        print(format_table(report))
    print(f"trigger model from {n} training documents written to {args.out}", file=sys.stderr)
    return 0


def cmd_records(args, extra: list[str]) -> int:
    from .records import (EventRecord, QuantityRecord, RecordFormatError, event_records, quantity_records,
                          record_format, write_records)

    from .io import OutputError, check_distinct

    try:
        check_distinct(Path(args.out), [("input", args.input)])
        fmt = record_format(args.out, args.format)  # before the input is read: nothing is done
    except (OutputError, RecordFormatError) as err:
        raise UsageError(str(err)) from None
    result = _load_or_fail(args.input, args.strict, "input")
    make, model = (event_records, EventRecord) if args.what == "events" else (quantity_records, QuantityRecord)
    rows = (r for doc in result.documents for r in make(doc))
    try:
        count = write_records(rows, args.out, model, fmt)
    except OutputError as err:
        raise UsageError(str(err)) from None
    print(f"{count} {args.what} records from {len(result.documents)} documents written to {args.out}", file=sys.stderr)
    return 1 if result.problems else 0


def cmd_show(args, extra: list[str]) -> int:
    from .io import OutputError, check_distinct, check_output_path
    from .view import render_page, write_page

    if not args.inputs and not args.pred:
        raise UsageError("show needs INPUT files or folders, or --pred FILE.jsonl")
    _overrides(extra)  # a mistyped option is reported before anything runs
    try:
        out = check_output_path(args.html, "--html")
        check_distinct(out, [("input", p) for p in args.inputs + args.pred])
    except OutputError as err:
        raise UsageError(str(err)) from None
    shown, failures = _documents_to_show(args, extra)
    try:
        write_page(out, render_page(shown, failures))
    except OutputError as err:
        raise UsageError(str(err)) from None
    print(f"{len(shown)} documents rendered to {out}" + (f"; {len(failures)} not shown" if failures else ""),
          file=sys.stderr)
    return 1 if failures else 0


def _documents_to_show(args, extra: list[str]) -> tuple[list, list[str]]:
    """(document, origin) pairs: the pipeline's output for the inputs, then the --pred
    files' documents as they are; every failure or invalid line as one message."""
    shown, failures = [], []
    if args.inputs:
        from .io import iter_inputs
        from .pipeline import process_all

        missing = [p for p in args.inputs if not Path(p).exists() and not Path(p).is_symlink()]
        if missing:
            raise UsageError(f"no such input: {', '.join(missing)}")
        for result in process_all(_build(args, extra), iter_inputs(args.inputs, default_date=args.date)):
            if result.error is not None:
                failures.append(f"{result.error.source}: [{result.error.stage}] {result.error.message}")
                print(f"error: {failures[-1]}", file=sys.stderr)
            else:
                shown.append((result.document, result.input.source))
    for path in args.pred:
        loaded = _load_or_fail(path, False, "--pred")  # prints each problem as file:line: field: message
        shown += [(doc, f"{path}:{loaded.lines[doc.id]}") for doc in loaded.documents]
        failures += [str(p) for p in loaded.problems]
    return shown, failures


def cmd_train_segmenter(args, extra: list[str]) -> int:
    from .io import InputFormatError
    from .train import train_segmenter

    try:
        return train_segmenter(args)
    except (OSError, InputFormatError) as err:
        raise UsageError(str(err)) from None


# ---------------------------------------------------------------- export / import (annotation tools)

def cmd_export(args, extra: list[str]) -> int:
    from .exchange import export_file, labelstudio_config
    from .io import OutputError, check_distinct

    try:
        check_distinct(Path(args.out), [("input", args.input)])
    except OutputError as err:
        raise UsageError(str(err)) from None
    loaded = _load_or_fail(args.input, args.strict, "input")
    try:
        outcome = export_file(loaded.documents, args.out, args.to, args.offsets, args.model_version)
    except OutputError as err:
        raise UsageError(str(err)) from None
    for p in outcome.problems:
        print(f"error: {args.input}: {p}", file=sys.stderr)
    print(f"{outcome.documents} documents written to {args.out} for {args.to}", file=sys.stderr)
    if args.to == "labelstudio":
        config = Path(args.out).with_suffix(".labelstudio.xml")
        config.write_text(labelstudio_config(), encoding="utf-8")
        print(f"labeling config for the project: {config}", file=sys.stderr)
    return 1 if outcome.problems or loaded.problems else 0


def cmd_import(args, extra: list[str]) -> int:
    from .exchange import ExchangeError, import_file
    from .io import InputFormatError, OutputError, check_distinct

    if not Path(args.input).is_file():
        raise UsageError(f"no such input file: {args.input}")
    try:
        check_distinct(Path(args.out), [("input", args.input)])
        outcome = import_file(args.input, args.out, getattr(args, "from"), args.offsets)
    except (OutputError, InputFormatError, ExchangeError) as err:
        raise UsageError(str(err)) from None
    except OSError as err:
        raise UsageError(f"cannot read {args.input}: {err.strerror or err}") from None
    for p in outcome.problems:
        print(f"error: {p}", file=sys.stderr)
    print(f"{outcome.documents} documents written to {args.out}"
          + (f"; {len(outcome.problems)} tasks failed" if outcome.problems else ""), file=sys.stderr)
    return 1 if outcome.problems else 0


# ---------------------------------------------------------------- parser

def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the pipeline on bulletins, write guide-format JSONL")
    run.add_argument("inputs", nargs="+", help=".txt files, folders of them, or JSONL files of {id, text, meta}")
    run.add_argument("--out", required=True, help="output JSONL, one document per input")
    run.add_argument("--config", help="pipeline config (default: the shipped pipeline/default.cfg)")
    run.add_argument("--date", type=_date, help="publication date for inputs that carry none (resolves relative dates)")
    run.add_argument("--errors", help="where error records go (default: OUT's name + .errors.jsonl)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.add_argument("--n-process", type=int, default=None,
                     help="worker processes, each with its own pipeline (default: all cores; 1 = in this process)")
    run.add_argument("--resume", action="store_true",
                     help="keep the documents already complete in OUT (and in the leftovers of a killed run) and process only the rest")
    run.set_defaults(func=cmd_run)

    ev = sub.add_parser("eval", help="score the pipeline (or a predictions file) against gold")
    ev.add_argument("--gold", nargs="+", required=True, help="gold JSONL files (text-free lines get their text from the realdata folder)")
    ev.add_argument("--pred", help="score this predictions JSONL instead of running the pipeline")
    ev.add_argument("--config")
    ev.add_argument("--json", help="also write the full report as JSON here")
    ev.add_argument("--save-pred", help="write the pipeline's predictions here")
    ev.add_argument("--ids", help="comma-separated document ids to score (default: all)")
    ev.add_argument("--strict", action="store_true", help="any problem in the files is fatal")
    ev.add_argument("--fold", type=int, help="score only the held-out documents of this fold (see --splits)")
    ev.add_argument("--splits", default=str(Path(__file__).resolve().parent.parent / "annotations" / "splits.json"),
                    help="split file (default: annotations/splits.json)")
    ev.set_defaults(func=cmd_eval)

    va = sub.add_parser("validate", help="check guide-format JSONL files; list every problem")
    va.add_argument("files", nargs="+")
    va.set_defaults(func=cmd_validate)

    rc = sub.add_parser("records", help="flatten pipeline output into event or quantity records (CSV or JSONL)")
    rc.add_argument("input", help="guide-format JSONL (the output of `run`)")
    rc.add_argument("--out", required=True, help=".csv (UTF-8 with BOM), .jsonl or .xlsx (Excel workbook)")
    rc.add_argument("--what", choices=("events", "quantities"), default="events")
    rc.add_argument("--format", choices=("csv", "jsonl", "xlsx"), help="default: by the --out suffix")
    rc.add_argument("--strict", action="store_true", help="any problem in the input is fatal")
    rc.set_defaults(func=cmd_records)

    sh = sub.add_parser("show", help="render documents and their annotations as one self-contained HTML page")
    sh.add_argument("inputs", nargs="*", help="as for run: .txt files, folders, JSONL/JSON of {id, text, meta}")
    sh.add_argument("--pred", action="append", default=[], metavar="FILE.jsonl",
                    help="guide-format JSONL (predictions or gold) rendered as it is, without running the pipeline; repeatable")
    sh.add_argument("--html", required=True, help="the page to write")
    sh.add_argument("--config")
    sh.add_argument("--date", type=_date, help="publication date for inputs that carry none")
    sh.set_defaults(func=cmd_show)

    sc = sub.add_parser("schema", help="print the JSON Schema of a document line or of a record (docs/schema/)")
    sc.add_argument("--what", choices=SCHEMAS, default="document")
    sc.set_defaults(func=cmd_schema)

    ts = sub.add_parser("train-segmenter", help="train a pkuseg model from gold `tokens`")
    ts.add_argument("--gold", nargs="+", required=True, help="guide JSONL files with tokens (and/or .conllu / .iob2 files)")
    ts.add_argument("--out", required=True, help="model folder to write")
    ts.add_argument("--dev", help="guide JSONL with tokens to score after training")
    ts.add_argument("--init-model", help="start from this pkuseg model folder (fine-tuning); a pickled one "
                    "(features.pkl) is refused, since unpickling runs code, unless --allow-pickle")
    ts.add_argument("--allow-pickle", action="store_true", help="trust a pickled --init-model folder")
    ts.add_argument("--iterations", type=int, default=20)
    ts.set_defaults(func=cmd_train_segmenter)

    tr = sub.add_parser("train-rules", help="collect the gold PER/ORG/GPE/LOC strings of the training documents as entity rules")
    tr.add_argument("--gold", nargs="+", required=True, help="guide JSONL files with entities")
    tr.add_argument("--out", required=True, help="rules JSONL to write ({label, pattern, source} per line)")
    tr.add_argument("--fold", type=int, help="train on the documents of every fold but this one (see --splits)")
    tr.add_argument("--splits", default=str(Path(__file__).resolve().parent.parent / "annotations" / "splits.json"),
                    help="split file (default: annotations/splits.json)")
    tr.set_defaults(func=cmd_train_rules)

    te = sub.add_parser("train-events", help="train the trigger model (which candidates are events, of which type) from gold events")
    te.add_argument("--gold", nargs="+", required=True, help="guide JSONL files with events")
    te.add_argument("--out", required=True, help="model folder (writes trigger_model.json) or a .json file")
    te.add_argument("--fold", type=int, help="hold out this fold of --splits (default: the split file's test fold)")
    te.add_argument("--splits", default=str(Path(__file__).resolve().parent.parent / "annotations" / "splits.json"),
                    help="split file (default: annotations/splits.json); documents it does not name are "
                         "spread over 5 folds by a hash of their id for cross-validation")
    te.add_argument("--config", help="pipeline config whose layers the candidates are read from")
    te.add_argument("--c", type=float, default=0.5, help="inverse regularisation strength (default 0.5)")
    te.add_argument("--min-support", type=int, default=1,
                    help="training candidates a word needs before the model may overrule the rules on it (default 1)")
    te.add_argument("--no-cv", action="store_true", help="skip the cross-validation report")
    te.add_argument("--quiet", action="store_true", help="no progress bar")
    te.set_defaults(func=cmd_train_events)

    offsets_help = ("offset unit of the tool file: utf16 (JavaScript string indices; doccano's default) or "
                    "codepoints (Python; Label Studio's default)")
    ex = sub.add_parser("export", help="guide JSONL → doccano JSONL or Label Studio tasks, for correction in the tool")
    ex.add_argument("input", help="guide-format JSONL (the output of `run`, or gold)")
    ex.add_argument("--to", required=True, choices=("doccano", "labelstudio"))
    ex.add_argument("--out", required=True, help="doccano JSONL, or Label Studio JSON (a list of tasks)")
    ex.add_argument("--offsets", choices=("utf16", "codepoints"), help=offsets_help)
    ex.add_argument("--model-version", help="Label Studio predictions' model_version (default: bulletin-ie VERSION)")
    ex.add_argument("--strict", action="store_true", help="any problem in the input is fatal")
    ex.set_defaults(func=cmd_export)

    im = sub.add_parser("import", help="doccano JSONL or Label Studio JSON export → guide JSONL")
    im.add_argument("input", help="the file exported from the tool")
    im.add_argument("--from", required=True, choices=("doccano", "labelstudio"))
    im.add_argument("--out", required=True, help="guide-format JSONL to write")
    im.add_argument("--offsets", choices=("utf16", "codepoints"), help=offsets_help)
    im.set_defaults(func=cmd_import)
    return parser


def main(argv: Optional[list[str]] = None) -> int:
    parser = make_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command not in ("run", "eval", "show", "train-events"):
        parser.error(f"unrecognised arguments: {' '.join(extra)}")
    try:
        return args.func(args, extra)
    except UsageError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
