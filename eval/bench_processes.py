"""Speed of `run --n-process N`: chars/s for 1 and 2 worker processes on >= 1 MB of text.

    python eval/bench_processes.py [--chars 1000000] [--processes 1,2] [--config-override ...]

The input is the real-corpus epidemic bulletins (annotations/real/dxy.jsonl) and the seed
bulletins (annotations/raw/*.txt), repeated with distinct ids until it holds --chars
characters. Each setting runs the command line as a user would (`python -m pipeline
run`), so the time includes starting Python and building the pipeline; the output of
every setting must be identical to the one-process output. The load average before
and after is printed: the machine may be shared, which lowers the speed-up.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def corpus_texts() -> list[tuple[str, str]]:
    """(text, publication date) of the bundled bulletins that carry their text."""
    texts = []
    for line in (REPO / "annotations" / "real" / "dxy.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        texts.append((doc["text"], doc["meta"].get("date")))
    for path in sorted((REPO / "annotations" / "raw").glob("*.txt")):
        meta = path.with_name(path.stem + ".meta.json")
        date = json.loads(meta.read_text(encoding="utf-8")).get("date") if meta.exists() else None
        texts.append((path.read_text(encoding="utf-8"), date))
    return texts


def write_input(path: Path, chars: int) -> tuple[int, int]:
    """Repeat the corpus with distinct ids until `chars` characters; (documents, characters)."""
    texts = corpus_texts()
    n = total = 0
    with open(path, "w", encoding="utf-8") as fh:
        while total < chars:
            text, date = texts[n % len(texts)]
            meta = {"date": date} if date else {}
            fh.write(json.dumps({"id": f"bench-{n}", "text": text, "meta": meta}, ensure_ascii=False) + "\n")
            n += 1
            total += len(text)
    return n, total


def _spin(_: int) -> float:
    start = time.perf_counter()
    x = 0
    for i in range(10_000_000):
        x += i
    return time.perf_counter() - start


def parallel_capacity(n: int) -> float:
    """How many cores a pure-Python loop really gets: n when the machine is idle, ~1 when
    others' jobs take the rest. The pipeline's speed-up cannot exceed it."""
    from multiprocessing import get_context

    alone = _spin(0)
    with get_context("fork").Pool(n) as pool:
        start = time.perf_counter()
        pool.map(_spin, range(n))
        together = time.perf_counter() - start
    return n * alone / together


def run(src: Path, out: Path, n_process: int, extra: list[str]) -> float:
    cmd = [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--quiet",
           "--n-process", str(n_process), *extra]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=REPO, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chars", type=int, default=1_000_000)
    ap.add_argument("--processes", default="1,2", help="comma-separated worker counts; the first is the baseline")
    args, extra = ap.parse_known_args()
    settings = [int(x) for x in args.processes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bench.jsonl"
        docs, chars = write_input(src, args.chars)
        print(f"{docs:,} documents, {chars:,} characters; {os.cpu_count()} cores; "
              f"load average before: {os.getloadavg()[0]:.2f}")
        most = max(settings)
        print(f"parallel capacity for {most} processes: {parallel_capacity(most):.2f} "
              f"(the speed-up a pure CPU loop gets; the ceiling for the pipeline now)", flush=True)
        times, outputs = {}, {}
        for n in settings:
            out = Path(tmp) / f"out{n}.jsonl"
            times[n] = run(src, out, n, extra)
            outputs[n] = out.read_bytes()
            print(f"--n-process {n}: {times[n]:6.1f} s  {chars / times[n]:9,.0f} chars/s  "
                  f"speed-up {times[settings[0]] / times[n]:.2f}x", flush=True)
        same = all(outputs[n] == outputs[settings[0]] for n in settings)
        print(f"load average after: {os.getloadavg()[0]:.2f}; outputs identical: {same}")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
