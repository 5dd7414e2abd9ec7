"""Build the spaCy pipeline from a config; run it per document; export guide documents."""
from __future__ import annotations

import configparser
import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Config

from . import extensions  # noqa: F401
from . import stages  # noqa: F401  (registers the factories)
from . import tokenizer  # noqa: F401  (registers bulletin.Tokenizer.v1)
from .io import Input, InputError, normalise_newlines
from .normalize import to_raw
from .paths import default_config_path
from .schema import Argument, Document, Entity, Event, Meta, Quantity, Span


def load_config(path: Optional[Union[str, Path]] = None, overrides: Optional[dict[str, Any]] = None) -> Config:
    """The default config (or `path`) with `--section.key value` style overrides applied."""
    cfg_path = Path(path) if path else default_config_path()
    if not cfg_path.exists():
        raise FileNotFoundError(f"config file not found: {cfg_path}")
    try:
        return Config().from_disk(cfg_path, overrides=overrides or {})
    except (configparser.Error, ValueError) as err:
        if isinstance(err, UnicodeDecodeError):
            raise ConfigFileError(f"{cfg_path}: not a UTF-8 text config file") from None
        # configparser quotes the offending line; a config error must not echo a file
        # the user pointed at by mistake (it may hold secrets): say where, not what.
        line = re.search(r"line:? (\d+)", str(err))
        where = f"{cfg_path}, line {line.group(1)}" if line else str(cfg_path)
        raise ConfigFileError(f"{where}: not a valid config file ({type(err).__name__}); "
                              "see pipeline/default.cfg for the format") from None


class ConfigFileError(ValueError):
    """The config file cannot be parsed (reported without its content)."""


def build(config: Optional[Union[Config, str, Path]] = None, overrides: Optional[dict[str, Any]] = None) -> Language:
    """Assemble the pipeline: `build()` is the default; `build("my.cfg", {"nlp.tokenizer.segmenter": "jieba"})`."""
    if not isinstance(config, Config):
        config = load_config(config, overrides)
    elif overrides:
        config = Config().from_str(config.to_str(), overrides=overrides)
    # `[nlp] max_length` (not a spaCy setting) caps the characters of one document; a
    # longer one becomes an error record naming the limit, never a crash of the batch.
    max_length = config["nlp"].get("max_length", DEFAULT_MAX_LENGTH)
    if not isinstance(max_length, int) or isinstance(max_length, bool) or max_length < 1:
        raise ValueError(f"nlp.max_length must be a positive number of characters, got {max_length!r}")
    nlp_section = {k: v for k, v in config["nlp"].items() if k != "max_length"}
    config = Config({**config, "nlp": nlp_section})
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    nlp.max_length = max_length
    return nlp


DEFAULT_MAX_LENGTH = 2_000_000


# ---------------------------------------------------------------- running

@dataclass
class Result:
    input: Input
    document: Optional[Document] = None
    error: Optional[InputError] = None
    exception: Optional[BaseException] = None  # the original error, for library callers


class StageError(RuntimeError):
    """A stage failed on a document; `__cause__` is the original exception."""

    def __init__(self, stage: str, message: str):
        self.stage = stage
        super().__init__(f"{stage}: {message}")


def process(nlp: Language, item: Input) -> Result:
    """Run every stage on one input; a failure becomes an error naming the stage."""
    stage = "tokenizer"
    if len(item.text) > nlp.max_length:
        message = (f"the document has {len(item.text):,} characters, over nlp.max_length = {nlp.max_length:,} "
                   "(raise it with --nlp.max_length N, or split the document)")
        return Result(item, error=InputError(item.source, message, stage=stage, id=item.id))
    try:
        doc = nlp.make_doc(item.text)
        doc._.meta = dict(item.meta)
        doc._.doc_id = item.id
        for stage, component in nlp.pipeline:
            doc = component(doc)
        stage = "export"
        return Result(item, document=export(doc))
    except Exception as err:  # noqa: BLE001 — one bad document must not stop the batch
        message = f"{type(err).__name__}: {err}"
        # where it happened, innermost frame last: enough to find the rule that failed
        where = traceback.extract_tb(err.__traceback__)[-1]
        message += f" (at {Path(where.filename).name}:{where.lineno})"
        return Result(item, error=InputError(item.source, message, stage=stage, id=item.id), exception=err)


