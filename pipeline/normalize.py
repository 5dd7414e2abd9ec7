"""Raw text → normalised view + an index map back to the raw text.

Stages match on the view (joined lines, ASCII digits and letters); only the exporter
maps back. `raw_index[i]` is the raw position of view character `i`, so a view span
[s, e) maps to the raw span [raw_index[s], raw_index[e-1] + 1), which contains any line
break the layout repair removed ("电\\n力" stays one raw span, as the guide expects).
"""
from __future__ import annotations

import json
import re
import statistics
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .paths import models_dir

SENTENCE_END = "。！？!?"
CLOSERS = "”’\"'』」）)】〕》"


@dataclass
class View:
    raw: str
    text: str
    raw_index: list[int]

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        return to_raw(self.raw_index, start, end)


def to_raw(raw_index: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a view span to the raw span from its first to its last character."""
    if not 0 <= start < end <= len(raw_index):
        raise ValueError(f"view span [{start}, {end}) outside the view (length {len(raw_index)})")
    return raw_index[start], raw_index[end - 1] + 1


# ---------------------------------------------------------------- character folding

def fold_char(ch: str) -> str:
    """Full-width digits, letters, some symbols and the ideographic space → ASCII.

    CJK punctuation (，。：；“”（）) is kept: segmenters and the guide's sentence rule are
    written for it. Other compatibility characters (①, ㎡) take their NFKC form.
    """
    code = ord(ch)
    if ch == "\u3000":
        return " "
    if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
        return chr(code - 0xFEE0)
    if ch in "％＋－．／＠＃＆＝＿":
        return chr(code - 0xFEE0)
    if code < 0x2460 or 0x3000 <= code < 0x3200 or 0x4E00 <= code <= 0x9FFF or 0xFF00 <= code <= 0xFFEF:
        return ch
    folded = unicodedata.normalize("NFKC", ch)
    # Only one-to-one folds: ⒈ → "1." or ㎡ → "m2" would change what the text says
    # (⒈30名 read as 1.30) and split one raw character over several view characters.
    return folded if len(folded) == 1 and folded.isascii() and folded.strip() else ch


# ---------------------------------------------------------------- layout repair

@dataclass(frozen=True)
class LayoutRules:
    heading_markers: tuple[str, ...]
    caption_patterns: tuple[re.Pattern, ...]
    byline_patterns: tuple[re.Pattern, ...]
    item_patterns: tuple[re.Pattern, ...]
    full_line_ratio: float
    min_prose_line: int

    @classmethod
    def load(cls, path: str | Path | None = None) -> "LayoutRules":
        return _load_layout_rules(str(path or models_dir() / "layout" / "lines.json"))


@lru_cache(maxsize=8)
def _load_layout_rules(path: str) -> LayoutRules:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"layout rules not found: {path}") from None
    except json.JSONDecodeError as err:
        raise ValueError(f"{path}:{err.lineno}: invalid JSON: {err.msg}") from None
    return LayoutRules(
        heading_markers=tuple(data.get("heading_markers", [])),
        caption_patterns=tuple(re.compile(p) for p in data.get("caption_patterns", [])),
        byline_patterns=tuple(re.compile(p) for p in data.get("byline_patterns", [])),
        item_patterns=tuple(re.compile(p) for p in data.get("item_patterns", [])),
        full_line_ratio=float(data.get("full_line_ratio", 0.8)),
        min_prose_line=int(data.get("min_prose_line", 40)),
    )


def display_width(line: str) -> float:
    """Column width as printed: ASCII is half a CJK cell (digits in wrapped columns)."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in line)


def ends_sentence(line: str) -> bool:
    stripped = line.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


@dataclass
class _Line:
    start: int  # raw offset of the first character
    text: str
    block: int  # index of the paragraph block (blocks are separated by blank lines)


def _lines(raw: str) -> list[_Line]:
    out, block, pos, blank_before = [], 0, 0, False
    for piece in raw.split("\n"):
        if piece.strip():
            if blank_before and out:
                block += 1
            out.append(_Line(pos, piece, block))
            blank_before = False
        else:
            blank_before = True
        pos += len(piece) + 1
    return out


def column_width(lines: list[_Line]) -> float | None:
    """The page's column width, estimated from lines inside multi-line blocks.

    Returns None when the text is not hard-wrapped (one paragraph per line).
    """
    sizes: dict[int, int] = {}
    for ln in lines:
        sizes[ln.block] = sizes.get(ln.block, 0) + 1
    widths = [display_width(ln.text.strip()) for ln in lines if sizes[ln.block] >= 3]
    if len(widths) < 6:
        return None
    return statistics.median(widths)


HEADLINE_SPACE = re.compile(r"[\u4e00-\u9fff”」》][ \u3000]+[\u4e00-\u9fff“「《]")


def is_headline_block(lines: list["_Line"]) -> bool:
    """Chinese headlines separate phrases with spaces; prose never does between hanzi.

    Lines with clause punctuation (datelines "本报讯 （记者 …）", caption credits) are prose,
    and so is a line that leaves a bracket or quote open (a dateline wrapped in a narrow
    column: "本报讯 （记者 刘" / "洋）11月16日，…").
    """
    return any(HEADLINE_SPACE.search(t) and not any(c in t for c in "，。；：") and _balanced(t)
               for t in (ln.text.strip() for ln in lines))


def _balanced(text: str) -> bool:
    return all(sum(text.count(c) for c in opening) == sum(text.count(c) for c in closing)
               for opening, closing in (("（(", "）)"), ("“「『《", "”」』》")))


def is_caption(text: str, rules: LayoutRules) -> bool:
    return any(p.search(text.strip()) for p in rules.caption_patterns)


def starts_item(text: str, rules: LayoutRules) -> bool:
    """A numbered or bulleted item (一、 （二） 3. ①): it starts a new sentence."""
    t = text.strip()
    return any(p.match(t) for p in rules.item_patterns)


def is_marked_line(text: str, rules: LayoutRules) -> bool:
    """Headings by marker, photo captions and bylines: lines that never continue."""
    t = text.strip()
    return (
        any(t.startswith(m) for m in rules.heading_markers)
        or any(p.search(t) for p in rules.caption_patterns)
        or any(p.search(t) for p in rules.byline_patterns)
    )


# A gutter between two printed columns: two ideographic spaces, three spaces or a tab
# between text (pdftotext -layout, copied two-column pages).
_GUTTER = re.compile(r"(?<=\S)(?:\u3000{2,}|[ \u3000]{3,}|\t[ \t\u3000]*)(?=\S)")


def column_gutters(raw: str, lines: list["_Line"] | None = None) -> list[int]:
    """Raw positions where a gutter splits a line into two columns' pieces.

    Only blocks where two or more lines have a gutter count (a headline with a double
    space is one line). The pieces of an interleaved page cannot be put back in reading
    order (offsets stay in raw order), so each piece ends its sentence (decision b).
    """
    lines = _lines(raw) if lines is None else lines
    counts: dict[int, int] = {}
    hits_by_line: list[tuple[int, list[int]]] = []
    for ln in lines:
        hits = [ln.start + m.start() for m in _GUTTER.finditer(ln.text)]
        if hits:
            counts[ln.block] = counts.get(ln.block, 0) + 1
            hits_by_line.append((ln.block, hits))
    return sorted(k for block, hits in hits_by_line if counts[block] >= 2 for k in hits)


def breaks_to_join(raw: str, rules: LayoutRules) -> list[tuple[int, int]]:
    """Raw ranges of whitespace (containing line breaks) that sit inside a sentence.

    A line continues onto the next non-blank line when it does not end a sentence, is
    not a heading/caption/byline, and is "full": as wide as the column in a hard-wrapped
    page, or a long prose line (with clause punctuation) in a one-paragraph-per-line text.
    Across a blank line it continues only from a multi-line block or a long prose line,
    so stand-alone headings and titles stay on their own.
    """
    lines = _lines(raw)
    width = column_width(lines)
    block_size: dict[int, int] = {}
    block_max: dict[int, float] = {}
    by_block: dict[int, list[_Line]] = {}
    for ln in lines:
        by_block.setdefault(ln.block, []).append(ln)
        block_size[ln.block] = block_size.get(ln.block, 0) + 1
        block_max[ln.block] = max(block_max.get(ln.block, 0.0), display_width(ln.text.strip()))
    headline_block = {b: is_headline_block(lns) for b, lns in by_block.items()}
    gutters = column_gutters(raw, lines)
    guttered = {ln.start for ln in lines
                if any(ln.start <= k < ln.start + len(ln.text) for k in gutters)} if gutters else set()
    joins = []
    for prev, cur, nxt in zip([None] + lines, lines, lines[1:]):
        text = cur.text.strip()
        if cur.start in guttered or nxt.start in guttered:
            continue    # a two-column line: the next line is not this column's continuation
        if ends_sentence(text) or is_marked_line(text, rules):
            continue
        if is_marked_line(nxt.text, rules) and (nxt.block != cur.block or not is_caption(nxt.text, rules)):
            # A caption wrapped onto a second line continues; one placed after a
            # blank line is a separate block the layout dropped into the text.
            # Headings and bylines never continue a line.
            continue
        if starts_item(nxt.text, rules) and (width is None or not text[-1].isalnum() or starts_item(text, rules)):
            # 通告如下：\n一、… / （一）…排队\n（二）…: an item never continues the line before it.
            # In a hard-wrapped column only after punctuation or another item: "实行统\n一、规范"
            # is a wrapped word.
            continue
        if headline_block[cur.block] or headline_block[nxt.block]:
            continue
        long_prose = display_width(text) >= rules.min_prose_line and any(c in text for c in "，、；：")
        full = False
        if width is not None:
            # A paragraph's first line is indented (the indent is often lost), so it
            # gets two cells of allowance; the reference is the widest of the page's
            # column and this block, so a wide column is judged by its own width.
            indent = 2.0 if prev is None or prev.block != cur.block else 0.0
            reference = max(width, block_max[cur.block])
            full = display_width(text) + indent >= rules.full_line_ratio * reference
        if not (full or long_prose):
            continue
        if nxt.block != cur.block and not (block_size[cur.block] >= 2 or long_prose):
            # Across a blank line only a wrapped paragraph or a long prose line
            # continues: a lone line is taken for a title (a column break right after
            # a one-line paragraph start is missed; see README, known weaknesses).
            continue
        gap_start = cur.start + len(cur.text.rstrip())
        gap_end = nxt.start + (len(nxt.text) - len(nxt.text.lstrip()))
        joins.append((gap_start, gap_end))
    return joins


# ---------------------------------------------------------------- the view

# A full-width comma between digit groups is a thousands separator (１，１００万元, ２，５００余人):
# 1-3 digits, then groups of exactly three digits after each comma.
_THOUSANDS = re.compile(r"(?<![0-9０-９，,.．])[0-9０-９]{1,3}((?:[，,][0-9０-９]{3})+)(?![0-9０-９])")


def thousands_commas(raw: str) -> list[int]:
    """Raw positions of full-width commas used as thousands separators."""
    return [k for m in _THOUSANDS.finditer(raw) for k in range(m.start(1), m.end(1), 4) if raw[k] == "，"]

def build_view(raw: str, *, fold_width: bool = True, join_lines: bool = True,
               rules: LayoutRules | None = None) -> View:
    """The normalised view of `raw` with its index map (see the module docstring)."""
    drop: set[int] = set()
    if join_lines:
        for s, e in breaks_to_join(raw, rules or LayoutRules.load()):
            drop.update(range(s, e))
    separators = set(thousands_commas(raw)) if fold_width else set()
    gutters = set(column_gutters(raw)) if join_lines else set()
    chars: list[str] = []
    index: list[int] = []
    for k, ch in enumerate(raw):
        if k in drop:
            continue
        if k in gutters:
            out = "\n"          # a column gutter ends the piece like a kept line break
        elif k in separators:
            out = ","
        else:
            out = fold_char(ch) if fold_width else ch
        chars.append(out)
        index.extend([k] * len(out))
    return View(raw=raw, text="".join(chars), raw_index=index)
