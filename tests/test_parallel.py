"""`run --n-process N` (pipeline/parallel.py): the same output as one process, in input order,
error records kept, a dying worker loses nothing else. Small chunks force the worker pool."""
import json
import os

import pytest

import pipeline.parallel as parallel
from pipeline.cli import main
from pipeline.io import Input, iter_inputs

from test_guarantees import CHAR, GOOD, lines


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(parallel, "CHUNK_DOCS", 2)


def mixed_batch(tmp_path, n=13):
    rows = []
    for i in range(n):
        if i % 5 == 3:
            rows.append('{"id": "broken-%d", "text": ' % i)                               # invalid JSON
        elif i % 5 == 4:
            rows.append(json.dumps({"id": f"long-{i}", "text": "甲" * 500}))              # over max_length
        else:
            rows.append(json.dumps({"id": f"d{i}", "text": f"{i}月3日，" + GOOD}, ensure_ascii=False))
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return src


def run(src, out, n, *more):
    return main(["run", str(src), "--out", str(out), "--quiet", "--n-process", str(n), *more, *CHAR,
                 "--nlp.max_length", "200"])


def test_n_processes_write_what_one_process_writes_in_input_order(tmp_path, small_chunks):
    src = mixed_batch(tmp_path)
    assert run(src, tmp_path / "one.jsonl", 1) == 1
    assert run(src, tmp_path / "two.jsonl", 2) == 1
    assert (tmp_path / "two.jsonl").read_bytes() == (tmp_path / "one.jsonl").read_bytes()
    assert (tmp_path / "two.errors.jsonl").read_bytes() == (tmp_path / "one.errors.jsonl").read_bytes()
    assert [d["id"] for d in lines(tmp_path / "two.jsonl")] == [f"d{i}" for i in range(13) if i % 5 < 3]
    errors = lines(tmp_path / "two.errors.jsonl")
    assert [e["stage"] for e in errors] == ["read", "tokenizer", "read", "tokenizer"]
    assert "in.jsonl:4" in errors[0]["source"] and "nlp.max_length" in errors[1]["error"]


def test_a_worker_that_dies_costs_only_its_chunk(tmp_path, small_chunks, monkeypatch):
    main_pid = os.getpid()
    real = parallel.outcome_of

    def crash_on_d6(nlp, item):   # forked workers inherit this patch; the main process never runs it
        if item.id == "d6" and os.getpid() != main_pid:
            os._exit(9)
        return real(nlp, item)

    monkeypatch.setattr(parallel, "outcome_of", crash_on_d6)
    if parallel.start_method() != "fork":
        pytest.fail("this test needs forked workers (Linux) to plant the crash")
    src = mixed_batch(tmp_path)
    assert run(src, tmp_path / "o.jsonl", 2) == 1
    # d6 and the document sharing its chunk (d5) are error records; everything else is written, in order
    assert [d["id"] for d in lines(tmp_path / "o.jsonl")] == ["d0", "d1", "d2", "d7", "d10", "d11", "d12"]
    died = [e for e in lines(tmp_path / "o.errors.jsonl") if e["stage"] == "worker"]
    assert [e["id"] for e in died] == ["d5", "d6"] and "--n-process 1" in died[0]["error"]


def test_resume_with_workers_appends_the_rest(tmp_path, small_chunks):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"d{i}", "text": GOOD}, ensure_ascii=False) for i in range(9)) + "\n",
                   encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert run(src, out, 2) == 0
    full = out.read_bytes()
    kept = out.read_text(encoding="utf-8").splitlines(keepends=True)[:3]
    out.write_text("".join(kept) + kept[0][:20], encoding="utf-8")     # killed mid-line
    assert run(src, out, 2, "--resume") == 0
    assert out.read_bytes() == full


def test_workers_never_read_the_whole_input_ahead(nlp_char, monkeypatch):
    monkeypatch.setattr(parallel, "CHUNK_DOCS", 2)
    taken = []

    def endless():
        for i in range(10_000):
            taken.append(i)
            yield Input(f"d{i}", GOOD, {}, f"in:{i}")

    stream = parallel.process_stream(nlp_char, endless(), 2)
    first = [next(stream) for _ in range(5)]
    stream.close()
    assert [item.id for item, _ in first] == ["d0", "d1", "d2", "d3", "d4"]
    # at most WINDOW_PER_PROCESS chunks per worker in flight, plus the one being handed out
    assert len(taken) <= (parallel.WINDOW_PER_PROCESS * 2 + 2) * 2


def test_n_process_must_be_positive(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text(GOOD, encoding="utf-8")
    assert main(["run", str(src), "--out", str(tmp_path / "o.jsonl"), "--n-process", "0", *CHAR]) == 2
    assert "--n-process must be at least 1" in capsys.readouterr().err
