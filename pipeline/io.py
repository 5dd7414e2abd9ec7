"""Reading inputs and annotation files, writing JSONL safely.

Errors are values here: a bad file or line becomes an `InputError` / `Problem` naming
the file and line, and the rest of the batch goes on.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

from pydantic import ValidationError

from .schema import Document, Meta
from .corpus import TextSourceError, attach_text, is_text_free

JSONL_SUFFIXES = {".jsonl", ".ndjson"}


class InputFormatError(ValueError):
    """An input that cannot be read as text; the message names the file."""


@dataclass
class Input:
    id: str
    text: str
    meta: dict[str, Any]
    source: str  # file name, with ":line" for JSONL inputs


@dataclass
class InputError:
    source: str
    message: str
    stage: str = "read"
    id: Optional[str] = None

    def record(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "stage": self.stage, "error": self.message}


# ---------------------------------------------------------------- decoding

def normalise_newlines(text: str) -> str:
    """What Python's text mode does: \\r\\n and \\r become \\n."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    bad = sum(1 for c in text if (ord(c) < 32 and c not in "\n\r\t\f\v") or 0xE000 <= ord(c) <= 0xF8FF or c == "\ufffd")
    return bad / len(text) < 0.01


def decode(data: bytes, source: str = "<bytes>") -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM) or GB18030/GBK; return (text, encoding name).

    Raises InputFormatError for binary or undecodable input, naming `source` and the
    byte offset where decoding failed.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return normalise_newlines(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError as err:
            raise InputFormatError(f"{source}: invalid UTF-16 at byte offset {err.start}") from None
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        raise InputFormatError(f"{source}: binary input (NUL byte at offset {nul}), not a text file")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return normalise_newlines(data[3:].decode("utf-8")), "utf-8-sig"
        except UnicodeDecodeError as err:
            raise InputFormatError(f"{source}: invalid UTF-8 after the BOM at byte offset {err.start + 3}") from None
    try:
        return normalise_newlines(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as utf8_err:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise InputFormatError(
                f"{source}: neither UTF-8 (invalid byte at offset {utf8_err.start}) nor GB18030/GBK"
            ) from None
        if not _looks_like_text(text):
            raise InputFormatError(f"{source}: not UTF-8 (invalid byte at offset {utf8_err.start}) and not plausible GB18030 text")
        return normalise_newlines(text), "gb18030"


def read_text_file(path: Union[str, Path]) -> tuple[str, str]:
    path = Path(path)
    text, encoding = decode(path.read_bytes(), str(path))
    if not _looks_like_text(text):
        raise InputFormatError(f"{path}: binary input (control characters), not a text file")
    return text, encoding


# ---------------------------------------------------------------- inputs for `run`

def iter_inputs(paths: Iterable[Union[str, Path]], default_date: Optional[str] = None) -> Iterator[Union[Input, InputError]]:
    """Text files, folders of .txt files (recursively, sorted) and JSONL files of {id, text, meta}.

    Folders contribute only `.txt` files (a folder of bulletins often holds notes and
    outputs too); name a JSONL or `.md` file explicitly to read it. A document id seen
    before becomes an error, so one output never holds two documents with one id.
    """
    seen: dict[str, str] = {}
    for item in _iter_inputs(paths, default_date):
        if isinstance(item, Input):
            first = seen.setdefault(item.id, item.source)
            if first != item.source:
                yield InputError(item.source, f"duplicate document id {item.id!r} (first from {first})", id=item.id)
                continue
        yield item


def _iter_inputs(paths: Iterable[Union[str, Path]], default_date: Optional[str]) -> Iterator[Union[Input, InputError]]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() == ".txt")
            if not files:
                yield InputError(str(path), "folder holds no .txt files")
            for f in files:
                yield from _inputs_of_file(f, default_date)
        elif path.exists():
            yield from _inputs_of_file(path, default_date)
        else:
            yield InputError(str(path), "no such file or folder")


def _meta_problem(meta: dict[str, Any]) -> Optional[str]:
    """Check meta against the schema now, so a bad date fails at reading, not after every stage."""
    try:
        Meta.model_validate(meta)
    except ValidationError as err:
        return "; ".join(f"meta.{_loc(e['loc'])}: {e['msg']}" for e in err.errors())
    return None


def _inputs_of_file(path: Path, default_date: Optional[str]) -> Iterator[Union[Input, InputError]]:
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _inputs_of_jsonl(path, default_date)
        return
    try:
        text, encoding = read_text_file(path)
    except (OSError, InputFormatError) as err:
        yield InputError(str(path), str(err) if isinstance(err, InputFormatError) else f"{path}: {err.strerror or err}")
        return
    meta: dict[str, Any] = {"encoding": encoding, "source_file": path.name}
    sidecar = path.with_name(path.stem + ".meta.json")
    if sidecar.exists():
        # foo.meta.json beside foo.txt gives its meta (publication date, source, title).
        try:
            extra = json.loads(sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            yield InputError(str(sidecar), f"unreadable meta file: {err}", id=path.stem)
            return
        if not isinstance(extra, dict):
            yield InputError(str(sidecar), "a meta file must hold a JSON object", id=path.stem)
            return
        meta.update(extra)
    if default_date and not meta.get("date"):
        meta["date"] = default_date
    problem = _meta_problem(meta)
    if problem:
        yield InputError(str(sidecar), problem, id=path.stem)
        return
    yield Input(path.stem, text, meta, str(path))


def _inputs_of_jsonl(path: Path, default_date: Optional[str]) -> Iterator[Union[Input, InputError]]:
    try:
        content, _ = read_text_file(path)
    except (OSError, InputFormatError) as err:
        yield InputError(str(path), str(err))
        return
    for lineno, line in enumerate(content.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            yield InputError(where, f"invalid JSON at column {err.colno}: {err.msg}")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield InputError(where, "a JSONL input line needs an object with a string `text`")
            continue
        meta = obj.get("meta") or {}
        if not isinstance(meta, dict):
            yield InputError(where, "`meta` must be an object", id=obj.get("id"))
            continue
        if default_date and not meta.get("date"):
            meta = {**meta, "date": default_date}
        doc_id = str(obj.get("id") or f"{path.stem}-{lineno}")
        problem = _meta_problem(meta)
        if problem:
            yield InputError(where, problem, id=doc_id)
            continue
        yield Input(doc_id, normalise_newlines(obj["text"]), meta, where)


# ---------------------------------------------------------------- annotation files

@dataclass
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


@dataclass
class LoadResult:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # doc id → line number


class AnnotationFileError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def parse_document_line(line: str, file: str, lineno: int) -> tuple[Optional[Document], list[Problem]]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return None, [Problem(file, lineno, "(line)", f"invalid JSON at column {err.colno}: {err.msg}")]
    if is_text_free(obj):
        try:
            obj = attach_text(obj)
        except TextSourceError as err:
            return None, [Problem(file, lineno, "text_sha256", str(err))]
    try:
        doc = Document.model_validate(obj)
    except ValidationError as err:
        return None, [Problem(file, lineno, _loc(e["loc"]), e["msg"]) for e in err.errors()]
    problems = [Problem(file, lineno, f, m) for f, m in doc.problems()]
    return (None if problems else doc), problems


def load_documents(path: Union[str, Path], strict: bool = False) -> LoadResult:
    """Load a guide-format JSONL file, reporting every problem as file:line: field: message.

    Invalid lines are skipped and reported; valid lines always load. With strict=True
    any problem raises AnnotationFileError listing all of them.
    """
    path = Path(path)
    result = LoadResult()
    try:
        content, _ = read_text_file(path)
    except (OSError, InputFormatError) as err:
        result.problems.append(Problem(str(path), 0, "(file)", str(err)))
        if strict:
            raise AnnotationFileError(result.problems) from None
        return result
    seen: dict[str, int] = {}
    for lineno, line in enumerate(content.split("\n"), 1):
        if not line.strip():
            continue
        doc, problems = parse_document_line(line, str(path), lineno)
        result.problems.extend(problems)
        if doc is None:
            continue
        if doc.id in seen:
            result.problems.append(Problem(str(path), lineno, "id", f"duplicate id {doc.id!r} (first on line {seen[doc.id]})"))
            continue
        seen[doc.id] = lineno
        result.documents.append(doc)
        result.lines[doc.id] = lineno
    if strict and result.problems:
        raise AnnotationFileError(result.problems)
    return result


# ---------------------------------------------------------------- writing

class JsonlWriter:
    """Append-only JSONL writer that never leaves a truncated last line.

    Each record is written and flushed whole; if the run is interrupted (exception,
    Ctrl-C) the file is cut back to the end of the last complete line.
    """

    def __init__(self, path: Union[str, Path]):
        self.path = Path(path)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "wb")
        self._good = 0
        self.count = 0

    def write(self, record: Union[dict, str]) -> None:
        line = record if isinstance(record, str) else json.dumps(record, ensure_ascii=False)
        data = (line.rstrip("\n") + "\n").encode("utf-8")
        self._fh.write(data)
        self._fh.flush()
        self._good += len(data)
        self.count += 1

    def close(self, interrupted: bool = False) -> None:
        if self._fh.closed:
            return
        if interrupted:
            self._fh.flush()
            self._fh.truncate(self._good)
        self._fh.close()

    def __enter__(self) -> "JsonlWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(interrupted=exc_type is not None)


def dump_document(doc: Document) -> str:
    return doc.model_dump_json(exclude_none=True)


def write_documents(path: Union[str, Path], docs: Iterable[Document]) -> None:
    with JsonlWriter(path) as out:
        for d in docs:
            out.write(dump_document(d))


