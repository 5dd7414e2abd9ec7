"""The README's guarantees (issue 8): no input stops a batch, the writer never destroys data,
output and environment failures are one line with status 2.

Every case of issue 8 is here. The CLI is driven in-process with the `char` segmenter
(fast to build); the kill test runs a real subprocess.
"""
import errno
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from pipeline.cli import main
from pipeline.io import JsonlWriter

from conftest import REPO

CHAR = ["--nlp.tokenizer.segmenter", "char"]
GOOD = "区红十字会捐赠口罩2万只，出动志愿者158余人。"


def lines(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def hostile_jsonl(tmp_path):
    """One good document between hostile lines, each of which must become an error record."""
    deep = "[" * 1000 + "]" * 1000
    rows = [
        json.dumps({"id": "good-1", "text": GOOD}, ensure_ascii=False),
        '{"id": "deep", "text": "x", "meta": {"a": ' + deep + '}}',     # nested ~1,000 deep
        deep,                                                            # a line that is only nesting
        '{"id": "bigint", "text": "x", "n": ' + "9" * 5000 + '}',      # > 4,300 digits
        '{"id": "\\ud800", "text": "孤立代理"}',                          # lone surrogate in id
        '{"id": "m", "text": "x", "meta": {"source": "\\udc00"}}',       # … and in meta
        json.dumps({"id": 0, "text": "零号"}, ensure_ascii=False),       # id 0 is kept as "0"
        json.dumps({"id": False, "text": "假"}, ensure_ascii=False),     # refused, not replaced
        json.dumps({"id": "", "text": "空"}, ensure_ascii=False),        # refused, not replaced
        json.dumps({"id": "huge", "text": "捐赠" + "9" * 400 + "元。" + GOOD}, ensure_ascii=False),
        json.dumps({"id": "overflow", "text": "共1" + "亿" * 3000 + "元。" + GOOD}, ensure_ascii=False),
        json.dumps({"id": "lastday", "text": "9999年12月31日次日出动100人。", "meta": {"date": "9999-12-31"}},
                   ensure_ascii=False),
        json.dumps({"id": "good-2", "text": GOOD}, ensure_ascii=False),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_no_line_stops_the_batch_and_each_failure_names_file_line_and_stage(tmp_path, capsys):
    src = hostile_jsonl(tmp_path)
    arr = tmp_path / "arr.json"
    arr.write_text(json.dumps([{"id": "a1", "text": GOOD}, {"id": "a2", "text": "甲"}], ensure_ascii=False),
                   encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "ok.txt").write_text(GOOD, encoding="utf-8")
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "back").symlink_to(folder)                  # a folder symlink loop
    out = tmp_path / "out.jsonl"
    code = main(["run", str(src), str(arr), str(folder), "/dev/zero", "--out", str(out), "--quiet", *CHAR])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    ids = [d["id"] for d in lines(out)]
    # good documents, and documents whose one bad token is dropped, are all there
    assert {"good-1", "good-2", "0", "huge", "overflow", "lastday", "a1", "a2", "ok"} <= set(ids)
    huge = next(d for d in lines(out) if d["id"] == "huge")
    assert any(q["text"] == "2万只" for q in huge["quantities"])
    errors = lines(tmp_path / "out.errors.jsonl")
    sources = " ".join(e["source"] for e in errors)
    for n in (2, 3, 4, 5, 6, 8, 9):
        assert f"in.jsonl:{n}" in sources, n
    assert "dangling.txt" in sources and "loop.txt" in sources and "/dev/zero" in sources
    assert "symbolic link loop" in " ".join(e["error"] for e in errors)
    assert all(e["stage"] for e in errors)


@pytest.mark.parametrize("command", ["validate", "eval", "records"])
def test_hostile_annotation_files_are_reported_by_line(tmp_path, capsys, command):
    src = hostile_jsonl(tmp_path)
    args = {"validate": ["validate", str(src)],
            "eval": ["eval", "--gold", str(src), "--pred", str(src)],
            "records": ["records", str(src), "--out", str(tmp_path / "r.csv")]}[command]
    code = main(args)
    err = capsys.readouterr()
    text = err.out + err.err
    assert code in (0, 1) and "Traceback" not in text
    for n in (2, 3, 4, 5, 6):
        assert f"in.jsonl:{n}:" in text, n


def test_output_equal_to_an_input_or_to_the_errors_file_is_a_usage_error(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": GOOD}, ensure_ascii=False) + "\n", encoding="utf-8")
    before = src.read_bytes()
    assert main(["run", str(src), "--out", str(src), *CHAR]) == 2
    assert src.read_bytes() == before
    out = tmp_path / "o.jsonl"
    assert main(["run", str(src), "--out", str(out), "--errors", str(out), *CHAR]) == 2
    assert not out.exists()
    assert main(["records", str(src), "--out", str(src)]) == 2
    assert src.read_bytes() == before
    err = capsys.readouterr().err
    assert err.count("error:") == 3 and "Traceback" not in err


@pytest.mark.parametrize("out", ["", "FOLDER", "FILE/sub/o.jsonl"])
def test_unusable_output_paths_are_one_line_with_status_2(tmp_path, capsys, out):
    (tmp_path / "FILE").write_text("x")
    (tmp_path / "FOLDER").mkdir()
    src = tmp_path / "a.txt"
    src.write_text(GOOD, encoding="utf-8")
    target = out if out == "" else str(tmp_path / out)
    assert main(["run", str(src), "--out", target, *CHAR]) == 2
    err = capsys.readouterr().err
    assert "error:" in err and "Traceback" not in err


def test_a_missing_input_is_status_2_before_anything_is_written(tmp_path, capsys):
    out = tmp_path / "o.jsonl"
    out.write_text('{"id": "yesterday"}\n')
    assert main(["run", str(tmp_path / "typo.txt"), "--out", str(out), *CHAR]) == 2
    assert out.read_text() == '{"id": "yesterday"}\n'
    assert "no such input" in capsys.readouterr().err


@pytest.mark.parametrize("errno_code", [errno.ENOSPC, errno.EROFS])
def test_a_full_disk_or_read_only_file_system_keeps_the_previous_output(tmp_path, capsys, monkeypatch, errno_code):
    src = tmp_path / "a.txt"
    src.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "o.jsonl"
    out.write_text('{"id": "yesterday"}\n')

    def fail(*a, **k):
        raise OSError(errno_code, os.strerror(errno_code))

    monkeypatch.setattr(os, "fsync", fail)
    assert main(["run", str(src), "--out", str(out), "--quiet", *CHAR]) == 2
    err = capsys.readouterr().err
    assert os.strerror(errno_code) in err and "Traceback" not in err
    assert out.read_text() == '{"id": "yesterday"}\n'
    assert not list(tmp_path.glob(".o.jsonl.*.tmp"))


def test_a_second_writer_on_the_same_output_is_refused(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "o.jsonl"
    with JsonlWriter(out) as first:
        first.write({"id": "first"})
        assert main(["run", str(src), "--out", str(out), "--quiet", *CHAR]) == 2
        assert "another run is writing" in capsys.readouterr().err
    assert [d["id"] for d in lines(out)] == ["first"]


def test_a_rerun_replaces_the_output_only_when_it_ends(tmp_path):
    out = tmp_path / "o.jsonl"
    out.write_text('{"id": "yesterday"}\n')
    w = JsonlWriter(out)
    w.write({"id": "today"})
    assert out.read_text() == '{"id": "yesterday"}\n'     # still yesterday's while running
    w.close()
    assert [d["id"] for d in lines(out)] == ["today"]


def test_an_interrupted_rerun_keeps_the_previous_output_and_the_partial_one(tmp_path):
    out = tmp_path / "o.jsonl"
    out.write_text('{"id": "yesterday"}\n')
    with pytest.raises(KeyboardInterrupt):
        with JsonlWriter(out) as w:
            w.write({"id": "today"})
            w._fh.write(b'{"half": ')
            raise KeyboardInterrupt
    assert out.read_text() == '{"id": "yesterday"}\n'
    assert [d["id"] for d in lines(tmp_path / "o.partial.jsonl")] == ["today"]


def test_resume_skips_complete_documents_and_appends_the_rest(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"d{i}", "text": GOOD}, ensure_ascii=False) for i in range(4)) + "\n",
                   encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert main(["run", str(src), "--out", str(out), "--quiet", *CHAR]) == 0
    full = lines(out)
    kept = out.read_text(encoding="utf-8").splitlines(keepends=True)[:2]
    out.write_text("".join(kept) + kept[0][:20], encoding="utf-8")     # killed mid-line
    assert main(["run", str(src), "--out", str(out), "--quiet", "--resume", *CHAR]) == 0
    assert "resuming: 2 documents" in capsys.readouterr().err
    assert lines(out) == full


def test_kill_9_never_corrupts_the_output_and_resume_recovers_the_work(tmp_path):
    src = tmp_path / "in.jsonl"
    text = (GOOD * 10)
    n = 600
    src.write_text("\n".join(json.dumps({"id": f"d{i}", "text": text}, ensure_ascii=False) for i in range(n)) + "\n",
                   encoding="utf-8")
    out = tmp_path / "o.jsonl"
    out.write_text('{"id": "yesterday"}\n')
    cmd = [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--quiet", *CHAR]
    proc = subprocess.Popen(cmd, cwd=REPO, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    tmp = []
    while time.time() < deadline and not tmp:
        time.sleep(0.05)
        tmp = [t for t in tmp_path.glob(".o.jsonl.*.tmp") if t.stat().st_size > 2000]
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert tmp, "the run wrote nothing within a minute"
    assert out.read_text() == '{"id": "yesterday"}\n'      # untouched by the killed run
    # --resume adopts the killed run's complete lines (and keeps yesterday's document)
    resumed = subprocess.run(cmd[:-2] + ["--resume", *CHAR], cwd=REPO, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert "resuming:" in resumed.stderr
    ids = [d["id"] for d in lines(out)]
    assert ids[0] == "yesterday" and set(ids[1:]) == {f"d{i}" for i in range(n)} and len(ids) == n + 1


def test_an_overlong_document_is_an_error_record_naming_the_limit(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "long", "text": "甲" * 500}) + "\n" + json.dumps({"id": "ok", "text": GOOD},
                   ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert main(["run", str(src), "--out", str(out), "--quiet", *CHAR, "--nlp.max_length", "100"]) == 1
    assert [d["id"] for d in lines(out)] == ["ok"]
    assert "nlp.max_length" in lines(tmp_path / "o.errors.jsonl")[0]["error"]


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(tmp_path):
    src = tmp_path / "in.jsonl"
    doc = {"id": "=HYPERLINK(\"x\")", "text": "捐赠口罩2万只。", "meta": {"source": "+cmd"},
           "quantities": [{"start": 4, "end": 7, "text": "2万只", "value": 20000, "unit": "只"}]}
    src.write_text(json.dumps(doc, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "q.csv"
    assert main(["records", str(src), "--out", str(out), "--what", "quantities"]) == 0
    body = out.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in body and "'+cmd" in body and "\n=" not in body and ",=" not in body


def test_a_config_error_does_not_echo_the_file(tmp_path, capsys):
    cfg = tmp_path / "secret.cfg"
    cfg.write_text("password=hunter2\n[nlp]\n")
    src = tmp_path / "a.txt"
    src.write_text(GOOD, encoding="utf-8")
    assert main(["run", str(src), "--out", str(tmp_path / "o.jsonl"), "--config", str(cfg)]) == 2
    err = capsys.readouterr().err
    assert "hunter2" not in err and "secret.cfg" in err


def test_a_pickled_segmenter_model_is_refused_unless_trusted(tmp_path, capsys):
    import pickle

    from pipeline.tokenizer import PickledModelRefused, resolve_pkuseg_model

    model = tmp_path / "model"
    model.mkdir()
    (model / "weights.npz").write_bytes(b"")
    (model / "features.pkl").write_bytes(pickle.dumps({"x": 1}))
    with pytest.raises(PickledModelRefused, match="runs any code"):
        resolve_pkuseg_model(str(model))
    assert resolve_pkuseg_model(str(model), allow_pickle=True) == str(model)
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": "a", "text": "甲乙", "tokens": [[0, 1], [1, 2]]}) + "\n")
    assert main(["train-segmenter", "--gold", str(gold), "--out", str(tmp_path / "m2"),
                 "--init-model", str(model)]) == 2
    assert "pickled" in capsys.readouterr().err


# ---------------------------------------------------------------- fuzz: hostile files through the CLI

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                           lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=4), kids, max_size=3),
                           max_leaves=8)
HOSTILE_LINE = st.one_of(
    st.binary(max_size=40),                                               # arbitrary bytes
    st.text(max_size=40).map(str.encode),                                 # arbitrary text
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),                    # JSON that is not a document
    st.fixed_dictionaries({"id": JSON_VALUES, "text": st.text(max_size=30)},
                          optional={"meta": JSON_VALUES}).map(lambda d: json.dumps(d).encode()),
    st.integers(1, 3000).map(lambda n: ("[" * n + "]" * n).encode()),     # nesting
)


@pytest.fixture(scope="module")
def char_nlp():
    from pipeline import build
    return build(overrides={"nlp.tokenizer.segmenter": "char"})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(HOSTILE_LINE, min_size=1, max_size=6), st.integers(0, 6))
def test_fuzz_no_hostile_file_breaks_a_promise(tmp_path_factory, monkeypatch, capsys, char_nlp, hostile, where):
    import pipeline.cli as cli

    monkeypatch.setattr(cli, "_build", lambda args, extra: char_nlp)
    tmp = tmp_path_factory.mktemp("fuzz")
    good = [json.dumps({"id": f"good{i}", "text": GOOD}, ensure_ascii=False).encode() for i in range(2)]
    rows = hostile[:where] + [good[0]] + hostile[where:] + [good[1]]
    src = tmp / "in.jsonl"
    src.write_bytes(b"\n".join(r.replace(b"\n", b" ") for r in rows) + b"\n")
    out = tmp / "o.jsonl"
    code = main(["run", str(src), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code in (0, 1) and "Traceback" not in err
    done = [json.loads(x) for x in out.read_bytes().decode("utf-8").splitlines()]
    assert {"good0", "good1"} <= {d["id"] for d in done}              # nothing else is lost
    errors = (tmp / "o.errors.jsonl")
    n_err = len(errors.read_text(encoding="utf-8").splitlines()) if errors.exists() else 0
    assert len(done) + n_err == sum(1 for r in rows if r.replace(b"\n", b" ").strip())
    for command in (["validate", str(src)], ["eval", "--gold", str(src), "--pred", str(src)],
                    ["records", str(src), "--out", str(tmp / "r.csv")]):
        code = main(command)
        text = "".join(capsys.readouterr())
        assert code in (0, 1, 2) and "Traceback" not in text


def test_jsonl_inputs_are_streamed_not_read_whole(tmp_path, monkeypatch):
    import pipeline.io as io_mod

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": GOOD}, ensure_ascii=False) + "\n", encoding="utf-8")
    monkeypatch.setattr(io_mod, "read_text_file", lambda *a, **k: pytest.fail("read the whole file"))
    items = list(io_mod.iter_inputs([src]))
    assert [i.id for i in items] == ["a"]


def test_a_number_beyond_decimal_range_is_dropped_not_fatal():
    from pipeline.quantities import parse_number
    assert parse_number("1" + "亿" * 130000) is None


def test_an_unreadable_subfolder_is_reported_not_skipped(tmp_path, monkeypatch):
    """(As root chmod cannot make a folder unreadable, so os.walk's error is simulated.)"""
    import pipeline.io as io_mod

    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    real_walk = os.walk

    def walk(top, onerror=None, followlinks=False):
        onerror(PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "locked")))
        yield from real_walk(top, onerror=onerror, followlinks=followlinks)

    monkeypatch.setattr(io_mod.os, "walk", walk)
    items = list(io_mod.iter_inputs([tmp_path]))
    errors = [i for i in items if isinstance(i, io_mod.InputError)]
    assert [i.id for i in items if isinstance(i, io_mod.Input)] == ["ok"]
    assert len(errors) == 1 and "locked" in errors[0].source and "unreadable folder" in errors[0].message
