import json

import pytest

from pipeline.io import Input, InputError, InputFormatError, JsonlWriter, decode, iter_inputs, read_text_file

TEXT = "重庆市合川区：出动１５８余人，车辆25台。\n第二行"


@pytest.mark.parametrize("encoding,name", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("gbk", "gb18030"), ("utf-16", "utf-16"),
])
def test_encodings_are_detected_and_recorded(tmp_path, encoding, name):
    p = tmp_path / "a.txt"
    p.write_bytes(TEXT.encode(encoding))
    text, detected = read_text_file(p)
    assert text == TEXT and detected == name


def test_crlf_is_normalised_like_text_mode():
    text, _ = decode("一\r\n二\r三".encode("utf-8"))
    assert text == "一\n二\n三"


def test_binary_input_is_a_clear_error():
    with pytest.raises(InputFormatError, match=r"x\.bin: binary input \(NUL byte at offset 3\)"):
        decode(b"abc\x00def", "x.bin")


def test_undecodable_input_names_the_offset():
    with pytest.raises(InputFormatError, match="invalid byte at offset"):
        decode(b"\xff\xfe\xfd\x80\x80\x80\x00"[1:6] * 3, "y.txt")


def test_iter_inputs_folders_jsonl_and_errors(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "b.txt").write_text("乙", encoding="utf-8")
    (tmp_path / "docs" / "a.txt").write_bytes("甲".encode("gbk"))
    (tmp_path / "docs" / "bad.txt").write_bytes(b"\x00\x01binary")
    lines = [json.dumps({"id": "j1", "text": "丙", "meta": {"date": "2022-01-02"}}, ensure_ascii=False),
             "{broken", json.dumps({"id": "j3"}), json.dumps({"text": "丁"}, ensure_ascii=False)]
    (tmp_path / "in.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = list(iter_inputs([tmp_path / "docs", tmp_path / "in.jsonl", tmp_path / "missing.txt"], default_date="2022-08-07"))
    ok = [i for i in items if isinstance(i, Input)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [i.id for i in ok] == ["a", "b", "j1", "in-4"]
    assert ok[0].meta["encoding"] == "gb18030" and ok[0].meta["date"] == "2022-08-07"
    assert ok[2].meta["date"] == "2022-01-02"  # the input's own date wins
    sources = [e.source for e in errors]
    assert any(s.endswith("bad.txt") for s in sources)
    assert any(s.endswith("in.jsonl:2") for s in sources) and any(s.endswith("in.jsonl:3") for s in sources)
    assert any(s.endswith("missing.txt") for s in sources)


def test_writer_never_leaves_a_truncated_line(tmp_path):
    path = tmp_path / "out.jsonl"
    with pytest.raises(KeyboardInterrupt):
        with JsonlWriter(path) as w:
            w.write({"a": 1})
            w._fh.write(b'{"half": ')  # a write cut off mid-line
            raise KeyboardInterrupt
    assert path.read_text(encoding="utf-8") == '{"a": 1}\n'


def test_sidecar_meta_file_gives_the_publication_date(tmp_path):
    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"date": "2022-08-07", "source": "合川日报"}', encoding="utf-8")
    (tmp_path / "b.txt").write_text("乙", encoding="utf-8")
    (tmp_path / "b.meta.json").write_text("[1]", encoding="utf-8")
    items = list(iter_inputs([tmp_path], default_date="2000-01-01"))
    a = next(i for i in items if isinstance(i, Input))
    assert a.meta["date"] == "2022-08-07" and a.meta["source"] == "合川日报"
    bad = next(i for i in items if isinstance(i, InputError))
    assert bad.source.endswith("b.meta.json") and "JSON object" in bad.message


def test_folders_give_only_txt_files_and_ids_stay_unique(tmp_path):
    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# 笔记", encoding="utf-8")
    (tmp_path / "old.jsonl").write_text('{"id": "x", "text": "乙"}\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("丙", encoding="utf-8")
    items = list(iter_inputs([tmp_path]))
    assert [i.id for i in items if isinstance(i, Input)] == ["a"]
    dup = [i for i in items if isinstance(i, InputError)]
    assert len(dup) == 1 and "duplicate document id 'a'" in dup[0].message and dup[0].source.endswith("sub/a.txt")


def test_bad_meta_is_a_read_error_naming_the_line(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text('{"id": "a", "text": "甲", "meta": {"date": "07/08/2022"}}\n{"id": "b", "text": "乙"}\n', encoding="utf-8")
    items = list(iter_inputs([p]))
    assert isinstance(items[0], InputError) and items[0].source.endswith("in.jsonl:1") and "meta.date" in items[0].message
    assert isinstance(items[1], Input)
