"""Export to and import from doccano and Label Studio (pipeline/exchange.py)."""
import json

import pytest

from pipeline.cli import main
from pipeline.exchange import (ExchangeError, from_doccano, from_labelstudio, to_doccano, to_labelstudio)
from pipeline.io import dump_document, load_documents
from pipeline.schema import Document

from conftest import GOLD, REPO

DXY = REPO / "annotations" / "real" / "dxy.jsonl"
FORMATS = ["doccano", "labelstudio"]


def round_trip(doc: Document, fmt: str) -> Document:
    if fmt == "doccano":
        return from_doccano(json.loads(json.dumps(to_doccano(doc), ensure_ascii=False)))
    return from_labelstudio(json.loads(json.dumps(to_labelstudio(doc, "test"), ensure_ascii=False)))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", [GOLD, DXY], ids=["seeds", "dxy"])
def test_every_bundled_gold_document_survives_the_round_trip_field_for_field(path, fmt):
    docs = load_documents(path, strict=True).documents
    assert len(docs) >= 2
    for doc in docs:
        assert dump_document(round_trip(doc, fmt)) == dump_document(doc), doc.id


TEXT = "😷8月3日，电信合川分公司出动人员158余人。"


def tricky() -> Document:
    """An emoji before every span, an agent without offsets, a layer left unannotated, extras."""
    s = TEXT.index
    return Document.model_validate({
        "id": "t1", "text": TEXT, "meta": {"date": "2022-08-07", "origin": "x"}, "reviewer": "甲",
        "entities": [{"start": s("电信"), "end": s("电信") + 7, "text": "电信合川分公司", "label": "ORG"}],
        "quantities": [{"start": s("158"), "end": s("158") + 5, "text": "158余人", "value": 158, "unit": "人",
                        "approx": "over", "kind": "people", "item": {"start": s("人员"), "end": s("人员") + 2, "text": "人员"}}],
        "events": [{"type": "DEPLOY", "trigger": {"start": s("出动"), "end": s("出动") + 2, "text": "出动"},
                    "args": [{"role": "quantity", "text": "158余人", "start": s("158"), "end": s("158") + 5},
                             {"role": "agent", "text": "合川区委"},
                             {"role": "date", "text": "8月3日", "start": 1, "end": 5, "value": "2022-08-03"}]}],
    })


@pytest.mark.parametrize("fmt", FORMATS)
def test_offsets_without_span_agents_unannotated_layers_and_extras_survive(fmt):
    doc = tricky()
    back = round_trip(doc, fmt)
    assert dump_document(back) == dump_document(doc)
    assert back.sentences is None and back.tokens is None and back.model_extra == {"reviewer": "甲"}


def test_doccano_counts_utf16_units_and_label_studio_code_points():
    doc = tricky()
    org = next(e for e in to_doccano(doc)["entities"] if e["label"] == "ORG")
    assert org["start_offset"] == doc.entities[0].start + 1      # the emoji is two UTF-16 units
    ls = next(r for r in to_labelstudio(doc, "v")["predictions"][0]["result"] if r.get("value", {}).get("labels") == ["ORG"])
    assert ls["value"]["start"] == doc.entities[0].start and ls["value"]["text"] == "电信合川分公司"


def test_a_span_inside_a_surrogate_pair_is_an_error():
    line = to_doccano(tricky())
    line["entities"][0]["start_offset"] = 1  # inside the emoji
    with pytest.raises(ExchangeError, match="surrogate"):
        from_doccano(line)


def ls_task(result, annotations=None):
    task = {"id": 7, "data": {"text": "8月3日，区红十字会捐赠口罩2万只。", "bulletin": {"id": "d", "meta": {"date": "2022-08-07"}}},
            "predictions": [{"model_version": "v", "result": []}]}
    if annotations is not None:
        task["annotations"] = annotations
    task["predictions"][0]["result"] = result
    return task


def span(rid, start, end, label, text=None):
    value = {"start": start, "end": end, "labels": [label]}
    if text:
        value["text"] = text
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "value": value}


def rel(a, b, kind):
    return {"from_id": a, "to_id": b, "type": "relation", "direction": "right", "labels": [kind]}


