"""Reading inputs and annotation files, writing JSONL safely.

Errors are values here: a bad file or line becomes an `InputError` / `Problem` naming
the file and line, and the rest of the batch goes on.
"""
from __future__ import annotations

import json
import os
import stat
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

from pydantic import ValidationError

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]

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

# A file larger than this is refused before it is read (documents are also limited to
# `nlp.max_length` characters when they are processed).
MAX_FILE_BYTES = 512 * 1024 * 1024


def iter_inputs(paths: Iterable[Union[str, Path]], default_date: Optional[str] = None,
                skip_ids: Optional[set[str]] = None) -> Iterator[Union[Input, InputError]]:
    """Text files, folders of .txt files (recursively, sorted), JSONL files of {id, text, meta}
    (streamed line by line) and `.json` files holding one such object or an array of them.

    Folders contribute only `.txt` files (a folder of bulletins often holds notes and
    outputs too); name a JSONL or `.md` file explicitly to read it. A document id seen
    before becomes an error, so one output never holds two documents with one id. What
    cannot be read — a dangling or looping symlink, an unreadable subfolder, a device —
    becomes an InputError naming it; nothing is skipped silently. Documents whose id is
    in `skip_ids` (already done, `run --resume`) are not yielded.
    """
    seen: dict[str, str] = {}
    skip = skip_ids or set()
    for item in _iter_inputs(paths, default_date, skip):
        if isinstance(item, Input):
            if item.id in skip:
                continue
            first = seen.setdefault(item.id, item.source)
            if first != item.source:
                yield InputError(item.source, f"duplicate document id {item.id!r} (first from {first})", id=item.id)
                continue
        yield item


def _iter_inputs(paths, default_date: Optional[str], skip: set[str]) -> Iterator[Union[Input, InputError]]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = False
            for f in _walk_txt(path):
                found = True
                if isinstance(f, InputError):
                    yield f
                elif f.stem not in skip:
                    yield from _inputs_of_file(f, default_date)
            if not found:
                yield InputError(str(path), "folder holds no .txt files")
        elif path.exists():
            yield from _inputs_of_file(path, default_date)
        elif path.is_symlink():
            yield InputError(str(path), "dangling or looping symbolic link")
        else:
            yield InputError(str(path), "no such file or folder")


def _walk_txt(root: Path) -> Iterator[Union[Path, InputError]]:
    """The .txt files under `root`, sorted, following symlinked folders once (loops reported)."""
    problems: list[InputError] = []
    visited: set[str] = set()

    def onerror(err: OSError) -> None:
        problems.append(InputError(str(err.filename or root), f"unreadable folder: {err.strerror or err}"))

    for folder, dirs, files in os.walk(root, onerror=onerror, followlinks=True):
        real = os.path.realpath(folder)
        if real in visited:
            problems.append(InputError(folder, "symbolic link loop: folder already read"))
            dirs[:] = []
            continue
        visited.add(real)
        dirs.sort()
        for name in sorted(files):
            if not name.lower().endswith(".txt"):
                continue
            f = Path(folder) / name
            if not f.exists():
                yield InputError(str(f), "dangling or looping symbolic link")
            else:
                yield f
        yield from problems
        problems.clear()
    yield from problems


def _meta_problem(meta: dict[str, Any]) -> Optional[str]:
    """Check meta against the schema now, so a bad date fails at reading, not after every stage."""
    try:
        Meta.model_validate(meta)
    except (ValidationError, RecursionError) as err:
        if isinstance(err, RecursionError):
            return "meta is nested too deeply"
        return "; ".join(f"meta.{_loc(e['loc'])}: {e['msg']}" for e in err.errors())
    return None


def _regular_file_problem(path: Path) -> Optional[str]:
    try:
        st = path.stat()
    except OSError as err:
        return f"{path}: {err.strerror or err}"
    if not stat.S_ISREG(st.st_mode):
        return f"{path}: not a regular file (a device, pipe or socket)"
    if st.st_size > MAX_FILE_BYTES:
        return f"{path}: {st.st_size:,} bytes, over the {MAX_FILE_BYTES:,}-byte input limit; split it"
    return None


