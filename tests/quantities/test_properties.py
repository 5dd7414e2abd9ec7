"""Property tests: any string → no exception, spans inside the text, finite values."""
import math

from hypothesis import given, settings, strategies as st

from pipeline.quantities import QuantityExtractor, parse_number, parse_quantity

EX = QuantityExtractor()
PIECES = list("0123456789０１２３,.，点零〇一二三四五六七八九十百千万亿两几数余多来半负-~至到个")
PIECES += ["人", "名", "元", "万元", "角", "分", "块", "钱", "小时", "个月", "年", "月", "日", "时", "%", "百分之",
           "分之", "约", "近", "超过", "以上", "左右", "内", "第", "G", "k", "w", "车辆", "的", "、", "，", " ", "\n"]
numeric_text = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
any_text = st.text(max_size=60)


def check(text):
    for q in EX(text):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == q.text
        assert math.isfinite(q.value)
        assert q.value_max is None or math.isfinite(q.value_max)
        assert q.approx in ("exact", "over", "under", "about")
        if q.item is not None:
            assert 0 <= q.item[0] < q.item[1] <= len(text)
    got = EX(text)
    assert all(a.end <= b.start for a, b in zip(got, got[1:]))


@settings(max_examples=300, deadline=None)
@given(st.one_of(any_text, numeric_text))
def test_extractor_never_fails(text):
    check(text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(any_text, numeric_text))
def test_parsers_never_fail(text):
    v = parse_number(text)
    assert v is None or math.isfinite(v)
    q = parse_quantity(text)
    assert q is None or math.isfinite(q[0])


# ---- issue 8: an Arabic number at least as large as the power word after it was added
POWERS = {"十": 10, "百": 100, "千": 1000, "万": 10 ** 4, "亿": 10 ** 8}


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=1, max_value=10 ** 9), st.sampled_from(sorted(POWERS)),
       st.one_of(st.none(), st.integers(min_value=1, max_value=99)))
def test_arabic_number_times_power_is_their_product(whole, power, cents):
    text = f"{whole}.{cents:02d}{power}" if cents is not None else f"{whole}{power}"
    expected = (whole + (cents or 0) / 100) * POWERS[power]
    assert math.isclose(parse_number(text), expected, rel_tol=1e-12)
    q = parse_quantity(text + "元")
    assert q is not None and math.isclose(q[0], expected, rel_tol=1e-12) and q[1] == "元"


@settings(max_examples=300, deadline=None)
@given(st.one_of(any_text, numeric_text))
def test_a_range_never_ends_below_its_start(text):
    for q in EX(text):
        assert q.value_max is None or q.value_max >= q.value, (text, q)
