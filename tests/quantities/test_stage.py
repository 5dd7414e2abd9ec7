"""The spaCy component: doc._.quantities as schema.Quantity, kinds filter."""
import spacy

import pipeline.stages.quantities  # noqa: F401  (registers the factory)


def test_stage_sets_schema_quantities():
    nlp = spacy.blank("xx")
    nlp.add_pipe("quantities")
    doc = nlp("累计出动一线保障人员158余人、车辆25台，捐款36.76万元")
    qs = doc._.quantities
    assert [q.text for q in qs] == ["158余人", "25台", "36.76万元"]
    assert qs[0].item.text == "一线保障人员" and qs[0].kind == "people"
    assert all(doc.text[q.start:q.end] == q.text for q in qs)


def test_stage_kinds_filter():
    nlp = spacy.blank("xx")
    nlp.add_pipe("quantities", config={"kinds": ["money"]})
    doc = nlp("出动158余人，捐款36.76万元")
    assert [(q.text, q.value, q.unit) for q in doc._.quantities] == [("36.76万元", 367600, "元")]
