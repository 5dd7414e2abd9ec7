"""`python -m pipeline show`: the page marks every span, nests overlaps, escapes all text and
needs nothing from the network. The browser tests are in tests/test_view_browser.py."""
import json
import re
from html.parser import HTMLParser

from hypothesis import given, settings, strategies as st

from pipeline.cli import main
from pipeline.schema import Document
from pipeline.view import render_page

TEXT = "8月3日，电信合川分公司出动人员158余人、车\n辆25台。"
HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">&amp;\'"'


def sample() -> Document:
    s = TEXT.index
    return Document.model_validate({
        "id": "d", "text": TEXT, "meta": {"date": "2022-08-07", "source": "合川日报"},
        "entities": [{"start": 0, "end": 4, "label": "DATE", "text": "8月3日"},
                     {"start": 5, "end": 12, "label": "ORG", "text": "电信合川分公司"}],
        "quantities": [{"start": s("158"), "end": s("158") + 5, "text": "158余人", "value": 158, "unit": "人",
                        "approx": "over", "item": {"start": s("人员"), "end": s("人员") + 2, "text": "人员"},
                        "kind": "people"},
                       {"start": s("25台"), "end": s("25台") + 3, "text": "25台", "value": 25, "unit": "台",
                        "item": {"start": s("车"), "end": s("车") + 3, "text": "车\n辆"}}],
        "events": [{"type": "DEPLOY", "trigger": {"start": s("出动"), "end": s("出动") + 2, "text": "出动"},
                    "args": [{"role": "agent", "text": "合川分公司", "start": 7, "end": 12},   # inside the ORG
                             {"role": "agent", "text": "电信合川分公司出动", "start": 5, "end": 14},  # crosses the trigger
                             {"role": "quantity", "text": "158余人", "start": s("158"), "end": s("158") + 5},
                             {"role": "date", "text": "8月3日", "start": 0, "end": 4, "value": "2022-08-03"}]}],
    })


class Page(HTMLParser):
    """Checks that the markup is well nested and collects, per mark key, the text of its pieces."""

    VOID = {"meta", "br", "img", "input", "link", "hr"}

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.tags: list[tuple[str, dict]] = []
        self.texts: dict[str, str] = {}      # mark key -> the characters inside its pieces
        self.body: list[str] = []            # the characters of the document text panels
        self.feed(page)
        self.close()
        assert not self.stack, f"unclosed elements: {[t for t, _ in self.stack]}"

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        if any(a.get("class") == "text" for _, a in self.stack):
            self.body.append(data)
            for _, attrs in self.stack:
                if "data-k" in attrs:
                    self.texts[attrs["data-k"]] = self.texts.get(attrs["data-k"], "") + data


def test_every_span_is_marked_with_its_exact_text_even_when_spans_cross():
    doc = sample()
    page = Page(render_page([(doc, "in.jsonl:1")]))
    assert "".join(page.body) == doc.text
    expected = {"d0-e0": "8月3日", "d0-e1": "电信合川分公司", "d0-q0": "158余人", "d0-q0i": "人员",
                "d0-q1": "25台", "d0-q1i": "车\n辆", "d0-v0-t": "出动", "d0-v0-a0": "合川分公司",
                "d0-v0-a1": "电信合川分公司出动", "d0-v0-a2": "158余人", "d0-v0-a3": "8月3日"}
    assert page.texts == expected
    classes = {a["data-k"]: a["class"] for t, a in page.tags if "data-k" in a}
    assert "ent-ORG" in classes["d0-e1"] and "trg-DEPLOY" in classes["d0-v0-t"] and "arg-agent" in classes["d0-v0-a1"]
    ids = [a["id"] for _, a in page.tags if "id" in a]
    assert len(ids) == len(set(ids)) and "d0-v0-t" in ids            # one id per mark: the links' targets


def test_quantity_details_and_event_frames_are_on_the_page():
    page = render_page([(sample(), "in.jsonl:1")])
    assert "158余人 = 158 人 · over · item 人员 · people" in page
    frame = page[page.index('<ol class="events">'):]
    assert "DEPLOY" in frame and "2022-08-03" in frame and 'href="#d0-v0-t"' in frame
    assert frame.index("agent") < frame.index("电信合川分公司出动") < frame.index("quantity")


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_any_overlap_of_spans_nests_and_keeps_every_spans_text(data):
    text = data.draw(st.text(alphabet="ab<&>\n字", min_size=1, max_size=30))
    n = len(text)
    pair = st.tuples(st.integers(0, n - 1), st.integers(1, n)).map(sorted).filter(lambda p: p[0] < p[1])
    ents = data.draw(st.lists(pair, max_size=4))
    qtys = data.draw(st.lists(pair, max_size=4))
    evs = data.draw(st.lists(st.tuples(pair, st.lists(pair, max_size=3)), max_size=3))
    span = lambda p: {"start": p[0], "end": p[1], "text": text[p[0]:p[1]]}  # noqa: E731
    doc = Document.model_validate({
        "id": "x", "text": text,
        "entities": [{**span(p), "label": "ORG"} for p in ents],
        "quantities": [{**span(p), "value": 1, "unit": "个"} for p in qtys],
        "events": [{"type": "TEST", "trigger": span(t), "args": [{**span(a), "role": "agent"} for a in args]}
                   for t, args in evs]})
    page = Page(render_page([(doc, "x")]))
    assert "".join(page.body) == text
    for i, p in enumerate(ents):
        assert page.texts[f"d0-e{i}"] == text[p[0]:p[1]]
    for i, p in enumerate(qtys):
        assert page.texts[f"d0-q{i}"] == text[p[0]:p[1]]
    for i, (t, args) in enumerate(evs):
        assert page.texts[f"d0-v{i}-t"] == text[t[0]:t[1]]
        for j, a in enumerate(args):
            assert page.texts[f"d0-v{i}-a{j}"] == text[a[0]:a[1]]


