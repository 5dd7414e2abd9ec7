"""Entity stage: DATE/TIME grammar, name rules, resolution, rule files, train-rules, the stage.

Sentences are made up in bulletin style (not taken from the seeds); no test reads /work/shared.
"""
import json

import pytest

from pipeline.entities import EntityRecognizer, RuleFileError, read_rules, train_rules
from pipeline.lexicon_util import word_alternation
from pipeline.paths import models_dir

FOLDER = models_dir() / "entities"


@pytest.fixture(scope="module")
def rec():
    return EntityRecognizer(FOLDER)


@pytest.fixture(scope="module")
def seg(nlp_default):
    """Entities of a text with the default segmenter's word tokens (as in the stage)."""
    def run(recognizer, text):
        doc = nlp_default.make_doc(text)
        tokens = [(t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]
        return [(doc.text[s:e], label) for s, e, label in recognizer(doc.text, tokens)]
    return run


def ents(rec, text, labels=None):
    return [(text[s:e], label) for s, e, label in rec(text) if labels is None or label in labels]


@pytest.mark.parametrize("text, expected", [
    ("8月3日晚，工作人员赶到现场。", [("8月3日晚", "DATE")]),
    ("8月4日至5日，累计出动", [("8月4日至5日", "DATE")]),
    ("2022年 11月 19日 星期六", [("2022年 11月 19日", "DATE"), ("星期六", "DATE")]),
    ("自8月4日起，全面开展", [("8月4日", "DATE")]),
    ("11月11日以来，我们", [("11月11日", "DATE")]),
    ("截至8月7日凌晨1时，累计", [("8月7日", "DATE"), ("凌晨1时", "TIME")]),
    ("8月5日晚10时许，两辆车", [("8月5日", "DATE"), ("晚10时许", "TIME")]),
    ("当天上午，当晚，今年以来，次日", [("当天上午", "DATE"), ("当晚", "DATE"), ("今年", "DATE"), ("次日", "DATE")]),
    ("4时30分出发，20点30分到达，8时集合", [("4时30分", "TIME"), ("20点30分", "TIME"), ("8时", "TIME")]),
    ("截至18日，全市", [("18日", "DATE")]),
    ("春节、除夕和大年初三", [("春节", "DATE"), ("除夕", "DATE"), ("大年初三", "DATE")]),
])
def test_dates_and_times(rec, text, expected):
    assert ents(rec, text, {"DATE", "TIME"}) == expected


@pytest.mark.parametrize("text", ["近日，连日来，目前，近段时间，第一时间，日前，这两天",
                                  "连续3日坚守，3日内完成", "提出三点要求，每日两次"])
def test_vague_and_durations_are_not_dates(rec, text):
    assert ents(rec, text, {"DATE", "TIME"}) == []


def test_gazetteer_divisions(rec):
    found = ents(rec, "四川省和重庆市的渝北区、九龙坡区、黔江区、两江新区", {"GPE"})
    assert found == [("四川省", "GPE"), ("重庆市", "GPE"), ("渝北区", "GPE"), ("九龙坡区", "GPE"),
                     ("黔江区", "GPE"), ("两江新区", "GPE")]


def test_division_chain_is_several_gpes(seg, rec):
    found = seg(rec, "志愿者来到璧山区青杠街道白鹤社区开展服务。")
    assert ("璧山区", "GPE") in found and ("青杠街道", "GPE") in found and ("白鹤社区", "GPE") in found


def test_org_suffix_rules(seg, rec):
    found = seg(rec, "永川区卫生健康委、市交通局和区应急管理局联合开展检查，重庆某某物流有限公司捐赠了物资。")
    assert ("永川区卫生健康委", "ORG") in found
    assert ("市交通局", "ORG") in found and ("区应急管理局", "ORG") in found
    assert ("重庆某某物流有限公司", "ORG") in found


def test_x_committee_x_government_is_two_orgs(seg, rec):
    found = seg(rec, "万州区委区政府高度重视。")
    assert ("万州区委", "ORG") in found and ("区政府", "ORG") in found


def test_loc_suffix(seg, rec):
    found = seg(rec, "居民在朝天门广场和龙湖花园小区排队。")
    assert ("朝天门广场", "LOC") in found


@pytest.mark.parametrize("text", ["组建党员抗疫先锋队和攻坚突击队。", "爱心企业纷纷捐款。", "该公司迅速行动，我区和全市都在行动。",
                                  "志愿者到社区报到，协助街道做好服务。", "组织小区居民有序检测。"])
def test_generic_groups_are_not_entities(seg, rec, text):
    assert [e for e in seg(rec, text) if e[1] in ("ORG", "GPE", "LOC")] == []


def test_persons_in_context(seg, rec):
    found = seg(rec, "记者 张晓峰 摄\n队员李明说，大家都很努力。会长赵国强带领会员捐款。")
    assert ("张晓峰", "PER") in found and ("李明", "PER") in found and ("赵国强", "PER") in found


def test_person_rules_need_a_name_not_a_word(seg, rec):
    assert [e for e in seg(rec, "党员干部全力参与，让居民安心居家。") if e[1] == "PER"] == []


def test_longest_match_no_overlap(seg, rec):
    found = seg(rec, "北碚区疫情防控指挥部发布通告。")
    assert found == [("北碚区疫情防控指挥部", "ORG")]
    spans = rec("重庆市地产集团和重庆交通开投集团于11月18日捐赠")
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_trained_rules_add_exact_strings(tmp_path, seg):
    rules = tmp_path / "rules.jsonl"
    rules.write_text(json.dumps({"label": "ORG", "pattern": "老街坊火锅", "source": "x"}, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    found = seg(EntityRecognizer(FOLDER, rules), "老街坊火锅捐赠了300份盒饭。")
    assert ("老街坊火锅", "ORG") in found


@pytest.mark.parametrize("line, message", [
    ("{not json", "invalid JSON"),
    ('{"label": "XYZ", "pattern": "a"}', "label must be one of"),
    ('{"label": "ORG", "pattern": ""}', "pattern must be a non-empty string"),
])
def test_bad_rule_files_name_file_and_line(tmp_path, line, message):
    path = tmp_path / "rules.jsonl"
    path.write_text('{"label": "GPE", "pattern": "重庆", "source": "d"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=rf"rules.jsonl:2: {message}"):
        read_rules(path)


def test_data_files_are_sorted_with_headers():
    for path in sorted(FOLDER.glob("*.t*")):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("#"), f"{path.name} needs a header comment"
        entries = [l for l in lines if l and not l.startswith("#")]
        assert entries == sorted(entries), f"{path.name} is not sorted"
        assert len(entries) == len(set(entries)), f"{path.name} has duplicates"


def test_word_alternation_prefers_longest():
    import re
    rx = re.compile(word_alternation(["重庆", "重庆市", "两江新区"]))
    assert rx.match("重庆市区").group() == "重庆市"
    assert rx.match("重庆人").group() == "重庆"


def _doc(doc_id, text, ents):
    out = []
    for s, label in ents:
        i = text.index(s)
        out.append({"start": i, "end": i + len(s), "label": label, "text": s})
    return {"id": doc_id, "text": text, "entities": out}


def test_train_rules_with_fold_uses_only_training_documents(tmp_path):
    gold = tmp_path / "gold.jsonl"
    docs = [_doc("a", "张三在甲乙社区。8月1日", [("张三", "PER"), ("甲乙社区", "GPE"), ("8月1日", "DATE")]),
            _doc("b", "丙丁公司捐赠", [("丙丁公司", "ORG")])]
    gold.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    splits = tmp_path / "splits.json"
    splits.write_text(json.dumps({"folds": [["a"], ["b"]]}), encoding="utf-8")
    out = tmp_path / "rules.jsonl"
    rules, ids = train_rules(gold, out, fold=1, splits=splits)
    assert ids == ["a"]
    assert {(r.label, r.pattern, r.source) for r in read_rules(out)} == {("PER", "张三", "a"), ("GPE", "甲乙社区", "a")}
    rules, ids = train_rules(gold, out)
    assert {r.pattern for r in rules} == {"张三", "甲乙社区", "丙丁公司"}


def test_train_rules_cli(tmp_path):
    from pipeline.cli import main
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(_doc("a", "丙丁公司", [("丙丁公司", "ORG")]), ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "r.jsonl"
    assert main(["train-rules", "--gold", str(gold), "--out", str(out)]) == 0
    assert read_rules(out)[0].pattern == "丙丁公司"
    assert main(["train-rules", "--gold", str(gold), "--out", str(out), "--fold", "7",
                 "--splits", str(tmp_path / "missing.json")]) == 2


def test_stage_through_build(nlp_default):
    from pipeline import annotate
    text = "8月4日，九龙坡区疫情防控指挥部发布通告。"
    doc = annotate(nlp_default, text, "t")
    assert [(e.text, e.label) for e in doc.entities] == [("8月4日", "DATE"), ("九龙坡区疫情防控指挥部", "ORG")]
    assert all(text[e.start:e.end] == e.text for e in doc.entities)


def test_stage_label_filter_and_bad_label():
    from pipeline import build
    nlp = build(overrides={"nlp.pipeline": ["entities"], "components.entities.labels": ["DATE"],
                           "nlp.tokenizer.segmenter": "char"})
    doc = nlp("8月4日，九龙坡区发布通告。")
    doc = nlp.get_pipe("entities")(doc)
    assert [e.label for e in doc._.entities] == ["DATE"]
    with pytest.raises(Exception, match="unknown labels"):
        build(overrides={"components.entities.labels": ["FOO"], "nlp.tokenizer.segmenter": "char"})


def test_name_word_without_cue_is_a_person(seg, rec):
    found = seg(rec, "刘建国带领党员突击队连夜赶到现场。")
    assert ("刘建国", "PER") in found


def test_title_after_a_two_character_name(seg, rec):
    found = seg(rec, "会议由李明书记主持，王勤说大家辛苦了。")
    assert ("李明", "PER") in found and ("王勤", "PER") in found


@pytest.mark.parametrize("text", ["社区张贴通知，开展文明劝导，周密部署。", "王先生和张经理到场查看。",
                                  "疫情防控常态化，精准施策。", "该批物资由“刘德贵”捐赠。"])
def test_words_roles_and_quoted_shops_are_not_persons(seg, rec, text):
    assert [e for e in seg(rec, text) if e[1] == "PER"] == []


def test_verb_inside_a_run_ends_an_unanchored_name(seg, rec):
    found = seg(rec, "嘉宾们表彰光彩事业促进会志愿者。")
    assert ("光彩事业促进会", "ORG") in found
    assert not any(t.startswith("嘉宾") for t, _ in found)


def test_verb_inside_an_anchored_name_is_kept(seg, rec):
    found = seg(rec, "重庆市城镇排水事务中心组织人员值守。")
    assert ("重庆市城镇排水事务中心", "ORG") in found


def test_countries_and_continents(rec):
    found = ents(rec, "巴西、墨西哥和南非的专家来到亚洲。", {"GPE", "LOC"})
    assert found == [("巴西", "GPE"), ("墨西哥", "GPE"), ("南非", "GPE"), ("亚洲", "LOC")]


@pytest.mark.parametrize("text", ["有的街道已经解封。", "帮扶贫困村发展产业。"])
def test_deictic_and_descriptive_divisions(seg, rec, text):
    assert [e for e in seg(rec, text) if e[1] in ("GPE", "LOC", "ORG")] == []


@pytest.mark.parametrize("text, names", [
    ("记者 王明 摄", ["王明"]),                      # a dictionary word after a byline cue
    ("通讯员 王一明摄", ["王一明"]),                  # 一 is kept as a given-name character
    ("记者王明", ["王明"]),
    ("本报记者 李华 周强 实习生 陈一凡", ["李华", "周强", "陈一凡"]),
    ("文/本报首席记者 刘明 图/通讯员 周一凡", ["刘明", "周一凡"]),
    ("美编 郑 典", ["郑 典"]),
    ("（记者 高峰）", ["高峰"]),
])
def test_byline_cues_accept_dictionary_words_as_names(seg, rec, text, names):
    assert [t for t, label in seg(rec, text) if label == "PER"] == names


@pytest.mark.parametrize("text", ["记者向他们询问情况。", "记者陈述了情况，记者查看了现场。", "记者高兴地说，记者连日来走访。",
                                  "通讯员和志愿者一起，记者也在现场。", "记者于是出发。"])
def test_byline_cues_do_not_take_verbs_or_function_words(seg, rec, text):
    assert [e for e in seg(rec, text) if e[1] == "PER"] == []


@pytest.mark.parametrize("text, org", [
    ("江北区观音桥街道办事处组织志愿者开展服务。", "江北区观音桥街道办事处"),
    ("观音桥街道办事处组织志愿者开展服务。", "观音桥街道办事处"),
    ("新华村村委会组织群众有序检测。", "新华村村委会"),
    ("民主社区居委会组织群众有序检测。", "民主社区居委会"),
    ("白市驿镇政府组织群众有序检测。", "白市驿镇政府"),
    ("北碚区天生街道社区卫生服务中心派出医生。", "北碚区天生街道社区卫生服务中心"),
    ("石桥铺街道综合行政执法大队开展巡查。", "石桥铺街道综合行政执法大队"),
    ("九龙坡区人民政府办公室印发通知。", "九龙坡区人民政府办公室"),
    ("区妇幼保健院派出医护人员。", "区妇幼保健院"),
])
def test_named_grassroots_bodies_are_one_org(seg, rec, text, org):
    found = seg(rec, text)
    assert (org, "ORG") in found
    assert not any(label == "GPE" for _, label in found)   # the divisions belong to the ORG


@pytest.mark.parametrize("text", ["辖区3个街道办事处均已部署。", "街道办事处工作人员上门服务。", "各村委会、居委会配合排查。",
                                  "各社区卫生服务中心全部开放。"])
def test_generic_grassroots_bodies_are_not_entities(seg, rec, text):
    assert [e for e in seg(rec, text) if e[1] in ("ORG", "GPE", "LOC")] == []


@pytest.mark.parametrize("text, orgs", [
    ("江北区委宣传部联合区市场监管局开展检查。", ["江北区委宣传部", "区市场监管局"]),
    ("区文化旅游委会同区交通运输委督导检查。", ["区文化旅游委", "区交通运输委"]),
    ("沙坪坝区市场监督管理局联合区城市管理局开展整治。", ["沙坪坝区市场监督管理局", "区城市管理局"]),
])
def test_organisations_joined_by_a_verb_are_two(seg, rec, text, orgs):
    assert [t for t, label in seg(rec, text) if label == "ORG"] == orgs


def test_level_prefix_before_descriptive_words_names_that_levels_body(seg, rec):
    found = seg(rec, "区疾控中心派出工作人员，市疾控中心现场指导。")
    assert ("区疾控中心", "ORG") in found and ("市疾控中心", "ORG") in found
    assert [e for e in seg(rec, "疾控中心派出工作人员。") if e[1] == "ORG"] == []