def _inputs_of_file(path: Path, default_date: Optional[str]) -> Iterator[Union[Input, InputError]]:
    problem = _regular_file_problem(path)
    if problem:
        yield InputError(str(path), problem, id=path.stem)
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _inputs_of_jsonl(path, default_date)
        return
    if path.suffix.lower() == ".json":
        yield from _inputs_of_json(path, default_date)
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
        except (OSError, ValueError, RecursionError) as err:
            yield InputError(str(sidecar), f"unreadable meta file: {type(err).__name__}: {err}", id=path.stem)
            return
        if not isinstance(extra, dict):
            yield InputError(str(sidecar), "a meta file must hold a JSON object", id=path.stem)
            return
        meta.update(extra)
    if default_date and not meta.get("date"):
        meta["date"] = default_date
    problem = _meta_problem(meta) or _unwritable(meta, "meta")
    if problem:
        yield InputError(str(sidecar), problem, id=path.stem)
        return
    yield Input(path.stem, text, meta, str(path))


def _unwritable(value: Any, what: str) -> Optional[str]:
    """Anything the output could not hold (a lone surrogate, absurd nesting) is refused at reading."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as err:
        return f"{what} holds a character that is not valid Unicode text (lone surrogate at position {err.start})"
    except (RecursionError, ValueError):
        return f"{what} is nested too deeply or holds a value JSON cannot write"
    return None


def _document_of(obj: Any, where: str, fallback_id: str, default_date: Optional[str]) -> Union[Input, InputError]:
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return InputError(where, "an input document must be an object with a string `text`")
    raw_id = obj.get("id")
    if raw_id is None:
        doc_id = fallback_id
    elif isinstance(raw_id, str) and raw_id.strip():
        doc_id = raw_id
    elif isinstance(raw_id, int) and not isinstance(raw_id, bool):
        doc_id = str(raw_id)
    else:
        return InputError(where, f"`id` must be a non-empty string or an integer, got {type(raw_id).__name__} {str(raw_id)[:40]!r}")
    problem = _unwritable(doc_id, "`id`")
    if problem:
        return InputError(where, problem)
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        return InputError(where, "`meta` must be an object", id=doc_id)
    if default_date and not meta.get("date"):
        meta = {**meta, "date": default_date}
    problem = _unwritable(meta, "`meta`") or _meta_problem(meta) or _unwritable(obj["text"], "`text`")
    if problem:
        return InputError(where, problem, id=doc_id)
    return Input(doc_id, normalise_newlines(obj["text"]), meta, where)


def _parse_json(data: Union[str, bytes]) -> tuple[Any, Optional[str]]:
    try:
        return json.loads(data), None
    except json.JSONDecodeError as err:
        return None, f"invalid JSON at column {err.colno}: {err.msg}"
    except RecursionError:
        return None, "invalid JSON: nested too deeply"
    except ValueError as err:  # e.g. an integer of more than 4,300 digits
        return None, f"invalid JSON: {err}"


def _inputs_of_jsonl(path: Path, default_date: Optional[str]) -> Iterator[Union[Input, InputError]]:
    """Streamed: one line in memory at a time (UTF-16 files, rare, are read whole)."""
    try:
        with open(path, "rb") as fh:
            bom = fh.read(3)
            fh.seek(0)
            if bom.startswith((b"\xff\xfe", b"\xfe\xff")):
                lines: Iterable[bytes] = [l.encode("utf-8") for l in read_text_file(path)[0].split("\n")]
            else:
                lines = fh
            for lineno, raw in enumerate(lines, 1):
                if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                yield from _input_of_line(raw, f"{path}:{lineno}", f"{path.stem}-{lineno}", default_date)
    except (OSError, InputFormatError) as err:
        yield InputError(str(path), str(err) if isinstance(err, InputFormatError) else f"{path}: {err.strerror or err}")


def _input_of_line(raw: bytes, where: str, fallback_id: str,
                   default_date: Optional[str]) -> Iterator[Union[Input, InputError]]:
    try:   # each line on its own: UTF-8, else GB18030 (one bad line never spoils the others)
        line = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        try:
            line = raw.decode("gb18030")
        except UnicodeDecodeError:
            line = None
        if line is None or not _looks_like_text(line):
            yield InputError(where, f"neither UTF-8 (invalid byte at offset {err.start} of the line) nor GB18030 text")
            return
    if not line.strip():
        return
    obj, problem = _parse_json(line)
    yield InputError(where, problem) if problem else _document_of(obj, where, fallback_id, default_date)


def _inputs_of_json(path: Path, default_date: Optional[str]) -> Iterator[Union[Input, InputError]]:
    """A `.json` file: one document object, or an array of them."""
    try:
        content, _ = read_text_file(path)
    except (OSError, InputFormatError) as err:
        yield InputError(str(path), str(err) if isinstance(err, InputFormatError) else f"{path}: {err.strerror or err}")
        return
    obj, problem = _parse_json(content)
    if problem:
        yield InputError(str(path), problem)
        return
    if isinstance(obj, list):
        for k, item in enumerate(obj):
            yield _document_of(item, f"{path}[{k}]", f"{path.stem}-{k + 1}", default_date)
    elif isinstance(obj, dict):
        yield _document_of(obj, str(path), path.stem, default_date)
    else:
        yield InputError(str(path), "a .json input must hold a document object or an array of them")


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
    obj, problem = _parse_json(line)
    if problem:
        return None, [Problem(file, lineno, "(line)", problem)]
    problem = _unwritable(obj, "the line")
    if problem:
        return None, [Problem(file, lineno, "(line)", problem)]
    if is_text_free(obj):
        try:
            obj = attach_text(obj)
        except TextSourceError as err:
            return None, [Problem(file, lineno, "text_sha256", str(err))]
    try:
        doc = Document.model_validate(obj)
    except ValidationError as err:
        return None, [Problem(file, lineno, _loc(e["loc"]), e["msg"]) for e in err.errors()]
    except RecursionError:
        return None, [Problem(file, lineno, "(line)", "nested too deeply")]
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

class OutputError(OSError):
    """The output cannot be written (path, permissions, disk): one line, exit status 2."""


def check_output_path(path: Union[str, Path], what: str = "output") -> Path:
    if str(path).strip() == "":
        raise OutputError(f"the {what} path is empty")
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"the {what} path {path} is a folder; name a file")
    return path


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def check_distinct(out: Path, others: Iterable[tuple[str, Union[str, Path]]]) -> None:
    """An output that is also an input or another output would destroy data: refuse it."""
    for what, other in others:
        if _same_file(out, Path(other)):
            raise OutputError(f"{out} is also the {what}: it would be overwritten; write somewhere else")


def _complete_lines(path: Path) -> Iterator[tuple[str, bytes]]:
    """(id, line) of the whole lines of a JSONL file (a cut-off last line and unparsable
    lines are dropped)."""
    with open(path, "rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                return
            try:
                obj = json.loads(raw)
            except (ValueError, RecursionError):
                continue
            if isinstance(obj, dict) and isinstance(obj.get("id"), str):
                yield obj["id"], raw


class JsonlWriter:
    """JSONL output that never destroys data.

    * Records go to a temporary file in the same folder, renamed over `path` when the
      writer closes, so `path` is always either the previous output or the new one, whole
      — whatever happens mid-run (an exception, Ctrl-C, `kill -9`, a full disk).
    * Every record is written and flushed as one whole line; on an interrupt the
      temporary file is cut back to its last complete line. It then replaces `path` when
      that loses nothing (there was no previous output, or the run resumed it); otherwise
      it is kept beside it as NAME.partial.jsonl and the previous output stays.
    * A second writer on the same path is refused (an advisory lock, `.NAME.lock`).
    * `resume=True` starts from the complete lines of the previous output and of the
      temporary files of killed runs; `done_ids` are their document ids.
    """

    def __init__(self, path: Union[str, Path], resume: bool = False):
        self.path = check_output_path(path)
        self.resume = resume
        self.count = 0
        self.done_ids: set[str] = set()
        self.partial: Optional[Path] = None
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._lock = _lock(folder / f".{self.path.name}.lock", self.path)
            self.existed = self.path.exists()
            stale = sorted(folder.glob(f".{self.path.name}.*.tmp"))  # killed runs (we hold the lock)
            self._tmp = folder / f".{self.path.name}.{os.getpid()}.tmp"
            self._fh = open(self._tmp, "wb")
        except OutputError:
            raise
        except OSError as err:
            raise OutputError(f"cannot write {self.path}: {err.strerror or err}") from None
        self._good = 0
        if resume:
            for source in ([self.path] if self.existed else []) + [t for t in stale if t != self._tmp]:
                for doc_id, raw in _complete_lines(source):
                    if doc_id not in self.done_ids:
                        self.done_ids.add(doc_id)
                        self._put(raw)
        self.resumed = len(self.done_ids)
        for t in stale:
            if t != self._tmp:
                t.unlink(missing_ok=True)

    def _put(self, data: bytes) -> None:
        try:
            self._fh.write(data)
            self._fh.flush()
        except OSError as err:
            self.abort()
            raise OutputError(f"cannot write {self.path}: {err.strerror or err}") from None
        self._good += len(data)

    def write(self, record: Union[dict, str]) -> None:
        line = record if isinstance(record, str) else json.dumps(record, ensure_ascii=False)
        data = (line.rstrip("\n") + "\n").encode("utf-8")  # UnicodeEncodeError (a lone surrogate): the caller's
        self._put(data)
        self.count += 1

    def close(self, interrupted: bool = False) -> None:
        if self._fh.closed:
            return
        try:
            if interrupted:
                self._fh.flush()
                self._fh.truncate(self._good)
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            if interrupted and self.existed and not self.resume:
                self.partial = self.path.with_name(self.path.stem + ".partial" + (self.path.suffix or ".jsonl"))
                os.replace(self._tmp, self.partial)
            else:
                os.replace(self._tmp, self.path)
        except OSError as err:
            self.abort()
            raise OutputError(f"cannot write {self.path}: {err.strerror or err}") from None
        finally:
            _unlock(self._lock)

    def abort(self) -> None:
        """Give up: the previous output stays as it was, the temporary file goes."""
        if not self._fh.closed:
            self._fh.close()
        self._tmp.unlink(missing_ok=True)
        _unlock(self._lock)

    def __enter__(self) -> "JsonlWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None and issubclass(exc_type, OutputError):
            self.abort()
        else:
            self.close(interrupted=exc_type is not None)


@contextmanager
def atomic_output(path: Union[str, Path], mode: str = "w", **open_kwargs):
    """A file written beside `path` and renamed over it only when the block succeeds
    (`mode="wb"` for a binary file)."""
    path = check_output_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
        fh = open(tmp, mode, **open_kwargs)
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
    try:
        with fh:
            yield fh
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _lock(lock_path: Path, target: Path):
    """An advisory lock held for the writer's life; released by the OS if the process dies."""
    fh = open(lock_path, "a+")
    if fcntl is None:  # pragma: no cover - platforms without fcntl get no lock
        return fh
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        raise OutputError(f"another run is writing {target} (lock {lock_path}); wait for it or choose another --out") from None
    return fh


def _unlock(fh) -> None:
    if fh.closed:
        return
    if fcntl is not None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    fh.close()


def dump_document(doc: Document) -> str:
    return doc.model_dump_json(exclude_none=True)


def write_documents(path: Union[str, Path], docs: Iterable[Document]) -> None:
    with JsonlWriter(path) as out:
        for d in docs:
            out.write(dump_document(d))


