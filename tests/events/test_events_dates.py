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


@pytest.mark.parametrize("text", ["今年", "2022年", "近日", "连日来", "目前", "", "第一时间", "2月30日"])
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


@pytest.mark.parametrize("text", ["十一", "15年", "2019年1", "今年", "农历十三月初一", "正月三十二"])
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


# Lunar festivals and lunar dates (lunar-python): the one nearest on or before the reference
# + a month, as the Gregorian festivals; a written year is the Gregorian year it falls in.
@pytest.mark.parametrize("text, reference, expected", [
    ("春节", "2020-01-10", "2020-01-25"),          # the coming one: within a month after the reference
    ("春节", "2020-03-01", "2020-01-25"),          # the past one
    ("大年初一", "2020-02-10", "2020-01-25"),
    ("除夕", "2020-01-10", "2020-01-24"),
    ("除夕夜", "2020-01-10", "2020-01-24"),
    ("2020年除夕", None, "2020-01-24"),            # the eve that falls in 2020 (of lunar 2019)
    ("去年除夕", "2021-05-01", "2020-01-24"),
    ("2020年春节", "2023-06-01", "2020-01-25"),
    ("大年初三", "2022-02-01", "2022-02-03"),
    ("正月初八", "2022-02-01", "2022-02-08"),
    ("农历正月初八", "2022-02-01", "2022-02-08"),
    ("正月十五", "2022-02-01", "2022-02-15"),
    ("元宵节当天", "2022-02-20", "2022-02-15"),
    ("端午节", "2022-06-01", "2022-06-03"),
    ("七夕", "2022-08-01", "2022-08-04"),
    ("中秋节", "2022-09-01", "2022-09-10"),
    ("中秋节", "2022-12-01", "2022-09-10"),
    ("今年中秋节", "2022-01-05", "2022-09-10"),
    ("农历八月十五", "2022-09-01", "2022-09-10"),  # with 农历 lunar; 八月十五 alone stays Gregorian
    ("八月十五", "2022-09-01", "2022-08-15"),
    ("重阳节", "2022-10-01", "2022-10-04"),
    ("腊八", "2022-12-25", "2022-12-30"),
    ("小年", "2023-01-10", "2023-01-14"),          # 腊月二十三, the northern custom
    ("腊月二十三", "2023-01-10", "2023-01-14"),
    ("2023年腊八", None, "2024-01-18"),            # no 腊八 falls in 2023: lunar year 2023's
    ("清明节", "2022-04-01", "2022-04-05"),        # solar-term festivals
    ("冬至", "2022-12-01", "2022-12-22"),
])
def test_lunar_festivals_and_dates(text, reference, expected):
    assert resolve_date(text, reference) == expected


def test_lunar_festivals_need_a_reference_or_a_year():
    assert resolve_date("春节", None) is None
    assert resolve_date("腊月三十", "2022-01-20") == "2021-02-11"   # lunar 2021's 腊月 has 29 days: the last 腊月三十


def test_every_lunar_festival_of_the_grammar_resolves():
    """What the DATE grammar tags as a lunar festival resolves (datetime.json lunar_festivals)."""
    data = read_json(models_dir() / "entities" / "datetime.json")
    grammar = DateTimeGrammar(models_dir() / "entities" / "datetime.json")
    for word in data["lunar_festivals"]:
        assert [(s, e) for s, e, label in grammar(word) if label == "DATE"] == [(0, len(word))], word
        assert resolve_date(word, "2022-08-07") is not None, word


# A notice's own date line (pipeline/events/dates.py date_line): the publication date of
# documents without meta.date. Invented texts.
@pytest.mark.parametrize("text, expected", [
    ("某县发生山体滑坡\n2008年04月05日 09:12\n当天上午，消防大队出动。", "2008-04-05"),
    ("2020-02-03\n市卫健委通报……", "2020-02-03"),
    ("第4版\n\n2022年 11月 19日 星期六\n正文", "2022-11-19"),
    ("某县通报\n4月5日\n正文", None),                       # no year: it needs a reference itself
    ("8月5日，县消防大队出动消防员30名。\n正文", None),      # a date inside a sentence is no date line
    ("一\n二\n三\n2020-02-03\n正文", None),                 # only the first lines are looked at
    ("2008年4月5日至6日\n正文", None),                       # a range is no publication day
])
def test_date_line(text, expected):
    from pipeline.events.extractor import date_grammar
    from pipeline.events.dates import date_line
    assert date_line(text, date_grammar()) == expected
