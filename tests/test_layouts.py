"""Bulletin layouts other than the seeds (fixtures in tests/fixtures/layouts/, invented texts).

Each test pins one general layout rule: numbered items and signature dates, narrow
columns with a wrapped dateline, WeChat emoji, full-width thousands separators, table
rows, two-column gutters, CRLF and GBK files.
"""
from pathlib import Path

import pytest

from pipeline import annotate
from pipeline.io import iter_inputs
from pipeline.normalize import build_view, column_gutters, thousands_commas

FIXTURES = Path(__file__).parent / "fixtures" / "layouts"


def _doc(nlp, name):
    (item,) = list(iter_inputs([FIXTURES / name], default_date="2022-11-20"))
    return annotate(nlp, item.text, item.id, item.meta)


def _sentences(doc):
    return [doc.text[s:e] for s, e in doc.sentences]


@pytest.fixture(scope="module")
def notice(nlp_default):
    return _doc(nlp_default, "a_notice.txt")


def test_numbered_items_start_their_own_sentence(notice):
    sents = _sentences(notice)
    assert sents[2].endswith("通告如下：")            # a long line ending in ： does not swallow 一、
    assert "一、严格落实核酸检测要求" in sents
    assert any(s.startswith("（一）") and s.endswith("有序排队") for s in sents)
    assert any(s.startswith("（二）") for s in sents)


def test_signature_date_is_not_joined_to_the_issuer(notice):
    sents = _sentences(notice)
    assert sents[-2:] == ["重庆市九龙坡区疫情防控指挥部", "2022年11月20日"]
    assert {(e.label, e.text) for e in notice.entities} >= {("DATE", "2022年11月20日")}


def test_item_number_glued_to_a_word_is_its_own_token(notice):
    tokens = [notice.text[t[0]:t[1]] if isinstance(t, (list, tuple)) else notice.text[t.start:t.end]
              for t in notice.tokens]
    assert "3." in tokens and "3.区" not in tokens


def test_item_patterns_do_not_take_decimals():
    raw = "今年以来，全区各镇街、各部门克服人手紧张等困难，累计组织完成重点人群核酸检测共计\n1.5万人次，较去年同期增长明显。\n"
    assert "\n" not in build_view(raw).text.strip()


def test_wrapped_dateline_in_a_narrow_column_is_prose(nlp_default):
    doc = _doc(nlp_default, "e_narrow.txt")
    sents = _sentences(doc)
    assert len(sents) == 2 and sents[0].startswith("本报讯") and sents[0].endswith("工作。")
    assert ("GPE", "南\n岸区") in {(e.label, e.text) for e in doc.entities}


def test_emoji_after_a_sentence_end_stays_in_the_sentence(nlp_default):
    sents = _sentences(_doc(nlp_default, "b_wechat.txt"))
    assert "👍" not in sents and "❤️" not in sents
    assert any(s.endswith("核酸检测。👍") for s in sents)
    assert "▲捐赠现场。" in sents


def test_fullwidth_thousands_separator(nlp_default):
    assert thousands_commas("资金１，１００万元") == [3]
    assert thousands_commas("1，2，3号楼") == [] and thousands_commas("2022，100") == []
    doc = _doc(nlp_default, "f_fullwidth.txt")
    q = {x.text: x for x in doc.quantities}
    assert q["１，１００万元"].value == 11000000
    assert q["２，５００余人"].value == 2500 and q["２，５００余人"].approx == "over"
    assert q["百分之三十"].value == 30 and q["百分之三十"].unit == "%"


def test_table_row_numbers_are_not_quantities(nlp_default):
    doc = _doc(nlp_default, "g_table.txt")
    assert not [x.text for x in doc.quantities if x.unit in ("双", "回")]
    assert {"双龙湖街道", "回兴街道", "龙溪街道"} <= {e.text for e in doc.entities if e.label == "GPE"}


def test_two_column_gutters_split_the_pieces(nlp_default):
    raw = (FIXTURES / "e2_twocol.txt").read_text(encoding="utf-8")
    assert len(column_gutters(raw)) == 3
    assert column_gutters("同心抗疫\u3000\u3000保电担当\n供电企业在行动\n") == []   # one spaced headline
    sents = _sentences(_doc(nlp_default, "e2_twocol.txt"))
    assert sents[:2] == ["11月14日，江北区", "同日，巴南区李家沱"]
    assert "药品300余盒。" in sents


def test_crlf_web_article(nlp_default):
    doc = _doc(nlp_default, "c_crlf.txt")
    sents = _sentences(doc)
    assert "\r" not in doc.text and sents[1] == "来源：重庆日报" and sents[-1] == "责任编辑：王刚"
    q = {x.text: x for x in doc.quantities}
    assert q["120台次"].item.text == "运输车辆"           # 协调 is a verb, not part of the item


def test_editor_line_with_colon_is_a_byline():
    raw = "下一步，该委将继续加强调度，帮助企业渡过难关，全力保障重点企业物资运输畅通无阻\n责任编辑：王刚\n"
    assert build_view(raw).text.count("\n") == 2


def test_gbk_file(nlp_default):
    doc = _doc(nlp_default, "d_gbk.txt")
    assert doc.meta.encoding == "gb18030"
    assert _sentences(doc)[-1] == "（记者 张伟）"
    assert ("PER", "张伟") in {(e.label, e.text) for e in doc.entities}


def test_wrapped_column_word_before_a_numeral_comma_still_joins():
    page = "".join(line + "\n" for line in [
        "为确保全区疫情防控工作落实到位，", "各镇街按照区指挥部的部署，实行统",
        "一、规范的管理，组织志愿者分组开", "展服务，确保各项措施落实到位。", "",
        "该区还组织各社区网格员开展排查，", "累计走访群众两千余户，发放物资五",
        "百余份，群众满意度明显提高。"])
    assert "实行统一、规范" in build_view(page).text
