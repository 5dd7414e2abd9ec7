"""The date resolver (guide §7 Dates): a pure function, reused outside the events stage."""
import pytest

from pipeline.entities.datetime import DateTimeGrammar
from pipeline.events.dates import resolve_date
from pipeline.lexicon_util import read_json
from pipeline.paths import models_dir

REF = "2022-08-07"


@pytest.mark.parametrize("text, reference, expected", [
    ("8月3日", REF, "2022-08-03"),
    ("8月3日晚", REF, "2022-08-03"),
    ("9月12日上午", "2023-09-15", "2023-09-12"),
    ("2022年 11月 19日", None, "2022-11-19"),
    ("2021年3月5日", REF, "2021-03-05"),
    ("11月 11日", "2022-11-19", "2022-11-11"),
    ("十一月十九日", "2022-11-20", "2022-11-19"),
    ("二〇二二年八月三日", None, "2022-08-03"),
    ("三月二十一日", "2021-03-30", "2021-03-21"),
    ("廿三日", "2022-05-25", "2022-05-23"),
    ("12月28日", "2023-01-05", "2022-12-28"),          # previous year
    ("18日", "2022-11-19", "2022-11-18"),
    ("28日", "2022-12-02", "2022-11-28"),              # previous month
    ("5号", "2022-06-09", "2022-06-05"),
    ("8月4日至5日", REF, "2022-08-04/2022-08-05"),
    ("8月30日至9月2日", "2022-09-05", "2022-08-30/2022-09-02"),
    ("3月1日-3月15日", "2022-03-20", "2022-03-01/2022-03-15"),
    ("8月", REF, "2022-08-01/2022-08-31"),
    ("截至8月7日", REF, "2022-08-07"),
    ("截至18日", "2022-11-19", "2022-11-18"),
    ("自8月4日起", REF, "2022-08-04"),
    ("从6月1日起", "2022-06-10", "2022-06-01"),
    ("11月11日以来", "2022-11-19", "2022-11-11"),
    ("当天", "2022-08-05", "2022-08-05"),
    ("当日", "2022-08-05", "2022-08-05"),
    ("当晚", "2022-08-05", "2022-08-05"),
    ("当天上午", REF, "2022-08-07"),
    ("今天", "2022-02-12", "2022-02-12"),
    ("次日", "2022-02-28", "2022-03-01"),
    ("翌日", "2022-12-31", "2023-01-01"),
    ("昨天", "2022-03-01", "2022-02-28"),
    ("前天", REF, "2022-08-05"),
    ("星期六", "2022-11-19", "2022-11-19"),
    ("周一", "2022-11-19", "2022-11-14"),
])
def test_resolves(text, reference, expected):
    assert resolve_date(text, reference) == expected


@pytest.mark.parametrize("text", ["今年", "2022年", "近日", "连日来", "目前", "春节", "", "第一时间", "2月30日"])
def test_names_no_day(text):
    assert resolve_date(text, REF) is None


def test_relative_needs_a_reference():
    assert resolve_date("当天", None) is None
    assert resolve_date("8月3日", None) is None
    assert resolve_date("2022年8月3日", None) == "2022-08-03"


def test_accepts_a_date_object():
    import datetime as dt
    assert resolve_date("次日", dt.date(2022, 8, 7)) == "2022-08-08"


@pytest.mark.parametrize("text, reference, expected", [
    # relative years, months, weeks (2022-08-07 is a Sunday)
    ("去年5月", REF, "2021-05-01/2021-05-31"),
    ("明年3月3日", REF, "2023-03-03"),
    ("去年本月十日", REF, "2021-08-10"),
    ("本月10日", REF, "2022-08-10"),
    ("上个月15号", REF, "2022-07-15"),
    ("下个月", REF, "2022-09-01/2022-09-30"),
    ("上月", "2022-01-10", "2021-12-01/2021-12-31"),
    ("本周", REF, "2022-08-01/2022-08-07"),
    ("上上周", REF, "2022-07-18/2022-07-24"),
    ("上周一", REF, "2022-07-25"),
    ("下个星期三", REF, "2022-08-10"),
    ("这周二", REF, "2022-08-02"),
    ("大后天", REF, "2022-08-10"),
    ("大前天", REF, "2022-08-04"),
    # numerals, numeric dates, two-digit years, days without a marker
    ("10月22", "2022-11-01", "2022-10-22"),
    ("八月十五", REF, "2022-08-15"),
    ("2021-03-05", REF, "2021-03-05"),
    ("2021.3.5", REF, "2021-03-05"),
    ("2021/3/5", REF, "2021-03-05"),
    ("98年4月", REF, "1998-04-01/1998-04-30"),
    ("15年3月2日", REF, "2015-03-02"),
    ("29日", "2022-02-10", "2022-01-29"),             # no 29 February in 2022: January's
    ("2月29日", "2023-03-05", "2020-02-29"),
    ("8月7日左右", REF, "2022-08-07"),
    ("2022年11月19日星期六", REF, "2022-11-19"),
    # ranges
    ("2019年4月12-19日", REF, "2019-04-12/2019-04-19"),
    ("2019年1-5月", REF, "2019-01-01/2019-05-31"),
    ("12月28日至1月3日", "2023-01-05", "2022-12-28/2023-01-03"),
    ("上周四到8月10日", REF, "2022-07-28/2022-08-10"),
    ("自2020-05-26至2020-05-29止", REF, "2020-05-26/2020-05-29"),
    ("前年11月到去年3月", REF, "2020-11-01/2021-03-31"),
    # festivals with a Gregorian date
    ("国庆节", "2022-10-05", "2022-10-01"),
    ("元旦", "2022-02-01", "2022-01-01"),
    ("圣诞节", REF, "2021-12-25"),
    ("去年元旦", REF, "2021-01-01"),
    ("2021年母亲节", REF, "2021-05-09"),
    ("感恩节", "2022-12-01", "2022-11-24"),
    ("平安夜", "2022-12-25", "2022-12-24"),
])
def test_resolves_new_forms(text, reference, expected):
    assert resolve_date(text, reference) == expected


@pytest.mark.parametrize("text", ["中秋节", "正月初一", "农历八月十五", "十一", "15年", "2019年1", "今年"])
def test_new_forms_that_name_no_day(text):
    assert resolve_date(text, REF) is None


@pytest.mark.parametrize("text, expected", [
    ("今晨", "2022-08-07"),
    ("8月3日午后", "2022-08-03"),
    ("8月3日正午", "2022-08-03"),
    ("第二天", "2022-08-08"),
    ("隔天", "2022-08-08"),
    ("前一天", "2022-08-06"),
])
def test_grammar_and_resolver_share_day_words(text, expected):
    """What the entity grammar tags as a DATE resolves, and the resolver's words are tagged:
    both read relative_day_offsets / parts_of_day from models/entities/datetime.json."""
    grammar = DateTimeGrammar(models_dir() / "entities" / "datetime.json")
    sentence = f"{text}，志愿者到社区服务。"
    assert [(sentence[s:e], label) for s, e, label in grammar(sentence)] == [(text, "DATE")]
    assert resolve_date(text, REF) == expected


def test_every_relative_day_word_is_tagged_and_resolves():
    path = models_dir() / "entities" / "datetime.json"
    grammar = DateTimeGrammar(path)
    for word, days in read_json(path)["relative_day_offsets"].items():
        assert [(s, e) for s, e, label in grammar(word) if label == "DATE"] == [(0, len(word))], word
        assert resolve_date(word, REF) is not None, word
