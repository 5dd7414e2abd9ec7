"""The `show` page in a real browser: headless Chromium draws it (not blank) at a phone's and
a desktop's width, its DOM holds the marked spans, and nothing scrolls sideways.

Without chromium these tests skip, except under CI (env CI set, as .ci/run does), where a
missing browser is a failure: the page must never go unchecked in CI.
"""
import os
import re
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from pathlib import Path

import pytest

from pipeline.io import load_documents
from pipeline.schema import Document
from pipeline.view import render_page

GOLD = Path(__file__).resolve().parents[1] / "annotations" / "gold" / "seeds.jsonl"
PHONE, DESKTOP = (390, 844), (1280, 900)


@pytest.fixture(scope="module")
def chromium():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed, and CI is set: the browser tests must run "
                        "(.ci/run installs it: apt-get install -y chromium)")
        pytest.skip("chromium is not installed (apt-get install -y chromium); under CI this is a failure")
    return path


def _long_word_doc() -> Document:
    # A run no line can break at a space (a URL, a code): it must wrap, not widen the page.
    text = "热线：" + "9" * 200 + "。网址：" + "https//example" * 20 + "。区红十字会捐赠口罩2万只。"
    s = text.index("区红十字会")
    return Document.model_validate({"id": "long-" + "x" * 150, "text": text,
                                    "entities": [{"start": s, "end": s + 5, "label": "ORG", "text": "区红十字会"}]})


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    docs = load_documents(GOLD, strict=True).documents
    shown = [(d, f"{GOLD.name}:{i + 1}") for i, d in enumerate(docs)] + [(_long_word_doc(), "long")]
    path = tmp_path_factory.mktemp("show") / "page.html"
    path.write_text(render_page(shown), encoding="utf-8")
    return path, docs


def _chromium(binary: str, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
           f"--user-data-dir={tmp / 'profile'}", *args]
    proc = subprocess.run(cmd, capture_output=True, timeout=180)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    return proc


# ---------------------------------------------------------------- a PNG decoder (zlib only)

def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of pixels) of an 8-bit RGB or RGBA PNG, each pixel as bytes."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        filt, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        _unfilter(filt, line, prev, bpp)
        rows.append(bytes(line))
        prev = line
    return width, height, [bytes(r[x:x + bpp]) for r in rows for x in range(0, stride, bpp)]


def _unfilter(filt: int, line: bytearray, prev: bytearray, bpp: int) -> None:
    if filt == 0:
        return
    if filt == 2:
        line[:] = bytes((a + b) & 255 for a, b in zip(line, prev))
        return
    for i in range(len(line)):
        left = line[i - bpp] if i >= bpp else 0
        up = prev[i]
        if filt == 1:
            line[i] = (line[i] + left) & 255
        elif filt == 3:
            line[i] = (line[i] + (left + up) // 2) & 255
        else:  # 4, Paeth
            corner = prev[i - bpp] if i >= bpp else 0
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255


def test_png_decoder_reads_a_known_image():
    # 2x1 RGB, Sub filter: red then green (the second pixel stored as its difference)
    raw = bytes([1, 255, 0, 0, 1, 255, 0])
    ihdr = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)
    chunk = lambda k, d: struct.pack(">I", len(d)) + k + d + struct.pack(">I", zlib.crc32(k + d))  # noqa: E731
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    assert png_pixels(png) == (2, 1, [b"\xff\x00\x00", b"\x00\xff\x00"])


# ---------------------------------------------------------------- the browser

@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_page_draws_something_at_phone_and_desktop_width(chromium, page, tmp_path, size):
    shot = tmp_path / "shot.png"
    _chromium(chromium, tmp_path, f"--window-size={size[0]},{size[1]}", f"--screenshot={shot}", page[0].as_uri())
    width, height, pixels = png_pixels(shot.read_bytes())
    assert (width, height) == size
    colours = {p[:3] for p in pixels}
    # A blank or failed page is one or two colours; the marks (six entity colours, the
    # trigger outlines, badges, text antialiasing) give hundreds.
    assert len(colours) >= 50, f"only {len(colours)} colours: {sorted(colours)[:5]}"
    inked = sum(1 for p in pixels if p[:3] not in (b"\xff\xff\xff", b"\xf4\xf4\xf2"))
    assert inked > 0.02 * len(pixels)


def _dom(chromium: str, tmp_path: Path, page_path: Path, width: int) -> str:
    # The probe (test-only) records after layout how far the page scrolls sideways, and how
    # far right any element reaches when the body is held to a narrow phone's 360 px (the
    # headless window cannot be narrower than 500 px).
    probe = ("<script>addEventListener('load',function(){var d=document.documentElement;"
             "d.setAttribute('data-overflow',d.scrollWidth-d.clientWidth);document.body.style.width='360px';"
             "var r=0;document.querySelectorAll('main *').forEach(function(e){var b=e.getBoundingClientRect();"
             "if(b.width)r=Math.max(r,b.right)});d.setAttribute('data-right',Math.ceil(r))})</script>")
    probed = tmp_path / "probed.html"
    probed.write_text(page_path.read_text(encoding="utf-8").replace("</body>", probe + "</body>"), encoding="utf-8")
    return _chromium(chromium, tmp_path, f"--window-size={width},900", "--dump-dom", probed.as_uri()).stdout.decode()


@pytest.mark.parametrize("width", [PHONE[0], DESKTOP[0]], ids=["phone", "desktop"])
def test_the_dom_holds_every_mark_and_nothing_scrolls_sideways(chromium, page, tmp_path, width):
    dom = _dom(chromium, tmp_path, page[0], width)
    assert re.search(r'data-overflow="0"', dom), re.search(r'data-overflow="[^"]*"', dom)
    right = int(re.search(r'data-right="(\d+)"', dom).group(1))
    assert right <= 360
    for i, doc in enumerate(page[1]):
        first = lambda kind: set(re.findall(rf'<span id="(d{i}-{kind}\d+)" class="m ', dom))  # noqa: E731
        assert len(first("e")) == len(doc.entities) and len(first("q")) == len(doc.quantities)
        triggers = re.findall(rf'<span id="d{i}-v\d+-t" class="m trg trg-(\w+)"', dom)
        assert Counter(triggers) == Counter(ev.type for ev in doc.events)
        assert dom.count(f'<li class="ev" data-ev="d{i}-v') == len(doc.events)
