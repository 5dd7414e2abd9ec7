"""Gold documents stored without their text, for sources whose licence forbids copying it.

The cec_disasters reports in ../shared/realdata have no licence: the project may keep
annotations of them but never their text. Such a gold line carries offsets only, plus
`text_file` (the realdata JSONL file holding the document, by name) and `text_sha256`
(of the text the offsets index). `attach_text` puts the text back from the realdata
folder, checks the hash, and fills every span's `text` from its offsets; the result is
an ordinary guide-format document. `strip_text` is the inverse, used when gold is saved.

The realdata folder is $BULLETIN_REALDATA, else `../shared/realdata` beside the checkout.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Optional

from .paths import PACKAGE_DIR

TEXT_FREE_META = ("title", "origin", "url")  # they quote the source's text or name it


class TextSourceError(ValueError):
    """The text of a text-free gold line cannot be re-attached (missing file or changed text)."""


def realdata_dir() -> Path:
    env = os.environ.get("BULLETIN_REALDATA")
    return Path(env) if env else PACKAGE_DIR.parent.parent / "shared" / "realdata"


def trainable(doc) -> bool:
    """May a shipped model learn from this document's text? Not when its meta.licence says
    none is stated (cec_disasters: development and measurement only, realdata MANIFEST)."""
    return not str((doc.meta.model_extra or {}).get("licence", "")).startswith("none stated")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_text_free(obj: Any) -> bool:
    return isinstance(obj, dict) and "text" not in obj and "text_sha256" in obj


_index_cache: dict[Path, dict[str, dict]] = {}


def _realdata_index(path: Path) -> dict[str, dict]:
    path = path.resolve()
    if path not in _index_cache:
        docs: dict[str, dict] = {}
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    d = json.loads(line)
                    docs[str(d["id"])] = d
        _index_cache[path] = docs
    return _index_cache[path]


def source_document(obj: dict, realdata: Optional[Path] = None) -> dict:
    """The realdata record a text-free gold line points at, its hash checked."""
    folder = realdata or realdata_dir()
    name = obj.get("text_file")
    if not isinstance(name, str) or not name or Path(name).name != name:
        raise TextSourceError(f"text_file must name a JSONL file of the realdata folder, got {name!r}")
    path = folder / name
    if not path.is_file():
        raise TextSourceError(
            f"the text of {obj.get('id')!r} is not stored with its annotations; it is read from {path}, "
            "which is missing (put ../shared/realdata beside the checkout or set BULLETIN_REALDATA)")
    src = _realdata_index(path).get(str(obj.get("id")))
    if src is None:
        raise TextSourceError(f"document {obj.get('id')!r} is not in {path}")
    digest = sha256_text(src["text"])
    if digest != obj["text_sha256"]:
        raise TextSourceError(
            f"the text of {obj.get('id')!r} in {path} has changed since it was annotated "
            f"(sha256 {digest[:12]}…, annotations made on {str(obj['text_sha256'])[:12]}…)")
    return src


def attach_text(obj: dict, realdata: Optional[Path] = None) -> dict:
    """A text-free gold line → an ordinary guide-format document (a new dict)."""
    src = source_document(obj, realdata)
    text = src["text"]
    out = {k: v for k, v in obj.items() if k not in ("text_sha256", "text_file")}
    out["text"] = text
    out["meta"] = {**src.get("meta", {}), **obj.get("meta", {})}

    def fill(span: Optional[dict]) -> None:
        if isinstance(span, dict) and "start" in span and "end" in span and "text" not in span:
            s, e = span["start"], span["end"]
            if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text):
                span["text"] = text[s:e]

    for ent in out.get("entities") or []:
        fill(ent)
    for q in out.get("quantities") or []:
        fill(q)
        fill(q.get("item"))
    for ev in out.get("events") or []:
        fill(ev.get("trigger"))
        for arg in ev.get("args") or []:
            fill(arg)
    return out


def strip_text(doc: dict, text_file: str) -> dict:
    """A guide-format document → its text-free form (offsets only, hash of the text)."""
    text = doc["text"]
    out: dict[str, Any] = {"id": doc["id"], "text_file": text_file, "text_sha256": sha256_text(text)}
    out["meta"] = {k: v for k, v in (doc.get("meta") or {}).items() if k not in TEXT_FREE_META}

    def bare(span: Optional[dict]) -> Optional[dict]:
        if span is None:
            return None
        return {k: v for k, v in span.items() if k != "text" or "start" not in span}

    for key in ("sentences", "tokens"):
        if key in doc:
            out[key] = doc[key]
    if "entities" in doc:
        out["entities"] = [bare(e) for e in doc["entities"]]
    if "quantities" in doc:
        out["quantities"] = [dict(bare(q), item=bare(q.get("item"))) for q in doc["quantities"]]
    if "events" in doc:
        out["events"] = [{**{k: v for k, v in ev.items() if k not in ("trigger", "args")},
                          "trigger": bare(ev["trigger"]), "args": [bare(a) for a in ev.get("args", [])]}
                         for ev in doc["events"]]
    return out
