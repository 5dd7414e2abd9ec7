"""The shipped gold set: loads strictly, indexes the raw seed files, is internally consistent."""
import pytest

from pipeline.io import load_documents

from conftest import GOLD, RAW


@pytest.fixture(scope="module")
def gold():
    return load_documents(GOLD, strict=True).documents


def test_gold_texts_are_the_raw_files_as_read(gold):
    assert gold
    for doc in gold:
        assert doc.text == (RAW / f"{doc.id}.txt").read_text(encoding="utf-8")
        assert doc.meta.date


def test_entities_do_not_overlap(gold):
    for doc in gold:
        ents = sorted((e.start, e.end) for e in doc.entities or [])
        assert all(a[1] <= b[0] for a, b in zip(ents, ents[1:])), doc.id


def test_event_quantity_args_are_gold_quantities(gold):
    for doc in gold:
        if doc.events is None or doc.quantities is None:
            continue
        spans = {(q.start, q.end) for q in doc.quantities}
        for ev in doc.events:
            for arg in ev.args:
                if arg.role == "quantity":
                    assert (arg.start, arg.end) in spans, (doc.id, arg)


def test_sentences_are_trimmed_and_disjoint(gold):
    for doc in gold:
        sents = sorted(doc.sentences)
        assert all(a[1] <= b[0] for a, b in zip(sents, sents[1:]))
        for s, e in sents:
            assert doc.text[s:e] == doc.text[s:e].strip()
