import json
import subprocess
import sys

import pytest
from spacy.language import Language

from pipeline import build
from pipeline.cli import main
from pipeline.io import Input, load_documents
from pipeline.pipeline import annotate, process, load_config
from pipeline.tokenizer import ModelNotFound

from conftest import REPO, SEEDS


def test_default_config_lists_the_stages_in_order(nlp_char):
    assert nlp_char.pipe_names == ["sentences", "entities", "quantities", "events"]


def test_overrides_change_backend_and_stage_list():
    nlp = build(overrides={"nlp.tokenizer.segmenter": "char", "nlp.pipeline": ["sentences"],
                           "nlp.tokenizer.join_lines": False})
    assert nlp.pipe_names == ["sentences"]
    doc = annotate(nlp, "合川\n区", "x")
    assert doc.tokens == [(0, 1), (1, 2), (3, 4)]
    assert doc.sentences == [(0, 2), (3, 4)] and doc.entities is None


def test_config_file_can_reorder_and_drop_stages(tmp_path):
    cfg = load_config()
    cfg["nlp"]["pipeline"] = ["quantities", "sentences"]
    cfg["nlp"]["tokenizer"]["segmenter"] = "char"
    del cfg["components"]["events"]
    path = tmp_path / "my.cfg"
    cfg.to_disk(path)
    nlp = build(path)
    assert nlp.pipe_names == ["quantities", "sentences"]


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(Exception, match="segmenter must be one of"):
        build(overrides={"nlp.tokenizer.segmenter": "hanlp"})


def test_missing_pkuseg_model_path_is_a_clear_error(tmp_path):
    with pytest.raises(ModelNotFound, match="pkuseg model not found"):
        build(overrides={"nlp.tokenizer.pkuseg_model": str(tmp_path / "nope")})


def test_jieba_backend_runs():
    nlp = build(overrides={"nlp.tokenizer.segmenter": "jieba"})
    doc = annotate(nlp, "电信合川分公司出动一线保障人员。", "x")
    assert len(doc.tokens) >= 4


def test_pkuseg_model_trained_by_the_test_loads_from_a_path(tmp_path):
    """Loading code for pkuseg models, on a small model this test trains itself."""
    lines = ["我们 在 合川 工作 。", "电信 合川 分公司 出动 人员 。", "我们 出动 车辆 。"] * 5
    gold = tmp_path / "gold.jsonl"
    with gold.open("w", encoding="utf-8") as fh:
        for i, line in enumerate(lines):
            words, text, toks = line.split(), "", []
            for w in words:
                toks.append([len(text), len(text) + len(w)])
                text += w
            fh.write(json.dumps({"id": f"s{i}", "text": text, "tokens": toks}, ensure_ascii=False) + "\n")
    model = tmp_path / "model"
    assert main(["train-segmenter", "--gold", str(gold), "--out", str(model), "--iterations", "3"]) == 0
    assert (model / "weights.npz").exists()
    nlp = build(overrides={"nlp.tokenizer.pkuseg_model": str(model), "nlp.tokenizer.user_dict": ""})
    doc = annotate(nlp, "我们在合川工作。", "x")
    words = [doc.text[s:e] for s, e in doc.tokens]
    assert "".join(words) == "我们在合川工作。" and len(words) >= 3


def _assert_offset_invariant(doc):
    text = doc.text
    assert not doc.problems()
    for s, e in doc.sentences:
        assert text[s:e] == text[s:e].strip() and text[s:e]
    for ent in doc.entities or []:
        assert text[ent.start:ent.end] == ent.text
    for q in doc.quantities or []:
        assert text[q.start:q.end] == q.text


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_offsets_index_the_raw_text_after_layout_repair(nlp_default, seed):
    raw = seed.read_text(encoding="utf-8")
    doc = annotate(nlp_default, raw, seed.stem)
    assert doc.text == raw
    _assert_offset_invariant(doc)
    # a word broken by the layout is one token whose raw span contains the line break
    if "002" in seed.stem:
        assert any("\n" in raw[s:e] for s, e in doc.tokens)
        assert any("\n" in raw[s:e] for s, e in doc.sentences)


@Language.component("test_boom")
def _boom(doc):
    if "炸" in doc.text:
        raise RuntimeError("stage exploded")
    return doc


def test_failing_stage_becomes_an_error_record_and_batch_goes_on():
    nlp = build(overrides={"nlp.tokenizer.segmenter": "char"})
    nlp.add_pipe("test_boom", last=True)
    bad = process(nlp, Input("bad", "炸了", {}, "bad.txt"))
    good = process(nlp, Input("good", "好的", {}, "good.txt"))
    assert bad.error and bad.error.stage == "test_boom" and "stage exploded" in bad.error.message
    assert good.document and good.document.id == "good"


