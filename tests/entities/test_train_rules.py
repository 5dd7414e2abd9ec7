"""pipeline/entities/train.py: which gold strings become trained rules (invented sentences)."""
from pipeline.entities.train import collect_rules
from pipeline.schema import Document


def _doc(doc_id, text, ents):
    out = []
    for s, label in ents:
        i = text.index(s)
        out.append({"start": i, "end": i + len(s), "label": label, "text": s})
    return Document.model_validate({"id": doc_id, "text": text, "entities": out})


def test_a_string_mostly_seen_outside_names_is_no_rule():
    # 周 is a gold PER once (周姓目击者) but occurs three times more in words (周边, 周年, 周密).
    docs = [_doc("a", "一位周姓目击者称，周边村庄在周年纪念时周密部署。", [("周", "PER")])]
    assert [r.pattern for r in collect_rules(docs)] == []


def test_a_string_annotated_wherever_it_occurs_is_a_rule():
    docs = [_doc("a", "甲乙社区组织志愿者，甲乙社区居民参加。", [("甲乙社区", "GPE")]),
            _doc("b", "甲乙社区。", [("甲乙社区", "GPE")])]
    assert [(r.label, r.pattern) for r in collect_rules(docs)] == [("GPE", "甲乙社区")]


def test_occurrences_inside_a_longer_gold_name_do_not_count_against_it():
    # 丙丁 is GPE once and twice inside the ORG 丙丁公司: the longer name wins there anyway.
    docs = [_doc("a", "丙丁公司在丙丁，丙丁公司捐赠。", [("丙丁公司", "ORG"), ("丙丁", "GPE")])]
    docs[0].entities[1].start, docs[0].entities[1].end = 5, 7
    assert {(r.label, r.pattern) for r in collect_rules(docs)} == {("ORG", "丙丁公司"), ("GPE", "丙丁")}
