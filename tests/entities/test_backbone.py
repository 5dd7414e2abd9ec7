"""The statistical backbone (LAC in ONNX) and its fusion with the rules (made-up sentences)."""
import pytest

from pipeline.entities import EntityRecognizer
from pipeline.entities.backbone import LacTagger, pieces
from pipeline.paths import models_dir

FOLDER = models_dir() / "entities"


class FakeTagger:
    """Stands in for LAC: returns the spans it is given, so fusion is tested exactly."""

    def __init__(self, spans):
        self.spans = spans

    def __call__(self, text):
        return [(text.index(name), text.index(name) + len(name), label) for name, label in self.spans]


def entities(text, spans, labels=("PER", "ORG", "GPE")):
    rec = EntityRecognizer(FOLDER, backbone=FakeTagger(spans), backbone_labels=labels)
    return [(text[s:e], label) for s, e, label in rec(text)]


def test_backbone_persons_are_checked_against_the_guide():
    text = "记者：李局长，请介绍一下。拉马迪附近，博尔特尼科夫抵达。"
    got = entities(text, [("李局长", "PER"), ("拉马迪", "PER"), ("博尔特尼科夫", "PER")])
    assert ("李", "PER") in got                      # the title is cut off (DECISIONS R-E3)
    assert not any(t == "拉马迪" for t, _ in got)     # short, no Chinese surname: not taken
    assert ("博尔特尼科夫", "PER") in got              # a long transliteration is


def test_backbone_places_are_gpe_only_when_they_name_a_division():
    text = "来自新田县的队员在天安门广场集合。"
    rec = EntityRecognizer(FOLDER, backbone=FakeTagger([("新田县", "LOC"), ("天安门广场", "LOC")]),
                           backbone_labels=("PER", "ORG", "GPE"))
    got = [(text[s:e], label) for s, e, label, _ in rec._backbone(text, rec.backbone(text))]
    assert got == [("新田县", "GPE")]                # a non-division LOC is not taken from the backbone


def test_backbone_spans_lose_line_breaks_and_split_committee_and_government():
    text = "编辑 王小明\n\n黔江区委区政府高度重视。"
    got = entities(text, [("王小明\n", "PER"), ("黔江区委区政府", "ORG")])
    assert ("王小明", "PER") in got
    assert ("黔江区委", "ORG") in got and ("区政府", "ORG") in got


def test_rules_win_ties_over_the_backbone():
    text = "重庆市合川区政府发布通知。"
    got = entities(text, [("重庆市合川", "ORG")])
    assert ("重庆市", "GPE") in got or ("重庆市合川区政府", "ORG") in got


def test_pieces_cut_long_text_at_clause_ends():
    text = "甲" * 100 + "，" + "乙" * 100 + "。丙"
    spans = list(pieces(text))
    assert all(e - s <= 120 for s, e in spans) and spans[0][1] == 101
    assert "".join(text[s:e] for s, e in spans) == text


@pytest.fixture(scope="module")
def lac():
    return LacTagger()


def test_the_lac_model_tags_names_offline(lac):
    text = "张三在北京市工作，湖北省卫生健康委员会通报。"
    got = {(text[s:e], label) for s, e, label in lac(text)}
    assert ("张三", "PER") in got and ("北京市", "LOC") in got and ("湖北省卫生健康委员会", "ORG") in got


def test_the_lac_words_carry_parts_of_speech_and_cover_the_text(lac):
    text = "志愿者向居民捐赠口罩，张三在北京市工作。"
    words = lac.words(text)
    assert "".join(text[s:e] for s, e, _ in words) == text        # contiguous, no character lost
    tags = {text[s:e]: tag for s, e, tag in words}
    assert tags["捐赠"] == "v" and tags["张三"] == "PER" and tags["，"] == "w"


def test_the_entity_stage_fills_the_part_of_speech_layer_with_the_backbone():
    from pipeline import pipeline as pl
    nlp = pl.build(overrides={"components.entities.backbone": "lac"})
    doc = nlp("志愿者向居民捐赠口罩。")
    assert doc._.words and all(doc.text[s:e].strip() for s, e, _ in doc._.words)
    nlp = pl.build(overrides={"components.entities.backbone": None})
    assert nlp("志愿者向居民捐赠口罩。")._.words is None


def test_backbone_persons_after_a_title_need_no_chinese_surname():
    text = "俄罗斯总统普京抵达，普京表示。"
    got = entities(text, [("普京", "PER")])
    assert ("普京", "PER") in got


@pytest.mark.parametrize("text, name", [
    ("该国中部城市麦德林等地均有震感。", "麦德林"),     # a strong place cue before it
    ("一辆小巴在阿塔帕梅南部翻车。", "阿塔帕梅"),       # after it
    ("袭击发生在埃斯梅拉达。", "埃斯梅拉达"),           # 在: weak, enough for a non-Chinese-shaped name
])
def test_backbone_persons_in_a_place_context_are_dropped(text, name):
    assert entities(text, [(name, "PER")]) == []


def test_weak_place_cues_do_not_drop_chinese_or_dotted_names():
    text = "袭击将在贝・布托回国后发生，在王小明家中。"
    got = entities(text, [("贝・布托", "PER"), ("王小明", "PER")])
    assert ("贝・布托", "PER") in got and ("王小明", "PER") in got


def test_a_title_the_tagger_cut_in_two_is_cut_off():
    text = "昨天沈老先生家人21人就餐。"
    assert ("沈", "PER") in entities(text, [("沈老先", "PER")])


def test_a_backbone_person_tiled_by_byline_names_is_two_names():
    text = "本报讯（记者张立璞实习生罗阳明罗伊娜）昨日下午"
    got = entities(text, [("罗阳明罗伊娜", "PER")])
    assert ("罗阳明", "PER") in got and ("罗伊娜", "PER") in got


def test_a_source_word_glued_to_a_backbone_news_source_is_cut_off():
    assert ("某某日报", "ORG") in entities("某某日报讯(记者王明)", [("某某日报讯", "ORG")])
