"""DATE/TIME grammar: forms added after the seed documents (made-up sentences, guide §4/§7)."""

import pytest

from pipeline.entities.datetime import DateTimeGrammar
from pipeline.paths import models_dir

GRAMMAR = DateTimeGrammar(models_dir() / "entities" / "datetime.json")


def spans(text):
    return [(text[s:e], label) for s, e, label in GRAMMAR(text)]


@pytest.mark.parametrize("text, expected", [
    # clock-time ranges are one TIME (DECISIONS R-E8; made-up sentences in the real bulletins' style)
    ("3月5日0-24时，某省新增", [("3月5日", "DATE"), ("0-24时", "TIME")]),
    ("3月5日12时至24时，无新增", [("3月5日", "DATE"), ("12时至24时", "TIME")]),
    ("5日0至24时全县", [("5日", "DATE"), ("0至24时", "TIME")]),
    ("下午3时至5时停水", [("下午3时至5时", "TIME")]),
    ("共1-3人", []),
    ("对2月已核定的税款，4月份开始", [("2月", "DATE"), ("4月份", "DATE")]),
    ("2月至3月，全市", [("2月至3月", "DATE")]),
    ("8日当天0-12时", [("8日当天", "DATE"), ("0-12时", "TIME")]),
    ("自去年年初以来，2014年上半年", []),
    ("从即日起，前日", [("即日", "DATE"), ("前日", "DATE")]),
    # relative years/months/weeks with what follows them
    ("去年5月，全区新建基站", [("去年5月", "DATE")]),
    ("明年三月将完工", [("明年三月", "DATE")]),
    ("本月10日起施行", [("本月10日", "DATE")]),
    ("上个月15号，社区组织", [("上个月15号", "DATE")]),
    ("下个月完成验收", [("下个月", "DATE")]),
    ("今年国庆节期间", [("今年国庆节", "DATE")]),
    ("上上周，下个星期一，这周二", [("上上周", "DATE"), ("下个星期一", "DATE"), ("这周二", "DATE")]),
    ("上周三召开会议", [("上周三", "DATE")]),
    ("大后天和大前天", [("大后天", "DATE"), ("大前天", "DATE")]),
    # numerals and markers
    ("十月二十二日上午", [("十月二十二日上午", "DATE")]),
    ("他于10月22出生", [("10月22", "DATE")]),
    ("时间为3月1至3月9", [("3月1至3月9", "DATE")]),
    ("2021-03-05发布，2021.3.6更新，2021/3/7截止", [("2021-03-05", "DATE"), ("2021.3.6", "DATE"), ("2021/3/7", "DATE")]),
    ("2020年至2021年，全区", [("2020年至2021年", "DATE")]),
    ("上周四到10月1日", [("上周四到10月1日", "DATE")]),
    ("截至12号，全市", [("12号", "DATE")]),
    ("12号下午，工作组", [("12号下午", "DATE")]),
    ("母亲节和教师节", [("母亲节", "DATE"), ("教师节", "DATE")]),
    # times
    ("当天晚上9:30，队员们", [("当天", "DATE"), ("晚上9:30", "TIME")]),
    ("今晚8点集合", [("今晚", "DATE"), ("8点", "TIME")]),
    ("3月2日十时，车队出发", [("3月2日", "DATE"), ("十时", "TIME")]),
    ("约9点到达", [("9点", "TIME")]),
    ("零点整开始，八点一刻结束", [("零点整", "TIME"), ("八点一刻", "TIME")]),
    ("下午三点二十，晚上九点零九", [("下午三点二十", "TIME"), ("晚上九点零九", "TIME")]),
])
def test_new_forms(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize("text", [
    "每周一召开例会", "每月5日前上报",            # sets (DECISIONS: 每日, 每天)
    "12号楼和3号线", "10月22家企业复工", "五月十五个小组",  # numbers after a month / 号
    "这周边的群众", "第1时间赶到", "连续8天20时", "零点五个百分点", "提出三点要求",
    "1/2的居民", "比分3-2", "编号20240307",
])
def test_not_dates_or_times(text):
    assert spans(text) == []