def test_spans_added_in_the_tool_get_their_quantity_and_iso_date_read_from_the_text():
    # what an annotator adds in Label Studio carries no stored attributes
    result = [span("a", 0, 4, "DATE"), span("b", 10, 12, "EV-DONATE"), span("c", 14, 17, "QTY", "2万只"),
              span("i", 12, 14, "ITEM"), rel("b", "c", "quantity"), rel("b", "a", "date"), rel("c", "i", "item")]
    human = [{"was_cancelled": False, "result": result}]
    doc = from_labelstudio(ls_task([], annotations=human))   # the annotation wins over the empty prediction
    q = doc.quantities[0]
    assert (q.value, q.unit, q.approx, q.item.text) == (20000, "只", "exact", "口罩")
    assert doc.events[0].args[1].value == "2022-08-03" and doc.entities[0].text == "8月3日"


@pytest.mark.parametrize("result, message", [
    ([span("a", 5, 99, "ORG")], "outside the text"),
    ([span("a", 5, 10, "ORG", "区红十字")], "says '区红十字'"),
    ([span("a", 5, 10, "ORGANISATION")], "unknown label"),
    ([span("b", 10, 12, "EV-DONATE"), rel("b", "zz", "agent")], "missing span id .zz."),
    ([span("b", 10, 12, "EV-DONATE"), span("a", 5, 10, "ORG"), rel("a", "b", "agent")], "must start at an event trigger"),
    ([span("b", 10, 12, "EV-DONATE"), span("a", 5, 10, "ORG"), rel("b", "a", "boss")], "unknown type 'boss'"),
    ([span("x", 5, 10, "ARG")], "link it or delete it"),
    ([span("q", 5, 10, "QTY")], "does not read as a quantity"),
])
def test_unsound_tasks_are_refused_with_a_reason(result, message):
    with pytest.raises(ExchangeError, match=message):
        from_labelstudio(ls_task(result))


def test_import_reports_bad_lines_by_file_and_line_and_keeps_the_rest(tmp_path, capsys):
    good = to_doccano(tricky())
    second = json.loads(json.dumps(good))
    second["bulletin"]["id"] = "t2"
    out_of_range = json.loads(json.dumps(good))
    out_of_range["bulletin"]["id"] = "t3"
    out_of_range["entities"][0]["end_offset"] = 999
    missing = json.loads(json.dumps(good))
    missing["bulletin"]["id"] = "t4"
    missing["relations"][0]["to_id"] = 4242
    lines = [json.dumps(good, ensure_ascii=False), "{not json", json.dumps(out_of_range, ensure_ascii=False),
             json.dumps(missing, ensure_ascii=False), "", json.dumps(second, ensure_ascii=False)]
    src = tmp_path / "doccano.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "gold.jsonl"
    assert main(["import", str(src), "--from", "doccano", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{src}:2: invalid JSON" in err
    assert f"{src}:3: span" in err and "outside the text" in err
    assert f"{src}:4: relation" in err and "missing span id 4242" in err
    assert [d.id for d in load_documents(out, strict=True).documents] == ["t1", "t2"]


def test_label_studio_errors_name_the_task(tmp_path, capsys):
    tasks = [ls_task([span("a", 5, 10, "ORG")]), ls_task([span("a", 5, 99, "ORG")])]
    tasks[1]["data"]["bulletin"]["id"] = "e"
    src = tmp_path / "ls.json"
    src.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "gold.jsonl"
    assert main(["import", str(src), "--from", "labelstudio", "--out", str(out)]) == 1
    assert f"{src} task 1 (id 7): span 'a'" in capsys.readouterr().err
    assert [d.entities[0].text for d in load_documents(out).documents] == ["区红十字会"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_commands_round_trip_a_gold_file(tmp_path, fmt):
    exported = tmp_path / ("tasks.jsonl" if fmt == "doccano" else "tasks.json")
    back = tmp_path / "back.jsonl"
    assert main(["export", str(GOLD), "--to", fmt, "--out", str(exported)]) == 0
    if fmt == "labelstudio":
        assert isinstance(json.loads(exported.read_text(encoding="utf-8")), list)
        assert 'value="EV-DEPLOY"' in (tmp_path / "tasks.labelstudio.xml").read_text(encoding="utf-8")
    assert main(["import", str(exported), "--from", fmt, "--out", str(back)]) == 0
    original = [dump_document(d) for d in load_documents(GOLD).documents]
    assert [dump_document(d) for d in load_documents(back).documents] == original


def test_import_refuses_to_overwrite_its_input(tmp_path, capsys):
    src = tmp_path / "x.jsonl"
    src.write_text(json.dumps(to_doccano(tricky()), ensure_ascii=False) + "\n", encoding="utf-8")
    before = src.read_bytes()
    assert main(["import", str(src), "--from", "doccano", "--out", str(src)]) == 2
    assert src.read_bytes() == before and "would be overwritten" in capsys.readouterr().err
