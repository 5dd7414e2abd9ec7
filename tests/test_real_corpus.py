"""The real-corpus gold (issue 7): sizes, text-free cec storage, the loader, the sample, the folds.

Tests that need ../shared/realdata (the cec texts are not in the repository) skip when it
is absent; the text-free storage itself is tested on a small realdata folder made here.
"""
import json
import subprocess
import sys

import pytest

from pipeline.corpus import TextSourceError, attach_text, realdata_dir, sha256_text, strip_text
from pipeline.io import load_documents
from pipeline.splits import Splits, load_gold

from conftest import REPO

REAL = REPO / "annotations" / "real"
SPLITS = REPO / "annotations" / "splits.json"
needs_realdata = pytest.mark.skipif(not realdata_dir().is_dir(), reason="../shared/realdata is absent")


def raw_lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# ---------------------------------------------------------------- storage (no realdata needed)

DOC = {"id": "r1", "text": "昨天，县消防大队出动12人。", "meta": {"date": "2008-04-05", "title": "标题"},
       "entities": [{"start": 0, "end": 2, "label": "DATE", "text": "昨天"}],
       "quantities": [{"start": 10, "end": 13, "text": "12人", "value": 12, "unit": "人", "approx": "exact",
                       "item": None}],
       "events": [{"type": "DEPLOY", "trigger": {"start": 8, "end": 10, "text": "出动"},
                   "args": [{"role": "quantity", "start": 10, "end": 13, "text": "12人"},
                            {"role": "date", "start": 0, "end": 2, "text": "昨天", "value": "2008-04-04"}]}]}


@pytest.fixture
def fake_realdata(tmp_path, monkeypatch):
    folder = tmp_path / "realdata"
    folder.mkdir()
    (folder / "news.jsonl").write_text(json.dumps({"id": "r1", "text": DOC["text"], "meta": DOC["meta"]},
                                                  ensure_ascii=False) + "\n", encoding="utf-8")
    monkeypatch.setenv("BULLETIN_REALDATA", str(folder))
    return folder


def test_text_free_gold_keeps_no_text_and_round_trips(fake_realdata, tmp_path):
    free = strip_text(DOC, "news.jsonl")
    dumped = json.dumps(free, ensure_ascii=False)
    assert "text\"" not in dumped.replace("text_file", "").replace("text_sha256", "")
    assert "县消防" not in dumped and "标题" not in dumped and free["text_sha256"] == sha256_text(DOC["text"])
    back = attach_text(free)
    assert back["text"] == DOC["text"] and back["events"][0]["args"][0]["text"] == "12人"
    gold = tmp_path / "g.jsonl"
    gold.write_text(dumped + "\n", encoding="utf-8")
    result = load_documents(gold, strict=True)
    assert result.documents[0].entities[0].text == "昨天"


def test_a_missing_realdata_file_or_a_changed_text_is_a_clear_error(fake_realdata, tmp_path, monkeypatch):
    free = strip_text(DOC, "news.jsonl")
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({**free, "text_sha256": "0" * 64}) + "\n", encoding="utf-8")
    problems = load_documents(gold).problems
    assert len(problems) == 1 and "has changed since it was annotated" in str(problems[0])
    assert str(problems[0]).startswith(f"{gold}:1:")
    monkeypatch.setenv("BULLETIN_REALDATA", str(tmp_path / "nowhere"))
    gold.write_text(json.dumps(free) + "\n", encoding="utf-8")
    problems = load_documents(gold).problems
    assert "is missing" in str(problems[0]) and "BULLETIN_REALDATA" in str(problems[0])


# ---------------------------------------------------------------- the committed corpus

