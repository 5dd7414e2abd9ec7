"""Annotation authoring tool for the real corpus: write spans as text, get guide offsets.

Annotators never type offsets. For each document they edit two files in their work
folder (annotations/work/..., never committed: cec texts may not enter the repository):

* `ID.tok`  word tokens, separated by spaces, bootstrapped by a segmenter and corrected
            by hand (guide §3, PKU standard); the annotator puts `‖` after the last token
            of every sentence (guide §2; headings, bylines and date lines end one too).
* `ID.json` the other layers, each list in document order:

    {"entities":   [["湖北省", "GPE"], ["武汉", "GPE", "在武汉工作"]],
     "quantities": [{"text": "20多名", "value": 20, "unit": "名", "approx": "over",
                     "item": "乘客"}],
     "events":     [{"type": "DEPLOY", "trigger": "赶往",
                     "args": [["agent", "市公安局"], ["location", "现场"],
                              ["quantity", "20多名"], ["date", "昨天下午", "2008-04-04"]]}]}

  An entity, quantity (`"ctx"` key) or trigger (`"ctx"` key) is found at its next
  occurrence after the previous one of its list; a third element / `ctx` is a longer
  string around it that makes the occurrence unique. An item is the occurrence nearest
  to its quantity; a quantity argument is the gold quantity with that text nearest to the
  trigger (in its sentence, not yet used by the event; `["quantity", text, context]` picks
  the one inside context); the other arguments are the occurrence nearest to the trigger (or no offsets
  when the text is not in the document).

    python annotations/real/tools/author.py prepare DIR ID...   # ID.txt, ID.tok (bootstrap)
    python annotations/real/tools/author.py build DIR [--out F]  # check all, write guide JSONL
    python annotations/real/tools/author.py show DIR ID          # bracketed view to proofread
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(REPO))

REALDATA = REPO.parent / "shared" / "realdata"
SENT_MARK = "‖"


class AuthorError(ValueError):
    pass


# the realdata files whose text may be committed (their MANIFEST allows it); the others
# are stored text-free (pipeline/corpus.py)
TEXT_ALLOWED = {"dxy_gov.jsonl"}


def load_realdata(realdata: Path = REALDATA) -> dict[str, dict]:
    docs = {}
    for path in sorted(realdata.glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            if line.strip():
                d = json.loads(line)
                d["_file"] = path.name
                docs[d["id"]] = d
    return docs


# ---------------------------------------------------------------- tokens, sentences

def bootstrap_tokens(text: str) -> str:
    """Segmenter output as one line per raw line (the only layer allowed a machine start)."""
    import spacy_pkuseg
    from pipeline.tokenizer import resolve_pkuseg_model
    seg = spacy_pkuseg.pkuseg(resolve_pkuseg_model("pkuseg:default"))
    return "\n".join(" ".join(seg.cut(line)) if line.strip() else "" for line in text.split("\n")) + "\n"


def align_tokens(text: str, tok_file: str) -> tuple[list[list[int]], list[list[int]]]:
    """(tokens, sentences) offsets from a token file; every non-space char exactly once."""
    tokens, sentences = [], []
    pos, sent_start = 0, None
    for lineno, line in enumerate(tok_file.split("\n"), 1):
        for piece in line.replace(SENT_MARK, f" {SENT_MARK} ").split():
            if piece == SENT_MARK:
                if sent_start is not None:
                    sentences.append([sent_start, tokens[-1][1]])
                sent_start = None
                continue
            start = None
            for ch in piece:
                while pos < len(text) and text[pos].isspace():
                    pos += 1
                if pos >= len(text) or text[pos] != ch:
                    got = text[pos:pos + 10] if pos < len(text) else "<end of text>"
                    raise AuthorError(f".tok line {lineno}: token {piece!r}: expected {ch!r}, text has {got!r} at {pos}")
                start = pos if start is None else start
                pos += 1
            tokens.append([start, pos])
            if sent_start is None:
                sent_start = start
    rest = text[pos:].strip()
    if rest:
        raise AuthorError(f".tok ends before the text: {rest[:20]!r} at {pos} is not tokenised")
    if sent_start is not None:
        sentences.append([sent_start, tokens[-1][1]])
    return tokens, sentences


# ---------------------------------------------------------------- span finding

def find_next(text: str, target: str, cursor: int, ctx: str | None = None) -> int:
    if not target:
        raise AuthorError("empty span text")
    if ctx is None:
        at = text.find(target, cursor)
        if at < 0:
            raise AuthorError(f"{target!r} not found after offset {cursor}")
        return at
    if target not in ctx:
        raise AuthorError(f"context {ctx!r} does not contain {target!r}")
    inner = ctx.index(target)
    at = text.find(ctx, max(0, cursor - inner))
    while at >= 0 and at + inner < cursor:
        at = text.find(ctx, at + 1)
    if at < 0:
        raise AuthorError(f"context {ctx!r} not found after offset {cursor}")
    return at + inner


def occurrences(text: str, target: str) -> list[int]:
    out, at = [], text.find(target)
    while at >= 0:
        out.append(at)
        at = text.find(target, at + 1)
    return out


def gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)


def nearest(text: str, target: str, anchor: tuple[int, int], exclude: tuple[int, int] | None = None):
    best = None
    for at in occurrences(text, target):
        span = (at, at + len(target))
        if exclude and span[0] < exclude[1] and exclude[0] < span[1]:
            continue
        if best is None or gap(span, anchor) < gap(best, anchor):
            best = span
    return best


def span_obj(text: str, start: int, end: int) -> dict:
    return {"start": start, "end": end, "text": text[start:end]}


# ---------------------------------------------------------------- layers

def build_entities(text: str, rows: list) -> list[dict]:
    out, cursor = [], 0
    for i, row in enumerate(rows):
        if not isinstance(row, list) or len(row) not in (2, 3):
            raise AuthorError(f"entities[{i}]: expected [text, label] or [text, label, context], got {row!r}")
        try:
            at = find_next(text, row[0], cursor, row[2] if len(row) == 3 else None)
        except AuthorError as err:
            raise AuthorError(f"entities[{i}] {row[0]!r}: {err}") from None
        out.append(dict(span_obj(text, at, at + len(row[0])), label=row[1]))
        cursor = at + len(row[0])
    return out


def build_quantities(text: str, rows: list) -> list[dict]:
    out, cursor = [], 0
    for i, row in enumerate(rows):
        try:
            at = find_next(text, row["text"], cursor, row.get("ctx"))
            span = (at, at + len(row["text"]))
            q = dict(span_obj(text, *span), value=row["value"], unit=row["unit"],
                     approx=row.get("approx", "exact"), item=None)
            if row.get("item"):
                item = nearest(text, row["item"], span, exclude=span)
                if item is None:
                    raise AuthorError(f"item {row['item']!r} not found")
                q["item"] = span_obj(text, *item)
        except (AuthorError, KeyError, TypeError) as err:
            raise AuthorError(f"quantities[{i}] {row!r}: {err}") from None
        out.append(q)
        cursor = span[1]
    return out


def build_events(text: str, rows: list, quantities: list[dict], sentences: list[list[int]]) -> list[dict]:
    out, cursor = [], 0
    for i, row in enumerate(rows):
        try:
            at = find_next(text, row["trigger"], cursor, row.get("ctx"))
            trig = (at, at + len(row["trigger"]))
            sent = next(((s, e) for s, e in sentences if s <= at < e), (0, len(text)))
            used: set = set()
            args = [build_arg(text, a, trig, quantities, sent, used) for a in row.get("args", [])]
        except (AuthorError, KeyError, TypeError, IndexError) as err:
            raise AuthorError(f"events[{i}] {row.get('trigger')!r}: {err}") from None
        out.append({"type": row["type"], "trigger": span_obj(text, *trig), "args": args})
        cursor = trig[1]
    return out


def build_arg(text: str, arg: list, trig: tuple[int, int], quantities: list[dict],
              sent: tuple[int, int] = (0, 10 ** 9), used: set | None = None) -> dict:
    """A quantity argument is a gold quantity with that text: in the trigger's sentence,
    not yet used by this event, inside `ctx` (third element) when given, nearest first."""
    role, value_text = arg[0], arg[1]
    if role == "quantity":
        used = set() if used is None else used
        cands = [(q["start"], q["end"]) for q in quantities if q["text"] == value_text]
        if len(arg) > 2 and arg[2]:
            ctx = arg[2]
            if value_text not in ctx:
                raise AuthorError(f"context {ctx!r} does not contain {value_text!r}")
            inner = ctx.index(value_text)
            cands = [c for c in cands if text.startswith(ctx, c[0] - inner)]
        if not cands:
            raise AuthorError(f"quantity argument {value_text!r} is not a gold quantity" +
                              (" inside its context" if len(arg) > 2 else ""))
        best = sorted(cands, key=lambda c: (c in used, not (sent[0] <= c[0] < sent[1]), gap(c, trig)))[0]
        used.add(best)
        s, e = best
        return {"role": role, **span_obj(text, s, e)}
    out = {"role": role, "text": value_text}
    span = nearest(text, value_text, trig)
    if span:
        out.update(start=span[0], end=span[1])
    if role == "date":
        if len(arg) < 3 or not arg[2]:
            raise AuthorError(f"date argument {value_text!r} needs an ISO value as third element")
        out["value"] = arg[2]
    return out


def build_document(doc: dict, tok_file: str, ann: dict) -> dict:
    text = doc["text"]
    tokens, sentences = align_tokens(text, tok_file)
    quantities = build_quantities(text, ann.get("quantities", []))
    out = {"id": doc["id"], "text": text, "meta": doc.get("meta", {}), "_file": doc["_file"],
           "sentences": sentences, "tokens": tokens,
           "entities": build_entities(text, ann.get("entities", [])),
           "quantities": quantities,
           "events": build_events(text, ann.get("events", []), quantities, sentences)}
    check(out)
    return out


def check(out: dict) -> None:
    from pipeline.schema import Document
    from pydantic import ValidationError
    try:
        doc = Document.model_validate({k: v for k, v in out.items() if k != "_file"})
    except ValidationError as err:
        raise AuthorError(str(err).replace("\n", " | ")) from None
    problems = doc.problems()
    for layer in ("entities", "quantities"):
        spans = sorted((x["start"], x["end"], x["text"]) for x in out[layer])
        for a, b in zip(spans, spans[1:]):
            if b[0] < a[1]:
                problems.append((layer, f"{a[2]!r} and {b[2]!r} overlap"))
    if problems:
        raise AuthorError("; ".join(f"{p}: {m}" for p, m in problems))


# ---------------------------------------------------------------- views

def show(doc: dict) -> str:
    text = doc["text"]
    marks: dict[int, list[str]] = {}

    def mark(pos, s):
        marks.setdefault(pos, []).append(s)

    for e in doc["entities"]:
        mark(e["start"], "[")
        mark(e["end"], f"|{e['label']}]")
    for q in doc["quantities"]:
        mark(q["start"], "{")
        mark(q["end"], "}")
    for k, ev in enumerate(doc["events"]):
        mark(ev["trigger"]["start"], "<<")
        mark(ev["trigger"]["end"], f":{ev['type']}#{k}>>")
    for s, e in doc["sentences"]:
        mark(e, " ‖")
    body = "".join("".join(marks.get(i, [])) + ch for i, ch in enumerate(text)) + "".join(marks.get(len(text), []))
    lines = [body, "", "quantities:"]
    for q in doc["quantities"]:
        item = q["item"]["text"] if q["item"] else None
        lines.append(f"  {q['text']}  value={q['value']} unit={q['unit']!r} approx={q['approx']} item={item!r}")
    lines.append("events:")
    for k, ev in enumerate(doc["events"]):
        args = ", ".join(f"{a['role']}={a['text']}" + (f"({a['value']})" if a.get("value") else "")
                         + ("" if "start" in a else "[not in text]") for a in ev["args"])
        lines.append(f"  #{k} {ev['type']} {ev['trigger']['text']}: {args}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="real-corpus annotation authoring tool")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("dir", type=Path)
    p.add_argument("ids", nargs="+")
    b = sub.add_parser("build")
    b.add_argument("dir", type=Path)
    b.add_argument("--out", type=Path)
    x = sub.add_parser("export", help="build folders into committed gold (cec text-free)")
    x.add_argument("dirs", type=Path, nargs="+")
    x.add_argument("--out", type=Path, required=True)
    x.add_argument("--only", type=Path, help="a file of document ids (one per line) to export")
    x.add_argument("--corpus", choices=("dxy", "cec"), help="only this corpus's documents")
    s = sub.add_parser("show")
    s.add_argument("dir", type=Path)
    s.add_argument("id")
    args = ap.parse_args(argv)
    real = load_realdata()
    if args.cmd == "prepare":
        args.dir.mkdir(parents=True, exist_ok=True)
        for doc_id in args.ids:
            doc = real[doc_id]
            (args.dir / f"{doc_id}.txt").write_text(doc["text"], encoding="utf-8")
            tok = args.dir / f"{doc_id}.tok"
            if not tok.exists():
                tok.write_text(bootstrap_tokens(doc["text"]), encoding="utf-8")
        return 0
    if args.cmd == "show":
        d = args.dir
        print(show(build_document(real[args.id], (d / f"{args.id}.tok").read_text(encoding="utf-8"),
                                  json.loads((d / f"{args.id}.json").read_text(encoding="utf-8")))))
        return 0
    if args.cmd == "export":
        return export(args, real)
    built, failed = build_folder(args.dir, real)
    if args.out:
        with args.out.open("w", encoding="utf-8") as f:
            for d in built:
                f.write(json.dumps({k: v for k, v in d.items() if k != "_file"}, ensure_ascii=False) + "\n")
    print(f"{len(built)} documents built, {failed} with problems")
    return 1 if failed else 0


def build_folder(folder: Path, real: dict, only: set | None = None) -> tuple[list[dict], int]:
    built, failed = [], 0
    for ann_path in sorted(folder.glob("*.json")):
        doc_id = ann_path.stem
        if doc_id not in real or (only is not None and doc_id not in only):
            continue
        try:
            ann = json.loads(ann_path.read_text(encoding="utf-8"))
            tok = (folder / f"{doc_id}.tok").read_text(encoding="utf-8")
            built.append(build_document(real[doc_id], tok, ann))
        except (AuthorError, json.JSONDecodeError, OSError, KeyError) as err:
            failed += 1
            print(f"{ann_path}: {err}", file=sys.stderr)
    return built, failed


def export(args, real: dict) -> int:
    """Committed gold: sorted by id; texts the licence forbids are replaced by their hash."""
    from pipeline.corpus import strip_text
    only = set(args.only.read_text(encoding="utf-8").split()) if args.only else None
    docs, failed = {}, 0
    for folder in args.dirs:
        built, bad = build_folder(folder, real, only)
        failed += bad
        for d in built:
            if d["id"] in docs:
                raise SystemExit(f"export: {d['id']} is annotated in two of the folders given")
            docs[d["id"]] = d
    written = 0
    with args.out.open("w", encoding="utf-8") as f:
        for doc_id in sorted(docs):
            d = docs[doc_id]
            if args.corpus and not d["_file"].startswith(args.corpus):
                continue
            name = d.pop("_file")
            line = d if name in TEXT_ALLOWED else strip_text(d, name)
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
            written += 1
    print(f"exported {written} documents to {args.out}; {failed} with problems", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
