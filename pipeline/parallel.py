"""`run --n-process N`: documents streamed through N worker processes, output in input order.

* Each worker holds one pipeline: forked workers inherit the main process's (see
  `start_method`), spawned ones build it once from the same config and overrides. A
  worker returns each document already serialised, so the main process only reads
  inputs and writes lines: it is never the bottleneck.
* Inputs go out in chunks (up to CHUNK_DOCS documents or CHUNK_CHARS characters) and at
  most WINDOW_PER_PROCESS chunks per worker are in flight, so a large JSONL input is
  never held in memory; results are yielded chunk by chunk in input order.
* A batch of at most one chunk runs in this process: starting workers (each builds the
  pipeline, seconds) would cost more than it saves.
* A document that fails is an error record as in one process. A worker that dies (a
  segfault, the OOM killer) breaks the pool: what was written stays written, the chunks
  in flight are re-run one at a time in a fresh pool so the chunk that kills a worker
  is found, and its documents become error records (stage `worker`); the rest goes on.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain
from typing import Any, Iterable, Iterator, Optional, Union

from .io import Input, InputError

CHUNK_DOCS = 16
CHUNK_CHARS = 50_000
WINDOW_PER_PROCESS = 2

Item = Union[Input, InputError]
Outcome = tuple[Optional[str], Optional[InputError]]  # (JSON line, error) of one input


def default_n_process() -> int:
    return os.cpu_count() or 1


def chunks(items: Iterable[Item], max_docs: Optional[int] = None, max_chars: Optional[int] = None) -> Iterator[list[Item]]:
    """Consecutive pieces of the input; read errors travel with their neighbours to keep order."""
    max_docs, max_chars = max_docs or CHUNK_DOCS, max_chars or CHUNK_CHARS  # read now: tests change them
    chunk: list[Item] = []
    docs = chars = 0
    for item in items:
        chunk.append(item)
        if isinstance(item, Input):
            docs += 1
            chars += len(item.text)
        if docs >= max_docs or chars >= max_chars:
            yield chunk
            chunk, docs, chars = [], 0, 0
    if chunk:
        yield chunk


# ---------------------------------------------------------------- worker side

_NLP = None


def _init_worker(config: Optional[str], overrides: dict[str, Any], parent: int, build_here: bool) -> None:
    global _NLP
    # Ctrl-C reaches the whole process group: the main process decides what to keep,
    # workers must not die mid-chunk on their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _watch_parent(parent)
    if build_here:
        from .pipeline import build

        _NLP = build(config, overrides)


def _watch_parent(parent: int) -> None:
    """A worker whose main process was killed (kill -9) exits instead of running on."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def outcome_of(nlp, item: Input) -> Outcome:
    """One input through the pipeline, serialised: what `run` writes for it."""
    from .io import dump_document
    from .pipeline import process

    result = process(nlp, item)
    if result.error is not None:
        return None, result.error
    try:
        return dump_document(result.document), None
    except (UnicodeEncodeError, ValueError) as err:
        return None, InputError(item.source, f"cannot write the document: {err}", "write", item.id)


def _work(inputs: list[Input]) -> list[Outcome]:
    return [outcome_of(_NLP, item) for item in inputs]


# ---------------------------------------------------------------- main side

def _in_process(nlp, chunk: list[Item]) -> Iterator[tuple[Item, Outcome]]:
    for item in chunk:
        yield item, ((None, item) if isinstance(item, InputError) else outcome_of(nlp, item))


def _merge(chunk: list[Item], outcomes: list[Outcome]) -> Iterator[tuple[Item, Outcome]]:
    done = iter(outcomes)
    for item in chunk:
        yield item, ((None, item) if isinstance(item, InputError) else next(done))


def _died(chunk: list[Item]) -> list[Outcome]:
    n = sum(isinstance(i, Input) for i in chunk)
    message = (f"a worker process died while processing this document's chunk of {n} (a crash or the "
               "out-of-memory killer); rerun these documents with --n-process 1 to find the one")
    return [(None, InputError(i.source, message, "worker", i.id)) for i in chunk if isinstance(i, Input)]


def start_method() -> str:
    """fork where there is one: a forked worker inherits the main process's built pipeline
    (copy-on-write), where a spawned one spends seconds importing and building its own —
    measured 11 s for two workers on this 2-core machine, a sixth of a 1 MB run. Forking
    is safe here because nothing in the pipeline runs threads: the LAC backbone's ONNX
    session is created with one intra-op thread (no thread pool), pkuseg and the rule
    stages are single-threaded. BULLETIN_START_METHOD=spawn overrides it."""
    import multiprocessing

    wanted = os.environ.get("BULLETIN_START_METHOD")
    if wanted:
        return wanted
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


class _Pool:
    def __init__(self, n_process: int, nlp, config: Optional[str], overrides: dict[str, Any]):
        import multiprocessing

        global _NLP
        self.args = (n_process, nlp, config, overrides)
        method = start_method()
        _NLP = nlp  # what forked workers inherit; spawned ones build their own
        self.executor = ProcessPoolExecutor(n_process, mp_context=multiprocessing.get_context(method),
                                            initializer=_init_worker,
                                            initargs=(config, overrides, os.getpid(), method != "fork"))

    def submit(self, chunk: list[Item]) -> Future:
        return self.executor.submit(_work, [i for i in chunk if isinstance(i, Input)])

    def renew(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.__init__(*self.args)

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


def _one_by_one(pool: _Pool, pending: list[list[Item]]) -> Iterator[tuple[Item, Outcome]]:
    """After a crash: each chunk alone, so the one that kills a worker is known."""
    for chunk in pending:
        try:
            outcomes = pool.submit(chunk).result()
        except BrokenProcessPool:
            outcomes = _died(chunk)
            pool.renew()
        yield from _merge(chunk, outcomes)


def process_stream(nlp, items: Iterable[Item], n_process: int = 1, config: Optional[str] = None,
                   overrides: Optional[dict[str, Any]] = None, **chunking: int) -> Iterator[tuple[Item, Outcome]]:
    """(input, (line, error)) for every input, in input order.

    `nlp` serves the one-process path; workers build their own from `config` and
    `overrides`, which must describe the same pipeline."""
    pieces = chunks(items, **chunking)
    head = [c for _, c in zip(range(2), pieces)]
    if n_process <= 1 or len(head) < 2:
        for chunk in chain(head, pieces):
            yield from _in_process(nlp, chunk)
        return
    pool = _Pool(n_process, nlp, config, overrides or {})
    try:
        yield from _pooled(pool, chain(head, pieces), WINDOW_PER_PROCESS * n_process)
    finally:
        pool.close()


def _pooled(pool: _Pool, pieces: Iterator[list[Item]], window: int) -> Iterator[tuple[Item, Outcome]]:
    in_flight: deque[tuple[list[Item], Future]] = deque()
    for chunk in pieces:
        in_flight.append((chunk, pool.submit(chunk)))
        while len(in_flight) >= window:
            yield from _next_done(pool, in_flight)
    while in_flight:
        yield from _next_done(pool, in_flight)


def _next_done(pool: _Pool, in_flight: deque) -> Iterator[tuple[Item, Outcome]]:
    chunk, future = in_flight.popleft()
    try:
        outcomes = future.result()
    except BrokenProcessPool:
        pending = [chunk] + [c for c, _ in in_flight]
        in_flight.clear()
        pool.renew()
        yield from _one_by_one(pool, pending)
        return
    yield from _merge(chunk, outcomes)