def test_cec_gold_lines_carry_no_text_and_dxy_lines_keep_their_attribution():
    for line in raw_lines(REAL / "cec.jsonl"):
        assert "text" not in line and line["text_file"] == "cec_disasters.jsonl"
        assert "title" not in line["meta"] and "origin" not in line["meta"]
        spans = [*line["entities"], *line["quantities"], *(e["trigger"] for e in line["events"]),
                 *(a for e in line["events"] for a in e["args"])]
        assert all("text" not in s for s in spans if "start" in s)
    for line in raw_lines(REAL / "dxy.jsonl"):
        assert line["text"] and line["meta"].get("origin") and "url" in line["meta"]


@needs_realdata
def test_the_corpus_has_the_size_the_issue_asks_for():
    docs = load_gold([REAL / "dxy.jsonl", REAL / "cec.jsonl"])
    dxy = [d for d in docs if d.id.startswith("dxy")]
    cec = [d for d in docs if d.id.startswith("cec")]
    assert len(dxy) >= 90 and len(cec) >= 70
    assert sum(len(d.text) for d in docs) >= 45000
    assert sum(len(d.events) for d in docs) >= 700
    for d in docs:  # every layer annotated
        assert all(getattr(d, layer) is not None for layer in ("sentences", "tokens", "entities", "quantities", "events"))


@needs_realdata
def test_the_annotated_documents_are_the_seeded_sample(tmp_path):
    out = tmp_path / "sample.json"
    subprocess.run([sys.executable, str(REAL / "sample.py"), "--out", str(out)], check=True, capture_output=True)
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads((REAL / "sample.json").read_text(encoding="utf-8"))
    sample = {d["id"]: d for d in json.loads(out.read_text(encoding="utf-8"))["documents"]}
    docs = load_gold([REAL / "dxy.jsonl", REAL / "cec.jsonl"])
    assert {d.id for d in docs} == set(sample)
    assert all(sha256_text(d.text) == sample[d.id]["sha256"] for d in docs)


@needs_realdata
def test_the_double_annotations_cover_both_sources_and_8000_characters():
    first = load_gold([REAL / "agreement" / "first.jsonl"])
    second = load_gold([REAL / "agreement" / "second.jsonl"])
    assert {d.id for d in first} == {d.id for d in second}
    assert len(first) >= 25 and sum(len(d.text) for d in first) >= 8000
    assert {d.id[:3] for d in first} == {"cec", "dxy"}


def test_the_folds_are_five_whole_document_folds_stratified_by_source():
    splits = Splits.load(SPLITS)
    assert len(splits.folds) == 5 and splits.test_fold == 0
    ids = [i for f in splits.folds for i in f]
    gold_ids = {line["id"] for name in ("dxy", "cec") for line in raw_lines(REAL / f"{name}.jsonl")}
    assert len(ids) == len(set(ids)) and set(ids) == gold_ids
    for src in ("dxy", "cec"):
        sizes = [sum(1 for i in f if i.startswith(src)) for f in splits.folds]
        assert max(sizes) - min(sizes) <= 1, (src, sizes)
    seeds = {line["id"] for line in raw_lines(REPO / "annotations" / "gold" / "seeds.jsonl")}
    assert set(splits.train_only) == seeds
    for k in splits.dev_folds:   # cross-validation never trains on the test fold
        train = splits.train_ids(k)
        assert not train & set(splits.folds[0]) and not train & set(splits.folds[k]) and seeds <= train
    assert set(splits.folds[1]) <= splits.train_ids(0)


def test_make_folds_reproduces_the_committed_split(tmp_path):
    import shutil
    ann = tmp_path / "annotations"
    (ann / "real").mkdir(parents=True)
    (ann / "gold").mkdir()
    for name in ("dxy.jsonl", "cec.jsonl", "make_folds.py"):
        shutil.copy(REAL / name, ann / "real" / name)
    shutil.copy(REPO / "annotations" / "gold" / "seeds.jsonl", ann / "gold" / "seeds.jsonl")
    subprocess.run([sys.executable, str(ann / "real" / "make_folds.py")], check=True, capture_output=True)
    assert json.loads((ann / "splits.json").read_text()) == json.loads(SPLITS.read_text())
