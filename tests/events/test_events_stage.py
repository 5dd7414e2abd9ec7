"""The events stage through pipeline.build(), and the shipped tables."""
import pytest

from pipeline import annotate, build
from pipeline.events.lexicon import TABLE_FILES, Lexicon, default_tables_dir
from pipeline.lexicon_util import read_tsv


@pytest.mark.parametrize("name", TABLE_FILES)
def test_tables_documented_and_sorted(name):
    path = default_tables_dir() / name
    assert path.read_text(encoding="utf-8").startswith("# ")
    first = [list(r.values())[0] for r in read_tsv(path)]
    assert first and first == sorted(first)


def test_trigger_types_are_guide_types():
    from pipeline.schema import EVENT_TYPES
    lex = Lexicon()
    assert {e.type for e in lex.triggers.values()} <= set(EVENT_TYPES)
    assert {t for cues in lex.type_by_object.values() for _, t in cues} <= set(EVENT_TYPES) | {"-"}  # - = abstract object, no event


@pytest.fixture(scope="module")
def nlp():
    # jieba keeps the test fast; events do not depend on the word segmenter.
    return build(overrides={"nlp.tokenizer.segmenter": "char"})


def test_stage_end_to_end(nlp):
    text = "8月2日晚，南山街道组织党员干部30余名下沉社区，协助开展核酸检测。\n当日还为居民配送蔬菜200份。"
    doc = annotate(nlp, text, "t", {"date": "2022-08-05"})
    got = [(e.type, e.trigger.text) for e in doc.events]
    assert ("DEPLOY", "组织") in got and ("TEST", "核酸检测") in got and ("SUPPLY", "配送") in got
    deploy = next(e for e in doc.events if e.trigger.text == "组织")
    assert {(a.role, a.text) for a in deploy.args} >= {("quantity", "30余名")}
    assert [a.value for a in deploy.args if a.role == "date"] == ["2022-08-02"]
    assert doc.problems() == []


def test_raw_offsets_across_a_layout_break(nlp):
    text = "区卫健委派出医护人员二十名，连夜开展核酸采样工作，共采集样本三千余份，全力以赴保障群众健康安全，确保应检尽检不漏一人，核\n酸检测。"
    doc = annotate(nlp, text, "t", {"date": "2022-08-05"})
    # the trigger broken by the layout is found on the joined view and mapped back whole
    assert any(e.type == "TEST" and e.trigger.text == "核\n酸检测" for e in doc.events)
    for e in doc.events:
        assert doc.text[e.trigger.start:e.trigger.end] == e.trigger.text


def test_stage_without_entities_stage(nlp):
    nlp2 = build(overrides={"nlp.tokenizer.segmenter": "char", "nlp.pipeline": ["sentences", "quantities", "events"]})
    doc = annotate(nlp2, "3月2日，区交通局出动执法人员40人。", "t", {"date": "2023-03-10"})
    (ev,) = doc.events
    assert {(a.role, a.text) for a in ev.args} >= {("agent", "区交通局"), ("quantity", "40人")}


def test_a_document_without_meta_date_takes_its_date_line(nlp):
    """Relative dates resolve against the notice's own date line, and meta says where the
    date came from; a meta.date that the input gives wins and is left as it was."""
    text = "某县发生山体滑坡\n2008年04月05日 09:12\n次日上午，县消防大队出动消防员30名赶赴现场。"   # invented
    doc = annotate(nlp, text, "t", {"source": "x"})
    assert doc.meta.date == "2008-04-05" and doc.meta.model_extra["date_source"] == "date line"
    deploy = next(e for e in doc.events if e.trigger.text == "出动")
    assert [a.value for a in deploy.args if a.role == "date"] == ["2008-04-06"]
    given = annotate(nlp, text, "t", {"date": "2008-04-09"})
    assert given.meta.date == "2008-04-09" and "date_source" not in (given.meta.model_extra or {})
    assert [a.value for e in given.events for a in e.args if a.role == "date"] == ["2008-04-10"]
    none = annotate(nlp, "县消防大队次日出动消防员30名。", "t", {})
    assert none.meta.date is None and "date_source" not in (none.meta.model_extra or {})
