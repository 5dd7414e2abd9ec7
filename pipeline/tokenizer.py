"""The pipeline's tokenizer: normalise the raw text, then segment the view into words.

Registered as `bulletin.Tokenizer.v1` so the config chooses it like any spaCy tokenizer.
It wraps spaCy's own ChineseTokenizer (backends `pkuseg`, `jieba`, `char`); the Doc it
returns is over the normalised view and carries `doc._.raw_text` / `doc._.raw_index`.
"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import re
from pathlib import Path
from typing import Optional

import spacy
from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.tokens import Doc

from . import extensions  # noqa: F401  (registers the Doc attributes)
from .lexicon_util import cut_long
from .normalize import LayoutRules, build_view
from .paths import resolve_model_path

# Names spacy-pkuseg fetches from the internet; used only when a user asks for one.
DOWNLOADABLE_PKUSEG_MODELS = ("mixed", "news", "web", "medicine", "tourism", "spacy_ontonotes")


class ModelNotFound(RuntimeError):
    pass


class PickledModelRefused(ValueError):
    pass


def refuse_pickle(folder: Path, allow: bool = False) -> None:
    """A pkuseg folder whose features are a pickle (features.pkl, no features.msgpack) runs
    whatever code the pickle holds when it is loaded: refuse it unless the user says they
    trust it. Models the project writes (`train-segmenter`) use msgpack, never pickle."""
    if allow or (folder / "features.msgpack").exists() or not (folder / "features.pkl").exists():
        return
    raise PickledModelRefused(
        f"{folder} holds a pickled pkuseg model (features.pkl): loading a pickle runs any code inside it. "
        "Load only folders you trust; to load this one set --nlp.tokenizer.allow_pickle true "
        "(train-segmenter: --allow-pickle)")


def resolve_pkuseg_model(value: str, allow_pickle: bool = False) -> str:
    """Turn the config's `pkuseg_model` into something spacy-pkuseg can load.

    - `pkuseg:default`: the model bundled in the `pkuseg` PyPI package (no download);
    - `models:REL` or a path: a model folder (features + weights.npz), e.g. one trained
      by `python -m pipeline train-segmenter`; a pickled one (features.pkl) only with
      allow_pickle, since unpickling runs code;
    - one of DOWNLOADABLE_PKUSEG_MODELS: spacy-pkuseg downloads it (the user asked).
    """
    if value == "pkuseg:default":
        spec = importlib.util.find_spec("pkuseg")
        if spec is None or not spec.origin:
            raise ModelNotFound(
                "pkuseg_model = 'pkuseg:default' needs the `pkuseg` package, which bundles the model: "
                "run `bash install.sh` (it builds pkuseg==0.0.25), or choose another backend with "
                "--nlp.tokenizer.segmenter jieba"
            )
        folder = Path(spec.origin).parent / "models" / "default"
        if not (folder / "weights.npz").exists():
            raise ModelNotFound(f"the pkuseg package has no bundled model at {folder}")
        return str(folder)
    if value in DOWNLOADABLE_PKUSEG_MODELS:
        return value
    path = resolve_model_path(value)
    if path is None or not path.is_dir() or not (path / "weights.npz").exists():
        raise ModelNotFound(
            f"pkuseg model not found: {value!r} (resolved to {path}); give a folder with weights.npz and "
            f"features, 'pkuseg:default', or a downloadable name {DOWNLOADABLE_PKUSEG_MODELS}"
        )
    refuse_pickle(path, allow_pickle)
    return str(path)


# A line longer than this is segmented in pieces cut after a sentence or clause end (or
# whitespace; only text with neither is cut blindly): segmenters are not linear in the
# length of what they are given.
MAX_PIECE = 2000
_PIECE_END = re.compile(r"[。！？；!?;，,、\s]")


def _pieces(text: str):
    start = 0
    for line in text.split("\n"):
        for s, e in cut_long(text, start, start + len(line), MAX_PIECE, _PIECE_END):
            yield text[s:e]
        start += len(line) + 1


def words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    """spacy.util.get_words_and_spaces in linear time: the words, with the text between
    them as tokens of their own and a single space after a word as its trailing space."""
    out, spaces, pos = [], [], 0
    for word in words:
        if not word or word.isspace():
            continue
        at = text.find(word, pos)
        if at < 0:
            raise ValueError(f"segmenter output does not match the text at offset {pos}: {word!r}")
        if at > pos:
            out.append(text[pos:at])
            spaces.append(False)
        out.append(word)
        spaces.append(False)
        pos = at + len(word)
        if pos < len(text) and text[pos] == " ":
            spaces[-1] = True
            pos += 1
    if pos < len(text):
        out.append(text[pos:])
        spaces.append(False)
    return out, spaces


# "3.区商务委" → pkuseg glues an item number to the next word ("3.区"); split it off.
_ITEM_NUMBER_GLUE = re.compile(r"(?<![0-9.])[0-9]{1,2}[.、](?=[\u4e00-\u9fff])")


def _split_item_numbers(doc: Doc) -> Doc:
    words: list[str] = []
    spaces: list[bool] = []
    for t in doc:
        pieces, last = [], 0
        for m in _ITEM_NUMBER_GLUE.finditer(t.text):
            if m.start() > last:
                pieces.append(t.text[last:m.start()])
            pieces.append(m.group())
            last = m.end()
        pieces.append(t.text[last:])
        pieces = [w for w in pieces if w]
        words.extend(pieces)
        spaces.extend([False] * (len(pieces) - 1) + [bool(t.whitespace_)])
    return Doc(doc.vocab, words=words, spaces=spaces)


class BulletinTokenizer:
    def __init__(self, vocab, *, segmenter: str = "pkuseg", pkuseg_model: str = "pkuseg:default",
                 user_dict: Optional[str] = "models:segmentation/user_dict.txt",
                 fold_width: bool = True, join_lines: bool = True,
                 layout_rules: str = "models:layout/lines.json", allow_pickle: bool = False):
        if segmenter not in Segmenter.values():
            raise ValueError(f"segmenter must be one of {Segmenter.values()}, not {segmenter!r}")
        self.vocab = vocab
        self.segmenter = segmenter
        self.fold_width = fold_width
        self.join_lines = join_lines
        self.layout_rules = LayoutRules.load(resolve_model_path(layout_rules))
        dict_path = resolve_model_path(user_dict)
        if dict_path is not None and not dict_path.exists():
            raise FileNotFoundError(f"user dictionary not found: {dict_path}")
        self.words = ChineseTokenizer(vocab, segmenter=segmenter)
        if segmenter == "pkuseg":
            model = resolve_pkuseg_model(pkuseg_model, allow_pickle)
            # spacy-pkuseg prints a format notice ("features.msgpack does not exist")
            # when it reads the bundled pickled model: noise on every run, not news.
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                self.words.initialize(pkuseg_model=model,
                                      pkuseg_user_dict=str(dict_path) if dict_path else "default")
        elif segmenter == "jieba" and dict_path is not None:
            # jieba keeps one global dictionary; adding words is idempotent.
            import jieba
            jieba.setLogLevel(60)
            jieba.load_userdict(str(dict_path))

    def __call__(self, raw: str) -> Doc:
        view = build_view(raw, fold_width=self.fold_width, join_lines=self.join_lines, rules=self.layout_rules)
        doc = self._segment(view.text) if view.text else Doc(self.vocab, words=[])
        if any(_ITEM_NUMBER_GLUE.search(t.text) for t in doc):
            doc = _split_item_numbers(doc)
        doc._.raw_text = raw
        doc._.raw_index = view.raw_index
        return doc

    def _segment(self, text: str) -> Doc:
        """Words of the view, segmented line by line (long lines in pieces) and aligned in
        one pass: spaCy's ChineseTokenizer segments the whole text at once and aligns it
        with a slice per word, quadratic in the length of one document."""
        words: list[str] = []
        for piece in _pieces(text):
            words.extend(self._cut(piece))
        words, spaces = words_and_spaces(words, text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def _cut(self, piece: str) -> list[str]:
        if self.segmenter == "pkuseg":
            return self.words.pkuseg_seg.cut(piece)
        if self.segmenter == "jieba":
            return [w for w in self.words.jieba_seg.cut(piece, cut_all=False) if w]
        return list(piece)

    # spaCy calls these when saving a pipeline; the tokenizer's state is its config.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "BulletinTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        os.makedirs(path, exist_ok=True)

    def from_disk(self, path, **kwargs) -> "BulletinTokenizer":
        return self


@spacy.registry.tokenizers("bulletin.Tokenizer.v1")
def create_tokenizer(segmenter: str = "pkuseg", pkuseg_model: str = "pkuseg:default",
                     user_dict: Optional[str] = "models:segmentation/user_dict.txt",
                     fold_width: bool = True, join_lines: bool = True,
                     layout_rules: str = "models:layout/lines.json", allow_pickle: bool = False):
    def make(nlp):
        return BulletinTokenizer(nlp.vocab, segmenter=segmenter, pkuseg_model=pkuseg_model,
                                 user_dict=user_dict or None, fold_width=fold_width,
                                 join_lines=join_lines, layout_rules=layout_rules, allow_pickle=allow_pickle)
    return make
