import json

import pytest
from pydantic import ValidationError

from pipeline.io import AnnotationFileError, load_documents
from pipeline.schema import Document, json_schema

TEXT = "8月3日晚，电信合川分公司出动一线保障人员158余人。"


def good() -> dict:
    return {
        "id": "d1", "text": TEXT, "meta": {"date": "2022-08-07", "source": "合川日报"},
        "sentences": [[0, 27]],
        "tokens": [[0, 2], [2, 4], [4, 5], [5, 6], [6, 8], [8, 10], [10, 13], [13, 15], [15, 17],
                   [17, 19], [19, 21], [21, 24], [24, 25], [25, 26], [26, 27]],
        "entities": [{"start": 0, "end": 5, "label": "DATE", "text": "8月3日晚"},
                     {"start": 6, "end": 13, "label": "ORG", "text": "电信合川分公司"}],
        "quantities": [{"start": 21, "end": 26, "text": "158余人", "value": 158, "unit": "人", "approx": "over",
                        "item": {"start": 15, "end": 21, "text": "一线保障人员"}}],
        "events": [{"type": "DEPLOY", "trigger": {"start": 13, "end": 15, "text": "出动"},
                    "args": [{"role": "agent", "text": "电信合川分公司", "start": 6, "end": 13},
                             {"role": "quantity", "text": "158余人", "start": 21, "end": 26},
                             {"role": "date", "text": "8月3日晚", "start": 0, "end": 5, "value": "2022-08-03"}]}],
    }


def test_good_document_has_no_problems():
    assert TEXT[21:26] == "158余人"
    doc = Document.model_validate(good())
    assert doc.problems() == []
    assert doc.quantities[0].value == 158


def test_missing_layers_mean_not_annotated():
    doc = Document.model_validate({"id": "x", "text": "abc"})
    assert doc.entities is None and doc.tokens is None
    doc = Document.model_validate({"id": "x", "text": "abc", "entities": []})
    assert doc.entities == []


@pytest.mark.parametrize("path,value,fragment", [
    (("entities", 0, "label"), "COMPANY", "entities.0.label"),
    (("quantities", 0, "approx"), "roughly", "quantities.0.approx"),
    (("events", 0, "type"), "HELP", "events.0.type"),
    (("events", 0, "args", 0, "role"), "actor", "events.0.args.0.role"),
    (("events", 0, "args", 2, "value"), "2022-8-3", "events.0.args.2"),
    (("meta", "date"), "07/08/2022", "meta.date"),
    (("quantities", 0, "value"), "many", "quantities.0.value"),
])
def test_field_errors(path, value, fragment):
    data = good()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ValidationError) as err:
        Document.model_validate(data)
    locs = [".".join(str(x) for x in e["loc"]) for e in err.value.errors()]
    assert any(loc.startswith(fragment) for loc in locs), locs


def test_date_range_value_is_accepted_and_checked():
    data = good()
    data["events"][0]["args"][2]["value"] = "2022-08-04/2022-08-05"
    Document.model_validate(data)
    data["events"][0]["args"][2]["value"] = "2022-08-05/2022-08-04"
    with pytest.raises(ValidationError):
        Document.model_validate(data)


def test_offset_problems_are_all_reported():
    data = good()
    data["entities"][0]["text"] = "8月3日"          # text != slice
    data["quantities"][0]["end"] = 999              # outside the text
    data["tokens"] = data["tokens"][:-2]            # last characters uncovered
    problems = dict(Document.model_validate(data).problems())
    assert "entities[0]" in problems and "text[0:5]" in problems["entities[0]"]
    assert "quantities[0]" in problems and "outside" in problems["quantities[0]"]
    assert "tokens" in problems and "not covered" in problems["tokens"]


def test_overlapping_tokens_are_a_problem():
    data = good()
    data["tokens"].append([0, 3])
    problems = Document.model_validate(data).problems()
    assert any("covered by 2 tokens" in m for _, m in problems)


def test_loader_reports_file_line_field_and_keeps_valid_lines(tmp_path):
    bad_label = good(); bad_label["id"] = "d2"; bad_label["entities"][0]["label"] = "COMPANY"
    bad_offsets = good(); bad_offsets["id"] = "d3"; bad_offsets["entities"][1]["start"] = 7
    lines = [json.dumps(good(), ensure_ascii=False), "{not json", json.dumps(bad_label, ensure_ascii=False),
             "", json.dumps(bad_offsets, ensure_ascii=False), json.dumps(good(), ensure_ascii=False)]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = load_documents(path)
    assert [d.id for d in result.documents] == ["d1"]
    messages = [str(p) for p in result.problems]
    assert any(m.startswith(f"{path}:2: (line): invalid JSON") for m in messages)
    assert any(m.startswith(f"{path}:3: entities[0].label:") for m in messages)
    assert any(m.startswith(f"{path}:5: entities[1]:") for m in messages)
    assert any(m.startswith(f"{path}:6: id: duplicate id") for m in messages)
    with pytest.raises(AnnotationFileError) as err:
        load_documents(path, strict=True)
    assert len(err.value.problems) == len(result.problems) == 4


def test_unknown_keys_round_trip():
    data = good(); data["annotator"] = "x"; data["quantities"][0]["kind"] = "people"
    doc = Document.model_validate(data)
    out = json.loads(doc.model_dump_json(exclude_none=True))
    assert out["annotator"] == "x" and out["quantities"][0]["kind"] == "people"
    assert out["quantities"][0]["value"] == 158 and isinstance(out["quantities"][0]["value"], int)


def test_json_schema_names_the_layers():
    schema = json_schema()
    assert {"entities", "quantities", "events", "tokens", "sentences"} <= set(schema["properties"])
