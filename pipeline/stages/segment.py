"""Sentences: guide §2 on the normalised view.

A sentence ends after 。！？ (with closing quotes/brackets and emoji right after them) or at a
line break the layout repair kept (headings, bylines, captions and paragraph ends);
joined line breaks are already gone from the view. Heading markers (`#`) and
surrounding whitespace are outside the span. Token sentence starts are set where a
boundary falls on a token boundary, so `doc.sents` works too.
"""
from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .. import extensions
from ..normalize import CLOSERS, SENTENCE_END


def is_emoji(ch: str) -> bool:
    """Pictographs, dingbats and their joiners/selectors: "检测。👍" keeps 👍 in the sentence."""
    code = ord(ch)
    return (0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or code in (0x2B50, 0x2B55, 0xFE0F, 0x200D)
            or 0xE0020 <= code <= 0xE007F)


def split_sentences(text: str, *, terminals: str = SENTENCE_END, closers: str = CLOSERS,
                    heading_markers: str = "#") -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    i = 0

    def emit(s: int, e: int) -> None:
        while s < e and (text[s].isspace() or text[s] in heading_markers):
            # A marker counts only at the start of a line ("## 标题").
            if text[s] in heading_markers and s > 0 and not text[s - 1].isspace() and text[s - 1] not in heading_markers:
                break
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e))

    while i < n:
        ch = text[i]
        if ch == "\n":
            emit(start, i)
            start = i + 1
        elif ch in terminals:
            j = i + 1
            while j < n and (text[j] in terminals or text[j] in closers or is_emoji(text[j])):
                j += 1
            emit(start, j)
            start = i = j
            continue
        i += 1
    emit(start, n)
    return spans


class SentenceSplitter:
    def __init__(self, terminals: str, closers: str, heading_markers: str):
        self.terminals = terminals
        self.closers = closers
        self.heading_markers = heading_markers

    def __call__(self, doc: Doc) -> Doc:
        spans = split_sentences(extensions.text_of(doc), terminals=self.terminals, closers=self.closers,
                                heading_markers=self.heading_markers)
        doc._.sentences = spans
        starts = {s for s, _ in spans}
        # One array write instead of a per-token property set (which dominates the
        # stage's time): 1 = starts a sentence, -1 = does not.
        values = numpy.array([[1 if t.i == 0 or t.idx in starts else -1] for t in doc], dtype="int64").astype("uint64")
        if len(doc):
            doc.from_array([SENT_START], values)
        return doc


@Language.factory("sentences", assigns=["doc._.sentences", "token.is_sent_start"],
                  default_config={"terminals": SENTENCE_END, "closers": CLOSERS, "heading_markers": "#"})
def make_sentences(nlp: Language, name: str, terminals: str, closers: str, heading_markers: str) -> SentenceSplitter:
    return SentenceSplitter(terminals, closers, heading_markers)
