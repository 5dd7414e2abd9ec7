import csv
import json

from pipeline.cli import main
from pipeline.records import event_records, quantity_records
from pipeline.schema import Document

TEXT = "8月3日，电信合川分公司出动人员158余人、车\n辆25台。"


def doc() -> Document:
    s = TEXT.index
    return Document.model_validate({
        "id": "d", "text": TEXT, "meta": {"date": "2022-08-07", "source": "合川日报"},
        "sentences": [[0, len(TEXT)]],
        "quantities": [
            {"start": s("158"), "end": s("158") + 5, "text": "158余人", "value": 158, "unit": "人", "approx": "over",
             "item": {"start": s("人员"), "end": s("人员") + 2, "text": "人员"}, "kind": "people"},
            {"start": s("25台"), "end": s("25台") + 3, "text": "25台", "value": 25, "unit": "台", "approx": "exact",
             "item": {"start": s("车"), "end": s("车") + 3, "text": "车\n辆"}}],
        "events": [{"type": "DEPLOY", "trigger": {"start": s("出动"), "end": s("出动") + 2, "text": "出动"},
                    "args": [{"role": "agent", "text": "电信合川分公司", "start": 5, "end": 12},
                             {"role": "quantity", "text": "158余人", "start": s("158"), "end": s("158") + 5},
                             {"role": "quantity", "text": "25台", "start": s("25台"), "end": s("25台") + 3},
                             {"role": "date", "text": "8月3日", "start": 0, "end": 4, "value": "2022-08-03"}]},
                   {"type": "TEST", "trigger": {"start": 0, "end": 2, "text": "8月"}, "args": []}],
    })


def test_one_row_per_event_and_quantity():
    rows = list(event_records(doc()))
    assert [(r.event_type, r.quantity_text) for r in rows] == [("DEPLOY", "158余人"), ("DEPLOY", "25台"), ("TEST", None)]
    first = rows[0]
    assert first.agent == "电信合川分公司" and first.date == "2022-08-03" and first.value == 158
    assert first.sentence == "8月3日，电信合川分公司出动人员158余人、车辆25台。"  # layout break removed
    assert [q.text for q in quantity_records(doc())] == ["158余人", "25台"]


def test_records_command_writes_csv_and_jsonl(tmp_path):
    src = tmp_path / "out.jsonl"
    src.write_text(doc().model_dump_json() + "\n", encoding="utf-8")
    assert main(["records", str(src), "--out", str(tmp_path / "ev.csv")]) == 0
    with open(tmp_path / "ev.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 3 and rows[0]["value"] == "158" and rows[2]["value"] == ""
    assert main(["records", str(src), "--out", str(tmp_path / "q.jsonl"), "--what", "quantities"]) == 0
    lines = [json.loads(l) for l in (tmp_path / "q.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines[0]["value"] == 158 and lines[1]["item"] == "车\n辆"
