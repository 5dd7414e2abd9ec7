"""The stages mirror their results into doc.ents / doc.spans, so displaCy works on the pipeline's Docs."""
from spacy import displacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline import extensions, schema

TEXT = "电信合川分公司出动人员158余人、车辆25台。"


def _doc() -> Doc:
    # Words as a segmenter might cut them: the GPE 合川 ends inside the word 合川分.
    words = ["电信", "合川分", "公司", "出动", "人员", "158", "余", "人", "、", "车辆", "25", "台", "。"]
    doc = Doc(Vocab(), words=words, spaces=[False] * len(words))
    assert doc.text == TEXT
    s = TEXT.index
    doc._.entities = [schema.Entity(start=0, end=7, label="ORG", text="电信合川分公司"),
                      schema.Entity(start=2, end=4, label="GPE", text="合川")]  # inside the word 合川分
    doc._.quantities = [schema.Quantity(start=s("158"), end=s("158") + 5, text="158余人", value=158, unit="人",
                                        approx="over", kind="people"),
                        schema.Quantity(start=s("25"), end=s("25") + 3, text="25台", value=25, unit="台")]
    doc._.events = [schema.Event(type="DEPLOY", trigger=schema.Span(start=7, end=9, text="出动"))]
    return extensions.sync_spacy_spans(doc)


def test_aligned_entities_go_to_doc_ents_and_every_span_to_doc_spans():
    doc = _doc()
    assert [(e.text, e.label_) for e in doc.ents] == [("电信合川分公司", "ORG")]   # 合川 is not token-aligned
    assert [(s.text, s.label_) for s in doc.spans["entities"]] == [("电信合川分公司", "ORG"), ("合川分", "GPE")]
    assert [(s.text, s.label_) for s in doc.spans["quantities"]] == [("158余人", "people"), ("25台", "QUANTITY")]
    assert [(s.text, s.label_) for s in doc.spans["events"]] == [("出动", "DEPLOY")]


def test_a_second_call_rebuilds_rather_than_appends():
    doc = _doc()
    doc._.events = []
    extensions.sync_spacy_spans(doc)
    assert len(doc.spans["events"]) == 0 and len(doc.spans["entities"]) == 2


def test_displacy_renders_the_pipelines_docs(nlp_default):
    doc = nlp_default.make_doc("8月3日，电信合川分公司出动人员158余人、车\n辆25台，在合川区开展抢修。")
    doc._.meta = {"date": "2022-08-07"}
    for _, component in nlp_default.pipeline:
        doc = component(doc)
    assert len(doc.spans["entities"]) == len(doc._.entities) > 0
    assert len(doc.spans["quantities"]) == len(doc._.quantities) == 2
    assert [s.label_ for s in doc.spans["events"]] == [ev.type for ev in doc._.events] and doc._.events
    assert doc.ents and {e.text for e in doc.ents} <= {e.text for e in doc._.entities}
    ents_html = displacy.render(doc, style="ent")
    for ent in doc.ents:
        assert ent.text in ents_html and ent.label_ in ents_html
    spans_html = displacy.render(doc, style="span", options={"spans_key": "quantities"})
    assert spans_html.count("people") >= 1
    for q in doc.spans["quantities"]:
        for ch in q.text.replace("\n", ""):
            assert ch in spans_html
