"""Train pkuseg segmenters on the open (CC BY-SA 4.0) data, for eval/bench_segmentation.py.

    python eval/train_segmenter_opendata.py [--opendata ../shared/opendata] [--out /tmp/segmodels]
        [--iterations 10] [--ft-iterations 3] [--jobs 2] [--only od,od+000,...]

Steps:
1. Convert UNER Chinese GSD (Traditional) to Simplified with OpenCC `t2s`, keeping the
   gold word boundaries, and check the converted dev/test against UD GSDSimp dev/test
   (the same sentences, simplified and corrected by hand): character agreement and
   word-boundary agreement are printed and saved in OUT/conversion_check.json.
2. Training data "opendata" = UNER train (converted) + GSDSimp dev + GSDSimp test
   (UNER dev/test are those same sentences, so they are used only for the check).
3. Train with `python -m pipeline train-segmenter` (the project's own command):
     seed:<doc>       one seed document's gold tokens only (for by-document cross-validation)
     od               opendata only
     od+<doc>         opendata + one seed document (cross-validation on the seeds)
     od+seeds         opendata + both seeds (the candidate to ship)
     ft:od            fine-tune the pkuseg default model (--init-model) on opendata
     ft:od+<doc>      fine-tune on opendata + one seed document
   Every model goes to OUT/<name>/ (outside the repository by default) and its training
   time to OUT/train_times.json, which the benchmark reads.

Nothing here reads ../shared/benchdata. If the opendata folder is missing the script says
so and exits 0.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
UNER = "uner_zh_gsd"
GSD = "ud_zh_gsdsimp"
# OpenCC t2s keeps the corner quotes of Traditional text; GSDSimp (and PKU) use curly ones.
QUOTES = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})


def read_blocks(path: Path):
    """Sentences of a CoNLL-U / IOB2 file: (sent_id, comment lines, token rows)."""
    sent_id, comments, rows = None, [], []
    for line in path.read_text(encoding="utf-8-sig").split("\n") + [""]:
        if not line.strip():
            if rows:
                yield sent_id, comments, rows
            sent_id, comments, rows = None, [], []
        elif line.startswith("#"):
            comments.append(line)
            if line.startswith("# sent_id"):
                sent_id = line.split("=", 1)[1].strip()
        else:
            rows.append(line.split("\t"))


def words_of(rows) -> list[str]:
    return [r[1] for r in rows if r[0].isdigit()]


def to_simplified(words: list[str], cc) -> list[str]:
    """Convert a sentence as a whole (OpenCC's phrase tables need context), then cut it
    back at the gold word boundaries; if a phrase conversion changed the length, convert
    word by word instead."""
    joined = cc.convert("".join(words)).translate(QUOTES)
    if len(joined) == sum(map(len, words)):
        out, pos = [], 0
        for w in words:
            out.append(joined[pos:pos + len(w)])
            pos += len(w)
        return out
    return [cc.convert(w).translate(QUOTES) for w in words]


def convert_uner(src: Path, dst: Path, cc) -> list[list[str]]:
    sents = []
    with dst.open("w", encoding="utf-8") as out:
        for _sid, comments, rows in read_blocks(src):
            simp = to_simplified(words_of(rows), cc)
            sents.append(simp)
            for c in comments:
                if c.startswith("# text"):
                    c = "# text = " + "".join(simp)
                out.write(c + "\n")
            k = 0
            for r in rows:
                if r[0].isdigit():
                    r = [r[0], simp[k]] + r[2:]
                    k += 1
                out.write("\t".join(r) + "\n")
            out.write("\n")
    return sents


def boundaries(words: list[str]) -> set[int]:
    out, pos = set(), 0
    for w in words:
        pos += len(w)
        out.add(pos)
    return out


def check_conversion(converted: list[list[str]], gsd_file: Path) -> dict:
    gsd = [words_of(rows) for _s, _c, rows in read_blocks(gsd_file)]
    chars = same_chars = same_bounds = bounds = same_sent = 0
    diffs: dict[str, int] = {}
    aligned = 0
    for a, b in zip(converted, gsd):
        ta, tb = "".join(a), "".join(b)
        if len(ta) != len(tb):
            continue
        aligned += 1
        chars += len(ta)
        for x, y in zip(ta, tb):
            if x == y:
                same_chars += 1
            else:
                diffs[f"{x}->{y}"] = diffs.get(f"{x}->{y}", 0) + 1
        same_sent += ta == tb
        ba, bb = boundaries(a), boundaries(b)
        bounds += len(bb)
        same_bounds += len(ba & bb)
    return {"file": gsd_file.name, "sentences": len(gsd), "aligned_same_length": aligned,
            "identical_text": same_sent, "char_agreement": round(same_chars / max(chars, 1), 5),
            "boundary_agreement_vs_gsdsimp": round(same_bounds / max(bounds, 1), 5),
            "top_char_diffs": sorted(diffs.items(), key=lambda kv: -kv[1])[:15]}


def pkuseg_default_dir() -> Path:
    spec = importlib.util.find_spec("pkuseg")
    if spec is None or not spec.origin:
        raise SystemExit("error: the pkuseg package (with its bundled default model) is not installed")
    return Path(spec.origin).parent / "models" / "default"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--opendata", default=str(REPO.parent / "shared" / "opendata"))
    ap.add_argument("--seeds", default=str(REPO / "annotations" / "gold" / "seeds.jsonl"))
    ap.add_argument("--out", default="/tmp/segmodels")
    ap.add_argument("--iterations", type=int, default=20, help="training iterations for models trained from scratch")
    ap.add_argument("--ft-iterations", type=int, default=5, help="iterations when fine-tuning the default model")
    ap.add_argument("--jobs", type=int, default=2, help="trainings run at once (each uses one core)")
    ap.add_argument("--only", default="", help="comma-separated model names to (re)train; default all")
    ap.add_argument("--no-finetune", action="store_true", help="skip the ft:* models (slow, ~180 MB each)")
    args = ap.parse_args()

    od = Path(args.opendata)
    if not (od / UNER).is_dir() or not (od / GSD).is_dir():
        print(f"opendata not found at {od} (needs {UNER}/ and {GSD}/): nothing to train", file=sys.stderr)
        return 0
    import opencc

    out = Path(args.out)
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    cc = opencc.OpenCC("t2s")

    # 1. conversion + check
    conv = {}
    for split in ("train", "dev", "test"):
        conv[split] = convert_uner(od / UNER / f"zh_gsd-ud-{split}.iob2", data / f"uner_{split}_simp.iob2", cc)
    checks = [check_conversion(conv["dev"], od / GSD / "zh_gsdsimp-ud-dev.conllu"),
              check_conversion(conv["test"], od / GSD / "zh_gsdsimp-ud-test.conllu")]
    (out / "conversion_check.json").write_text(json.dumps(checks, ensure_ascii=False, indent=1), encoding="utf-8")
    for c in checks:
        print(f"t2s check vs {c['file']}: {c['identical_text']}/{c['sentences']} sentences identical, "
              f"char agreement {c['char_agreement']:.4f}, word-boundary agreement {c['boundary_agreement_vs_gsdsimp']:.4f}; "
              f"top diffs {c['top_char_diffs'][:6]}", file=sys.stderr)

    od_files = [data / "uner_train_simp.iob2", od / GSD / "zh_gsdsimp-ud-dev.conllu", od / GSD / "zh_gsdsimp-ud-test.conllu"]
    # A small dev file only for pkuseg's per-iteration log (the last iteration is saved,
    # so it selects nothing): 100 converted UNER dev sentences.
    dev_file = data / "dev_small.iob2"
    blocks = list(read_blocks(data / "uner_dev_simp.iob2"))[:100]
    dev_file.write_text("".join("\n".join("\t".join(r) for r in rows) + "\n\n" for _s, _c, rows in blocks), encoding="utf-8")

    # seeds split by document
    seed_files = {}
    if Path(args.seeds).exists():
        for line in Path(args.seeds).read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc_id = json.loads(line)["id"]
                short = doc_id.split("_")[0]
                p = data / f"seed_{short}.jsonl"
                p.write_text(line + "\n", encoding="utf-8")
                seed_files[short] = (doc_id, p)
    else:
        print(f"warning: no seed gold at {args.seeds}; training opendata-only models", file=sys.stderr)

    default_dir = pkuseg_default_dir()
    jobs: list[tuple[str, list[Path], str | None, int]] = []
    for short, (_doc, p) in seed_files.items():
        jobs.append((f"seed:{short}", [p], None, args.iterations))
    jobs.append(("od", od_files, None, args.iterations))
    for short, (_doc, p) in seed_files.items():
        jobs.append((f"od+{short}", od_files + [p], None, args.iterations))
    if seed_files:
        jobs.append(("seeds", [p for _d, p in seed_files.values()], None, args.iterations))
        jobs.append(("od+seeds", od_files + [p for _d, p in seed_files.values()], None, args.iterations))
    if not args.no_finetune:
        jobs.append(("ft:od", od_files, str(default_dir), args.ft_iterations))
        for short, (_doc, p) in seed_files.items():
            jobs.append((f"ft:od+{short}", od_files + [p], str(default_dir), args.ft_iterations))
        if seed_files:
            jobs.append(("ft:od+seeds", od_files + [p for _d, p in seed_files.values()], str(default_dir),
                         args.ft_iterations))
    if args.only:
        wanted = set(args.only.split(","))
        jobs = [j for j in jobs if j[0] in wanted]

    times_path = out / "train_times.json"
    times = json.loads(times_path.read_text()) if times_path.exists() else {}
    meta = {short: doc for short, (doc, _p) in seed_files.items()}

    def run(job):
        name, files, init, iters = job
        model_dir = out / name.replace(":", "_")
        cmd = [sys.executable, "-m", "pipeline", "train-segmenter", "--gold", *map(str, files),
               "--out", str(model_dir), "--dev", str(dev_file), "--iterations", str(iters)]
        if init:
            cmd += ["--init-model", init]
        log = out / f"{name.replace(':', '_')}.log"
        t0 = time.time()
        with log.open("w") as fh:
            rc = subprocess.call(cmd, cwd=REPO, stdout=fh, stderr=subprocess.STDOUT)
        dt = time.time() - t0
        size = sum(f.stat().st_size for f in model_dir.glob("*") if f.is_file()) if model_dir.exists() else 0
        print(f"{name}: rc={rc} {dt:.0f}s, {size / 1e6:.1f} MB -> {model_dir} (log {log})", file=sys.stderr)
        return name, {"dir": str(model_dir), "seconds": round(dt, 1), "iterations": iters, "rc": rc,
                      "init_model": init, "size_mb": round(size / 1e6, 1),
                      "train_files": [str(f) for f in files],
                      "seed_docs": [meta[s] for s in meta if f"+{s}" in name or name == f"seed:{s}"
                                    or name.endswith("seeds")]}

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for name, info in pool.map(run, jobs):
            times[name] = info
            times_path.write_text(json.dumps(times, indent=1), encoding="utf-8")
    print(f"training times in {times_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
