import csv
import json

from pipeline.cli import main
from pipeline.records import EventRecord, QuantityRecord, event_records, quantity_records
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
    assert lines[0]["value"] == 158 and lines[1]["item"] == "车辆"              # as a reader writes it
    assert TEXT[lines[1]["start"]:lines[1]["end"]] == "25台"                       # offsets stay raw


def _broken_names() -> Document:
    text = "市委\n宣传部向合川\n  区捐赠口罩2万只。"
    s = text.index
    return Document.model_validate({
        "id": "b", "text": text, "sentences": [[0, len(text)]],
        "quantities": [{"start": s("2万只"), "end": s("2万只") + 3, "text": "2万只", "value": 20000, "unit": "只",
                        "item": {"start": s("口罩"), "end": s("口罩") + 2, "text": "口罩"}}],
        "events": [{"type": "DONATE", "trigger": {"start": s("捐赠"), "end": s("捐赠") + 2, "text": "捐赠"},
                    "args": [{"role": "agent", "text": "市委\n宣传部", "start": 0, "end": 6},
                             {"role": "agent", "text": "市委宣传部"},           # the same agent, written elsewhere
                             {"role": "recipient", "text": "合川\n  区", "start": s("合川"), "end": s("区") + 1},
                             {"role": "quantity", "text": "2万只", "start": s("2万只"), "end": s("2万只") + 3}]}],
    })


def test_record_text_is_the_name_as_a_reader_writes_it():
    row, = event_records(_broken_names())
    assert (row.agent, row.recipient, row.sentence) == ("市委宣传部", "合川区", "市委宣传部向合川区捐赠口罩2万只。")
    assert _broken_names().text[row.trigger_start:row.trigger_end] == row.trigger == "捐赠"


def test_an_unknown_records_extension_is_a_usage_error(tmp_path, capsys):
    src = tmp_path / "out.jsonl"
    src.write_text(doc().model_dump_json() + "\n", encoding="utf-8")
    out = tmp_path / "events.xls"
    assert main(["records", str(src), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert str(out) in err and ".csv" in err and ".jsonl" in err and ".xlsx" in err and "Traceback" not in err
    assert not out.exists()
    assert main(["records", str(src), "--out", str(out), "--format", "csv"]) == 0   # an explicit format is obeyed
    assert out.read_text(encoding="utf-8-sig").startswith("doc_id,")


def test_records_xlsx_is_a_workbook_with_the_rows(tmp_path):
    import openpyxl

    src = tmp_path / "out.jsonl"
    hostile = doc().model_copy(update={"id": "=HYPERLINK(\"http://x\")"})
    src.write_text(hostile.model_dump_json() + "\n" + _broken_names().model_dump_json() + "\n", encoding="utf-8")
    out = tmp_path / "events.xlsx"
    assert main(["records", str(src), "--out", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    header, *rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert header == list(EventRecord.model_fields)
    cells = [dict(zip(header, r)) for r in rows]
    assert [(c["event_type"], c["quantity_text"], c["value"]) for c in cells] == [
        ("DEPLOY", "158余人", 158), ("DEPLOY", "25台", 25), ("TEST", None, None), ("DONATE", "2万只", 20000)]
    assert cells[3]["agent"] == "市委宣传部" and cells[0]["date"] == "2022-08-03"
    first = sheet.cell(row=2, column=1)
    assert first.value == "=HYPERLINK(\"http://x\")" and first.data_type == "s"   # text, never a formula
    assert main(["records", str(src), "--out", str(tmp_path / "q.xlsx"), "--what", "quantities"]) == 0
    q_rows = list(openpyxl.load_workbook(tmp_path / "q.xlsx").active.iter_rows(values_only=True))
    assert len(q_rows) == 1 + 3 and q_rows[0] == tuple(QuantityRecord.model_fields)
