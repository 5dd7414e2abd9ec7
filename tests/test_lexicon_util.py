"""The helpers the stages share (pipeline/lexicon_util.py)."""
import re
from decimal import Decimal

import pytest

from pipeline.lexicon_util import RuleFileError, plain_number, read_tsv, word_alternation


def test_read_tsv_with_header_or_columns(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("# comment\nword\tkind\n\n甲\ta\n乙\tb\n", encoding="utf-8")
    assert read_tsv(path) == [{"word": "甲", "kind": "a"}, {"word": "乙", "kind": "b"}]
    path.write_text("# comment\n甲\ta\n", encoding="utf-8")
    assert read_tsv(path, ("word", "kind"), {"kind": ("a",)}) == [{"word": "甲", "kind": "a"}]


@pytest.mark.parametrize("content, columns, allowed, message", [
    ("word\tkind\n甲\n", None, None, r"t.tsv:2: expected 2 non-empty tab-separated cells \(word, kind\)"),
    ("# c\n甲\t\n", ("word", "kind"), None, r"t.tsv:2: expected 2 non-empty"),
    ("甲\tc\n", ("word", "kind"), {"kind": ("a", "b")}, r"t.tsv:1: kind must be one of \['a', 'b'\], got 'c'"),
])
def test_read_tsv_errors_name_file_and_line(tmp_path, content, columns, allowed, message):
    path = tmp_path / "t.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RuleFileError, match=message):
        read_tsv(path, columns, allowed)


def test_read_tsv_unreadable(tmp_path):
    with pytest.raises(RuleFileError, match="missing.tsv: file not found"):
        read_tsv(tmp_path / "missing.tsv")
    (tmp_path / "gbk.tsv").write_bytes("词\t类\n".encode("gb18030"))
    with pytest.raises(RuleFileError, match="gbk.tsv: not UTF-8"):
        read_tsv(tmp_path / "gbk.tsv")


def test_word_alternation_longest_first_and_concatenable():
    rx = re.compile("(?:" + word_alternation(["核酸检测", "核酸检测点", "检测"]) + ")X")
    assert rx.match("核酸检测点X").group() == "核酸检测点X"
    assert rx.match("核酸检测X").group() == "核酸检测X"
    assert re.fullmatch("a" + word_alternation(["b", "c"]) + "d", "acd")


@pytest.mark.parametrize("value, expected", [
    (Decimal("158"), 158), (Decimal("1.50"), 1.5), (158.0, 158), (0.25, 0.25), (None, None),
    (Decimal("-3E+4"), -30000), (float("inf"), float("inf")),
])
def test_plain_number(value, expected):
    got = plain_number(value)
    assert got == expected and type(got) is type(expected)
