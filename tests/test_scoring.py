import pytest

from pipeline.schema import Document
from pipeline.scoring import PRF, format_report, score

TEXT = "甲乙丙丁戊己庚辛壬癸"


def doc(**layers):
    return Document.model_validate({"id": "d", "text": TEXT, **layers})


def ent(s, e, label):
    return {"start": s, "end": e, "label": label, "text": TEXT[s:e]}


def test_prf_by_hand():
    p = PRF()
    p.add({1, 2, 3}, {2, 3, 4, 5})
    assert (p.tp, p.fp, p.fn) == (2, 2, 1)
    assert p.precision == pytest.approx(0.5) and p.recall == pytest.approx(2 / 3) and p.f == pytest.approx(4 / 7)
    assert PRF().f == 0.0


def test_tokens_and_sentences():
    gold = doc(tokens=[[0, 2], [2, 3], [3, 5], [5, 10]], sentences=[[0, 5], [5, 10]])
    pred = doc(tokens=[[0, 2], [2, 5], [5, 10]], sentences=[[0, 10]])
    r = score([gold], [pred])
    assert (r["tokens"]["tp"], r["tokens"]["fp"], r["tokens"]["fn"]) == (2, 1, 2)
    assert r["sentences"]["tp"] == 0 and r["sentences"]["fn"] == 2
    assert r["entities"] is None  # not annotated → not scored


def test_entities_exact_with_label_and_per_label():
    gold = doc(entities=[ent(0, 2, "ORG"), ent(3, 5, "GPE"), ent(6, 8, "DATE")])
    pred = doc(entities=[ent(0, 2, "ORG"), ent(3, 5, "LOC"), ent(6, 9, "DATE")])
    r = score([gold], [pred])["entities"]
    assert (r["tp"], r["fp"], r["fn"]) == (1, 2, 2)
    assert r["per_label"]["ORG"]["f"] == 1.0
    assert r["per_label"]["GPE"]["r"] == 0.0 and r["per_label"]["LOC"]["p"] == 0.0


def q(s, e, value, unit, approx="exact", item=None):
    return {"start": s, "end": e, "text": TEXT[s:e], "value": value, "unit": unit, "approx": approx,
            "item": None if item is None else {"start": item[0], "end": item[1], "text": TEXT[item[0]:item[1]]}}


def test_quantities_span_then_attributes():
    gold = doc(quantities=[q(0, 2, 158, "人", "over", (3, 5)), q(5, 7, 25, "台"), q(8, 10, 3, "名")])
    pred = doc(quantities=[q(0, 2, 158, "名", "over", (3, 5)), q(5, 7, 25.0, "台", "about"), q(7, 10, 3, "名")])
    r = score([gold], [pred])["quantities"]
    assert (r["tp"], r["fp"], r["fn"]) == (2, 1, 1)
    assert r["value"]["acc"] == 1.0
    assert r["unit"]["correct"] == 1 and r["approx"]["correct"] == 1
    assert r["item"]["correct"] == 2  # (3,5)==(3,5) and None==None


def ev(t, s, e, *args):
    return {"type": t, "trigger": {"start": s, "end": e, "text": TEXT[s:e]}, "args": list(args)}


def test_events_strict_loose_and_args():
    agent = {"role": "agent", "text": "甲乙", "start": 0, "end": 2}
    qty = {"role": "quantity", "text": "丁戊", "start": 3, "end": 5}
    date = {"role": "date", "text": "己", "start": 5, "end": 6, "value": "2022-08-03"}
    gold = doc(events=[ev("DEPLOY", 2, 3, agent, qty, date), ev("DONATE", 7, 9, agent)])
    pred = doc(events=[ev("DEPLOY", 2, 3, agent, qty, {**date, "value": "2022-08-04"}), ev("DONATE", 8, 10, agent)])
    r = score([gold], [pred])["events"]
    assert (r["trigger"]["tp"], r["trigger"]["fp"], r["trigger"]["fn"]) == (1, 1, 1)
    assert r["trigger_loose"]["tp"] == 2 and r["trigger_loose"]["f"] == 1.0
    # args: agent+quantity of the matched DEPLOY are right; its date value is wrong;
    # the DONATE agent hangs on an unmatched trigger (fp and fn).
    assert (r["args"]["tp"], r["args"]["fp"], r["args"]["fn"]) == (2, 2, 2)
    assert r["per_role"]["quantity"]["f"] == 1.0 and r["per_role"]["date"]["tp"] == 0


def test_missing_prediction_counts_as_empty_and_text_mismatch_is_an_error():
    gold = doc(entities=[ent(0, 2, "ORG")])
    r = score([gold], [])
    assert r["entities"]["fn"] == 1 and r["missing_predictions"] == ["d"]
    other = Document.model_validate({"id": "d", "text": "别的"})
    with pytest.raises(ValueError, match="text differs"):
        score([gold], [other])
    assert "not scored" in format_report(r)
