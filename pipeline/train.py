"""`train-segmenter`: train a pkuseg (CRF) word segmenter from gold tokens.

Training data: guide JSONL files with `tokens` (one training line per gold sentence,
or per text line when a document has no sentences), CoNLL-U files (the FORM column,
e.g. UD Chinese GSDSimp) and IOB2 files (the token column, e.g. UNER). Words are
written space-separated, one sentence per line, as spacy-pkuseg's trainer expects.
"""
from __future__ import annotations

import contextlib
import random
import sys
import tempfile
from pathlib import Path
from typing import Iterator

from .io import load_documents, read_text_file
from .schema import Document


def sentences_of_document(doc: Document) -> Iterator[list[str]]:
    """Gold tokens grouped by gold sentence (or by text line); whitespace inside a word removed."""
    tokens = sorted(doc.tokens or [])
    if doc.sentences:
        groups = sorted(doc.sentences)
    else:
        groups, pos = [], 0
        for line in doc.text.split("\n"):
            if line.strip():
                groups.append((pos, pos + len(line)))
            pos += len(line) + 1
    k = 0
    for s, e in groups:
        while k < len(tokens) and tokens[k][1] <= s:
            k += 1
        words = []
        j = k
        while j < len(tokens) and tokens[j][0] < e:
            word = "".join(doc.text[tokens[j][0]:tokens[j][1]].split())
            if word:
                words.append(word)
            j += 1
        if words:
            yield words


def _column_sentences(path: Path, word_of) -> Iterator[list[str]]:
    """Sentences of a one-token-per-line file (blank line between sentences, `#` comments).

    `word_of(columns)` returns the token of a line, or None to skip the line.
    """
    text, _ = read_text_file(path)
    words: list[str] = []
    for line in text.split("\n") + [""]:
        if not line.strip():
            if words:
                yield words
            words = []
        elif not line.startswith("#"):
            word = word_of(line.split("\t"))
            if word:
                words.append(word)


def _conllu_word(cols: list[str]):
    # skip multiword-token ranges (1-2) and empty nodes (1.1): only integer ids are words
    return cols[1] if len(cols) > 1 and cols[0].isdigit() else None


def _iob_word(cols: list[str]):
    # UNER: index, token, tag, …; plain CoNLL: token, tag
    return cols[1] if len(cols) > 2 and cols[0].isdigit() else cols[0]


def sentences_of_file(path: Path) -> Iterator[list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".conllu":
        yield from _column_sentences(path, _conllu_word)
    elif suffix in (".iob2", ".bio", ".conll"):
        yield from _column_sentences(path, _iob_word)
    else:
        result = load_documents(path)
        for p in result.problems:
            print(f"warning: {p}", file=sys.stderr)
        for doc in result.documents:
            if doc.tokens is not None:
                yield from sentences_of_document(doc)


def write_corpus(sentences: list[list[str]], path: Path) -> None:
    path.write_text("".join(" ".join(ws) + "\n" for ws in sentences), encoding="utf-8")


def train_segmenter(args) -> int:
    import spacy_pkuseg

    train = [ws for f in args.gold for ws in sentences_of_file(Path(f))]
    if not train:
        print("error: no gold tokens found in " + ", ".join(args.gold), file=sys.stderr)
        return 2
    if args.dev:
        dev = list(sentences_of_file(Path(args.dev)))
    else:
        # Hold out 10% (seeded) so pkuseg's trainer has something to report on.
        rng = random.Random(0)
        shuffled = train[:]
        rng.shuffle(shuffled)
        cut = max(1, len(shuffled) // 10)
        dev, train = shuffled[:cut], shuffled[cut:] or shuffled
    if args.init_model:
        from .tokenizer import refuse_pickle
        try:
            refuse_pickle(Path(args.init_model), getattr(args, "allow_pickle", False))
        except ValueError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        train_file, dev_file = Path(tmp) / "train.txt", Path(tmp) / "dev.txt"
        write_corpus(train, train_file)
        write_corpus(dev, dev_file)
        # pkuseg's trainer prints per-iteration logs on stdout; send them to stderr.
        with contextlib.redirect_stdout(sys.stderr):
            spacy_pkuseg.train(str(train_file), str(dev_file), str(out), train_iter=args.iterations,
                               init_model=args.init_model)
    print(f"trained on {len(train)} sentences ({sum(map(len, train))} words); model in {out}", file=sys.stderr)
    return 0
