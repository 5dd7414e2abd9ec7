"""The pure number reader and span parser (guide §5 value/unit/approx)."""
import pytest

from pipeline.quantities import parse_number, parse_quantity, parse_quantity_full

NUMBERS = [
    ("1.6万", 16000), ("3万4000", 34000), ("25万6千", 256000), ("一万零十二", 10012),
    ("十五点八万", 158000), ("1,100万", 11000000), ("10.56亿", 1056000000), ("１２３", 123),
    ("两", 2), ("零", 0), ("十五", 15), ("一百二十三", 123), ("三百余", 300), ("百分之三十", 30),
    ("一百二", 120), ("三万五", 35000), ("四万万", 400000000), ("二十一万亿", 21000000000000),
    ("一亿五千万零六千三百五十五", 150006355), ("一百零十万", 1100000), ("壹仟玖佰", 1900),
    ("廿二", 22), ("一二三", 123), ("二〇〇二", 2002), ("负三十二", -32), ("三分之一", 1 / 3),
    ("一千零十二", 1012), ("2千零30万", 20300000), ("两个亿", 200000000), ("4.78万亿", 4780000000000),
]


@pytest.mark.parametrize("text,expected", NUMBERS)
def test_parse_number(text, expected):
    got = parse_number(text)
    assert got == pytest.approx(expected)
    if float(expected).is_integer():
        assert isinstance(got, int)


@pytest.mark.parametrize("text", ["", "万", "万万", "百", "千万", "abc", "两两", "点五"])
def test_not_a_number(text):
    assert parse_number(text) is None


QUANTITIES = [
    # the forms users report against peer libraries (issue #4)
    ("1.6万个", (16000, "个", "exact")),
    ("10.56亿元", (1056000000, "元", "exact")),
    ("2000余元", (2000, "元", "over")),
    ("123元1角1分", (123.11, "元", "exact")),
    ("两辆", (2, "辆", "exact")),
    ("二两", (2, "两", "exact")),
    ("36.76万元", (367600, "元", "exact")),
    ("54.9万名", (549000, "名", "exact")),
    ("18.6万余场次", (186000, "场次", "over")),
    ("50万余册", (500000, "册", "over")),
    ("9个小时", (9, "小时", "exact")),
    ("5个半小时", (5.5, "小时", "exact")),
    ("4个批次", (4, "批次", "exact")),
    ("158余人", (158, "人", "over")),
    ("近200名", (200, "名", "under")),
    ("超过3万名", (30000, "名", "over")),
    ("24小时内", (24, "小时", "under")),
    ("300人左右", (300, "人", "about")),
    ("约300余人", (300, "人", "about")),
    ("三百余户", (300, "户", "over")),
    ("三四百人", (300, "人", "about")),
    ("五六名", (5, "名", "about")),
    ("数千名", (1000, "名", "over")),
    ("10至15名", (10, "名", "about")),
    ("30%", (30, "%", "exact")),
    ("百分之三十", (30, "%", "exact")),
    ("八成", (8, "成", "exact")),
    ("九折", (9, "折", "exact")),
    ("3个百分点", (3, "百分点", "exact")),
    ("十块三毛", (10.3, "元", "exact")),
    ("壹仟玖佰圆整", (1900, "元", "exact")),
    ("港币两千九百六十元", (2960, "港元", "exact")),
    ("8亿元人民币", (800000000, "元", "exact")),
    ("约4.287亿美元", (428700000, "美元", "about")),
    ("三十岁", (30, "岁", "exact")),
    ("18村", (18, "村", "exact")),
    ("三地", (3, "地", "exact")),
]


@pytest.mark.parametrize("text,expected", QUANTITIES)
def test_parse_quantity(text, expected):
    value, unit, approx = parse_quantity(text)
    assert (unit, approx) == expected[1:]
    assert value == pytest.approx(expected[0])


def test_explicit_range_has_value_max():
    q = parse_quantity_full("10至15名")
    assert (q.value, q.value_max, q.approx) == (10, 15, "about")
    q = parse_quantity_full("十八至三十万元")       # the lower end inherits 万
    assert (q.value, q.value_max) == (180000, 300000)
    q = parse_quantity_full("三四百人")             # approximate range: lower bound, about
    assert (q.value, q.value_max, q.approx) == (300, 400, "about")


def test_kind_of_parsed_quantities():
    assert parse_quantity_full("36.76万元").kind == "money"
    assert parse_quantity_full("二两").kind == "weight"
    assert parse_quantity_full("9个小时").kind == "duration"
    assert parse_quantity_full("30%").kind == "percentage"


@pytest.mark.parametrize("text", ["", "价值", "人民币", "第一", "8月3日", "abc"])
def test_parse_quantity_rejects(text):
    assert parse_quantity(text) is None


def test_negative_reading_keeps_every_field():
    from decimal import Decimal

    from pipeline.quantities.numbers import default_reader
    positive, negative = default_reader().read("三十万"), default_reader().read("负三十万")
    assert negative.value == -positive.value == Decimal(-300000)
    assert (negative.trailing_big, negative.digit_then_powers) == (Decimal(10000), True)
    assert (negative.powers, negative.lead_digits, negative.has_big_power) == \
        (positive.powers, positive.lead_digits, positive.has_big_power)


def test_negative_range_inherits_the_magnitude():
    q = parse_quantity_full("负二至负一万元")       # like 二至一万元: -2万 to -1万
    assert (q.value, q.value_max, q.unit) == (-20000, -10000, "元")


@pytest.mark.parametrize("text,value", [
    ("12000万元", 120000000), ("10000万", 100000000), ("11000万人次", 110000000),
    ("100百元", 10000), ("10000.01万元", 100000100),
])
def test_big_arabic_numbers_are_multiplied_by_their_power_word(text, value):
    """issue 8: these were added (12000万元 → 22000) and went silently into the records."""
    from pipeline.quantities import parse_quantity
    assert parse_quantity(text)[0] == value


def test_a_negative_approximate_range_keeps_its_bounds_in_order():
    from pipeline.quantities.numbers import default_reader
    r = default_reader().read("负三四百")
    assert (r.value, r.value_max) == (-400, -300)