def test_cli_run_and_eval_end_to_end(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in SEEDS:
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "gbk.txt").write_bytes("重庆市合川区出动158余人。".encode("gbk"))
    (folder / "broken.txt").write_bytes(b"\x00\x00binary")
    out = tmp_path / "out.jsonl"
    status = main(["run", str(folder), "--out", str(out), "--date", "2022-08-07", "--quiet",
                   "--nlp.tokenizer.segmenter", "char"])
    assert status == 1  # one input failed
    result = load_documents(out, strict=True)
    assert sorted(d.id for d in result.documents) == sorted([s.stem for s in SEEDS] + ["gbk"])
    gbk = next(d for d in result.documents if d.id == "gbk")
    assert gbk.meta.model_extra["encoding"] == "gb18030" and gbk.meta.date == "2022-08-07"
    errors = [json.loads(l) for l in (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(errors) == 1 and errors[0]["source"].endswith("broken.txt") and "binary" in errors[0]["error"]
    for d in result.documents:
        _assert_offset_invariant(d)
    # eval against itself as gold: every scored layer is perfect
    capsys.readouterr()
    report = tmp_path / "r.json"
    assert main(["eval", "--gold", str(out), "--pred", str(out), "--json", str(report)]) == 0
    printed = capsys.readouterr().out
    assert "tokens" in printed and "not scored" not in printed.split("tokens")[0]
    rep = json.loads(report.read_text(encoding="utf-8"))
    assert rep["tokens"]["f"] == 1.0 and rep["sentences"]["f"] == 1.0


def test_eval_runs_the_pipeline_on_gold_texts(tmp_path, capsys):
    text = "出动人员。\n小标题"
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g", "text": text, "sentences": [[0, 5], [6, 9]]}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["eval", "--gold", str(gold), "--nlp.tokenizer.segmenter", "char"]) == 0
    out = capsys.readouterr().out
    assert "sentences" in out and "1.000" in out
    assert "entities" in out and "not scored (no gold)" in out


def test_python_dash_m_entry_point_prints_schema():
    proc = subprocess.run([sys.executable, "-m", "pipeline", "schema"], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0
    assert '"title": "Document"' in proc.stdout


def test_annotate_raises_stage_error_from_the_original_and_reads_cr_like_files():
    from pipeline.pipeline import StageError

    nlp = build(overrides={"nlp.tokenizer.segmenter": "char"})
    nlp.add_pipe("test_boom", last=True)
    with pytest.raises(StageError) as err:
        annotate(nlp, "炸了", "x")
    assert err.value.stage == "test_boom" and isinstance(err.value.__cause__, RuntimeError)
    doc = annotate(build(overrides={"nlp.tokenizer.segmenter": "char", "nlp.pipeline": ["sentences"]}), "甲\r乙", "x")
    assert doc.text == "甲\n乙" and doc.sentences == [(0, 1), (2, 3)]


@pytest.mark.parametrize("argv,message", [
    (["run", "x.txt", "--out", "o.jsonl", "--qiet"], "unrecognised argument '--qiet'"),
    (["run", "--nlp.tokenizer.segmenter", "char", "x.txt", "--out", "o.jsonl"], "has no value"),
    (["eval", "--gold", "GOLD", "--pred", "missing.jsonl"], "cannot read prediction file"),
    (["eval", "--gold", "GOLD", "--ids", "nope"], "--ids names documents not in the gold"),
    (["records", "missing.jsonl", "--out", "r.csv"], "cannot read input file"),
    (["train-segmenter", "--gold", "missing.conllu", "--out", "m"], "No such file"),
])
def test_cli_errors_are_one_line_with_status_2(tmp_path, monkeypatch, capsys, argv, message):
    from conftest import GOLD

    monkeypatch.chdir(tmp_path)
    argv = [str(GOLD) if a == "GOLD" else a for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "r.csv").exists()


def test_the_stages_declare_what_they_assign_and_require():
    from pipeline import build
    analysis = build(overrides={"nlp.tokenizer.segmenter": "char"}).analyze_pipes(pretty=False)
    assert all(not p for p in analysis["problems"].values())          # every requirement met in order
    attrs = analysis["attrs"]
    assert attrs["doc._.entities"]["assigns"] == ["entities"] and "events" in attrs["doc._.entities"]["requires"]
    assert attrs["doc._.words"]["assigns"] == ["entities"] and attrs["doc.ents"]["assigns"] == ["entities"]
    # without the entity and quantity stages, the events stage's missing inputs are reported
    partial = build(overrides={"nlp.tokenizer.segmenter": "char", "nlp.pipeline": ["sentences", "events"]})
    assert set(partial.analyze_pipes(pretty=False)["problems"]["events"]) == {"doc._.entities", "doc._.quantities"}