def hostile_doc() -> Document:
    text = f"区红十字会捐赠{HOSTILE}口罩2万只。"
    s = text.index
    return Document.model_validate({
        "id": f"id{HOSTILE}", "text": text,
        "meta": {"source": f"</title>{HOSTILE}", "title": HOSTILE, "date": "2022-08-07"},
        "entities": [{"start": 0, "end": 5, "label": "ORG", "text": "区红十字会"},
                     {"start": s("<img"), "end": s("<img") + 10, "label": "LOC", "text": text[s("<img"):s("<img") + 10]}],
        "quantities": [{"start": s("2万只"), "end": s("2万只") + 3, "text": "2万只", "value": 20000,
                        "unit": f'只"><iframe>{HOSTILE}', "kind": HOSTILE}],
        "events": [{"type": "DONATE", "trigger": {"start": 5, "end": 7, "text": "捐赠"},
                    "args": [{"role": "agent", "text": f"{HOSTILE}区红十字会"},
                             {"role": "recipient", "text": HOSTILE[:8], "start": 7, "end": 15}]}]})


def test_no_text_of_a_bulletin_becomes_markup():
    doc = hostile_doc()
    html = render_page([(doc, f"in{HOSTILE}.jsonl:1")], [f"bad.jsonl:2: id: {HOSTILE}"])
    page = Page(html)
    assert [t for t, _ in page.tags].count("script") == 1                   # the page's own script only
    assert not any(t in ("img", "iframe") for t, _ in page.tags)
    assert not any(k.startswith("on") for _, attrs in page.tags for k in attrs)
    assert "".join(page.body) == doc.text                                   # shown as the text it is
    assert html.count("<script") == 1 and "<img" not in html and "</title><" not in html.replace("</title><style>", "")


def test_the_page_needs_nothing_from_the_network():
    html = render_page([(sample(), "in.jsonl:1")])
    assert not re.search(r"https?://|//[a-z]|\bsrc=|<link|@import|url\(|@font-face", html, flags=re.I)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def _write(path, *docs):
    path.write_text("".join(d.model_dump_json() + "\n" for d in docs), encoding="utf-8")


def test_show_renders_a_predictions_file_without_running_the_pipeline(tmp_path, monkeypatch, capsys):
    import pipeline.cli as cli

    monkeypatch.setattr(cli, "_build", lambda args, extra: (_ for _ in ()).throw(AssertionError("built")))
    pred = tmp_path / "pred.jsonl"
    _write(pred, sample(), hostile_doc())
    with pred.open("a", encoding="utf-8") as fh:
        fh.write('{"id": "broken", "text": "abc", "entities": [{"start": 0, "end": 9, "label": "ORG", "text": "abc"}]}\n')
    out = tmp_path / "page.html"
    assert main(["show", "--pred", str(pred), "--html", str(out)]) == 1     # a bad line is reported, the rest shown
    err = capsys.readouterr().err
    assert f"{pred}:3: entities[0]" in err and "2 documents rendered" in err
    page = out.read_text(encoding="utf-8")
    assert page.count("<article") == 2 and f"{pred}:3: entities[0]" in page and "pred.jsonl:1" in page


def test_show_runs_the_pipeline_on_inputs(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "区红十字会捐赠口罩2万只，出动志愿者158余人。",
                               "meta": {"date": "2022-08-07"}}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "page.html"
    assert main(["show", str(src), "--html", str(out), "--nlp.tokenizer.segmenter", "char"]) == 0
    page = Page(out.read_text(encoding="utf-8"))
    assert page.texts["d0-q0"] == "2万只" and any(k.endswith("-t") for k in page.texts)


def test_show_usage_errors(tmp_path, capsys):
    src = tmp_path / "pred.jsonl"
    _write(src, sample())
    assert main(["show", "--html", str(tmp_path / "p.html")]) == 2                       # nothing to show
    assert main(["show", str(tmp_path / "missing.txt"), "--html", str(tmp_path / "p.html")]) == 2
    assert main(["show", "--pred", str(src), "--html", str(src)]) == 2                   # would overwrite its input
    assert main(["show", "--pred", str(tmp_path / "nope.jsonl"), "--html", str(tmp_path / "p.html")]) == 2
    err = capsys.readouterr().err
    assert err.count("error:") == 4 and "missing.txt" in err and "nope.jsonl" in err and "Traceback" not in err
    assert src.read_text(encoding="utf-8").startswith("{") and not (tmp_path / "p.html").exists()
