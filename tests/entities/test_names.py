"""pipeline/entities/names.py: name + suffix rules and their edges, on the default segmenter's
words (as in the stage). Sentences are invented in bulletin style unless marked `dxy`
(a government bulletin of the real corpus, which the project may quote)."""
import pytest

from pipeline.entities import EntityRecognizer
from pipeline.paths import models_dir

FOLDER = models_dir() / "entities"


@pytest.fixture(scope="module")
def rec():
    return EntityRecognizer(FOLDER)


@pytest.fixture(scope="module")
def names(nlp_default, rec):
    def run(text, label="ORG"):
        doc = nlp_default.make_doc(text)
        tokens = [(t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]
        return [doc.text[s:e] for s, e, lab in rec(doc.text, tokens) if lab == label]
    return run


def test_a_title_word_is_no_organisation_end(names):
    # dxy: 中共宜昌市委 + the person's title 常委
    assert names("参加今天发布会的有：中共宜昌市委常委、市政府常务副市长陈惠霞。") == ["中共宜昌市委", "市政府"]


@pytest.mark.parametrize("text, expected", [
    ("以上3名患者，经人民医院精心诊治。", ["人民医院"]),            # a preposition before the name
    ("襄阳313名东风本田公司复工人员乘坐高铁。", ["东风本田公司"]),   # dxy: a measure word after a number
])
def test_the_left_edge_stops_at_function_and_measure_words(names, text, expected):
    assert names(text) == expected


def test_an_autonomous_region_is_a_level_prefix(names):
    # dxy: the region's own commission, with its party group (a sub-unit written with it)
    assert names("2月12日下午，自治区卫生健康委党组书记王云亭接受采访。") == ["自治区卫生健康委党组"]


@pytest.mark.parametrize("text, expected", [
    ("本报讯（记者张立璞实习生罗阳明罗伊娜）昨日下午", ["张立璞", "罗阳明", "罗伊娜"]),   # 3+3, not 2+2+2
    ("本报讯(记者应洁曾晓艳通讯员李公明)11月30日", ["应洁", "曾晓艳", "李公明"]),      # up to the next cue
    ("消息（记者杨晓兰、向菲）：昨日", ["杨晓兰", "向菲"]),                            # a list with 、
])
def test_byline_runs_are_cut_into_names(names, text, expected):
    assert names(text, "PER") == expected


def test_an_ambiguous_byline_run_is_left_alone(rec):
    # 王明李强东: 王明|李强东 is the one cut into surname + 1-2 (强 is no surname);
    # 李王李王李: 李王|李王李 and 李王李|王李 are both two names: no cut is taken.
    text = "（记者王明李强东）"
    assert rec.names._cut_names(text, 3, 8) == [(3, 5), (5, 8)]
    assert rec.names._cut_names("李王李王李", 0, 5) is None


@pytest.mark.parametrize("text, expected", [
    ("据新华社北京5月12日电，地震发生后", ["新华社"]),           # 据 stays outside
    ("江城网3月12日南昌讯 昨晚", ["江城网"]),                     # place after the date
    ("江城新闻记者：目前复工情况如何？", ["江城新闻"]),
    ("并通过当地新闻媒体发布消息。", []),                         # no source position
    ("本报讯 昨日上午", []),                                      # anaphoric
])
def test_news_sources_in_datelines_are_organisations(names, text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("相关人员已被集美警方控制。", ["集美警方"]),                 # DECISIONS R-E4
    ("随后，京山交警赶到现场。", ["京山交警"]),
    ("事故发生后，赤坎区公安、交警火速到场。", ["赤坎区公安"]),
    ("当地警方正在调查。", []),                                   # no name before the body word
    ("记者从新疆公安厅交警部门了解到", ["新疆公安厅交警部门"]),   # a sub-unit written with its parent
])
def test_a_place_with_a_police_or_army_word_is_one_organisation(names, text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("事故发生在同济南路与景园街相交的十字路口处。", ["同济南路", "景园街"]),   # DECISIONS R-E6
    ("兴庆区丽景北街发生一起交通事故。", ["丽景北街"]),                        # after a division: its own name
    ("发生重大道路交通事故，通讯线路中断。", []),                               # words of the language
    ("一辆货车在国家一号公路上行驶。", ["国家一号公路"]),
    ("车辆途经伴行公路。", []),                                                # 公路 needs an anchor
])
def test_roads_and_streets_are_places(names, text, expected):
    assert names(text, "LOC") == expected