def process_all(nlp: Language, items: Iterable[Union[Input, InputError]]) -> Iterator[Result]:
    for item in items:
        if isinstance(item, InputError):
            yield Result(Input(item.id or "", "", {}, item.source), error=item)
        else:
            yield process(nlp, item)


def annotate(nlp: Language, text: str, doc_id: str = "doc", meta: Optional[dict] = None) -> Document:
    """Convenience for library users: raw text in, validated guide Document out.

    Line endings are normalised as the command line reads files (\r\n and \r → \n), so
    offsets agree with `run`. A failing stage raises StageError from the original error.
    """
    result = process(nlp, Input(doc_id, normalise_newlines(text), dict(meta or {}), "<text>"))
    if result.error:
        raise StageError(result.error.stage, result.error.message) from result.exception
    return result.document  # type: ignore[return-value]


# ---------------------------------------------------------------- export

class RawMapper:
    """Maps view offsets to raw offsets (the one place that does, see normalize.py)."""

    def __init__(self, doc: Doc):
        self.raw = doc._.raw_text if doc._.raw_text is not None else doc.text
        self.index = doc._.raw_index if doc._.raw_index is not None else list(range(len(doc.text)))

    def offsets(self, start: int, end: int) -> tuple[int, int]:
        return to_raw(self.index, start, end)

    def span(self, start: int, end: int) -> Span:
        s, e = self.offsets(start, end)
        return Span(start=s, end=e, text=self.raw[s:e])


def _tokens(doc: Doc, mapper: RawMapper) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for tok in doc:
        if tok.is_space or not tok.text.strip():
            continue
        s, e = mapper.offsets(tok.idx, tok.idx + len(tok.text))
        if out and s < out[-1][1]:
            # One raw character expanded to several view characters (NFKC) and the
            # segmenter split them: merge, since tokens must not overlap in raw text.
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def export(doc: Doc) -> Document:
    m = RawMapper(doc)
    meta = dict(doc._.meta or {})
    document = Document(
        id=doc._.doc_id or "doc",
        text=m.raw,
        meta=Meta.model_validate(meta),
        sentences=[m.offsets(s, e) for s, e in (doc._.sentences or [])] if doc._.sentences is not None else None,
        tokens=_tokens(doc, m),
        entities=[Entity(label=e.label, **m.span(e.start, e.end).model_dump()) for e in doc._.entities]
        if doc._.entities is not None else None,
        quantities=[_quantity(q, m) for q in doc._.quantities] if doc._.quantities is not None else None,
        events=[_event(ev, m) for ev in doc._.events] if doc._.events is not None else None,
    )
    problems = document.problems()
    if problems:
        raise ValueError("exported document breaks the offset invariant: " + "; ".join(f"{f}: {msg}" for f, msg in problems[:5]))
    return document


def _quantity(q: Quantity, m: RawMapper) -> Quantity:
    data = q.model_dump()
    data.update(m.span(q.start, q.end).model_dump())
    data["item"] = m.span(q.item.start, q.item.end) if q.item is not None else None
    return Quantity.model_validate(data)


def _event(ev: Event, m: RawMapper) -> Event:
    args = []
    for a in ev.args:
        data = a.model_dump()
        if a.start is not None and a.end is not None:
            data.update(m.span(a.start, a.end).model_dump())
        args.append(Argument.model_validate(data))
    return Event(type=ev.type, trigger=m.span(ev.trigger.start, ev.trigger.end), args=args)
