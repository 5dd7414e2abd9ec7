"""Run the pipeline past one machine: over a Dask bag or dataframe (`pip install ".[dask]"`).

    from dask.distributed import Client
    import dask.bag as db
    from pipeline.dask_adapter import annotate_bag

    client = Client("tcp://scheduler:8786")           # or LocalCluster() on one machine
    bag = db.read_text("bulletins-*.jsonl").map(json.loads)   # {"id", "text", "meta"} dicts
    docs = annotate_bag(bag).compute()                 # guide-format documents (dicts)
    events = annotate_bag(bag, output="events")        # flat event records (pipeline/records.py)

The unit of work is a partition: `annotate_partition(rows)` takes an iterable of input
dicts and returns a list of output dicts, so the same function serves Spark
(`rdd.mapPartitions(annotate_partition)`) or any other engine that maps over batches.
Each worker process builds the pipeline once, on its first partition, and keeps it
(`_pipeline`, cached per process by config and overrides): building takes seconds,
a partition of bulletins about as long, so it must not be rebuilt per partition.

A row is read like a line of `run`'s JSONL input (same checks: id, text, meta); a row or
document that fails becomes an error record `{"id", "source", "stage", "error"}` in the
output, in its place, never an exception that would fail the partition: test for it
with `is_error`.
"""
from __future__ import annotations

import json
import math
from typing import Any, Iterable, Optional

OUTPUTS = ("documents", "events", "quantities")
_CACHE: dict[str, Any] = {}
BUILDS = 0  # pipelines built by this process (one per config is the promise)


def _pipeline(config: Optional[str], overrides: Optional[dict[str, Any]]):
    global BUILDS
    key = json.dumps([config, overrides or {}], sort_keys=True, default=str)
    if key not in _CACHE:
        from .pipeline import build

        _CACHE[key] = build(config, overrides)
        BUILDS += 1
    return _CACHE[key]


def is_error(record: dict[str, Any]) -> bool:
    return "error" in record and "stage" in record


def _row_input(row: Any, where: str):
    """A row dict → Input (or InputError), checked like a JSONL input line."""
    from .io import _document_of

    if isinstance(row, dict) and "meta" not in row and "date" in row:
        date = row.get("date")
        missing = date is None or (isinstance(date, float) and math.isnan(date))  # a dataframe's empty cell
        row = {**{k: v for k, v in row.items() if k != "date"}, "meta": {} if missing else {"date": str(date)}}
    return _document_of(row, where, where, None)


def _outputs(doc, output: str) -> list[dict[str, Any]]:
    from .records import event_records, quantity_records

    if output == "documents":
        return [json.loads(doc.model_dump_json(exclude_none=True))]
    records = event_records(doc) if output == "events" else quantity_records(doc)
    return [r.model_dump(mode="json") for r in records]


def annotate_partition(rows: Iterable[Any], config: Optional[str] = None, overrides: Optional[dict[str, Any]] = None,
                       output: str = "documents", source: str = "row") -> list[dict[str, Any]]:
    """One partition of input rows → guide documents (or event / quantity records) and error records."""
    from .io import InputError
    from .pipeline import process

    if output not in OUTPUTS:
        raise ValueError(f"output must be one of {', '.join(OUTPUTS)}, got {output!r}")
    nlp = _pipeline(config, overrides)
    out: list[dict[str, Any]] = []
    for k, row in enumerate(rows):
        item = _row_input(row, f"{source}:{k}")
        result = None if isinstance(item, InputError) else process(nlp, item)
        error = item if isinstance(item, InputError) else result.error
        out.extend([error.record()] if error is not None else _outputs(result.document, output))
    return out


def annotate_bag(bag, config: Optional[str] = None, overrides: Optional[dict[str, Any]] = None,
                 output: str = "documents"):
    """A Dask bag of {"id", "text"[, "meta" | "date"]} dicts → a bag of output dicts, in order."""
    from functools import partial

    # bound with partial: dask's own map_partitions keywords include `output`
    return bag.map_partitions(partial(annotate_partition, config=config, overrides=overrides, output=output))


def annotate_dataframe(df, config: Optional[str] = None, overrides: Optional[dict[str, Any]] = None,
                       output: str = "documents", id_column: str = "id", text_column: str = "text",
                       date_column: Optional[str] = "date"):
    """A Dask dataframe with id / text [/ date] columns → a bag of output dicts, in row order.

    Records (output="events" or "quantities") are flat: `.to_dataframe()` makes a
    dataframe of them again."""
    columns = {id_column: "id", text_column: "text"}
    if date_column and date_column in df.columns:
        columns[date_column] = "date"
    rows = df[list(columns)].rename(columns=columns).to_bag(format="dict")
    return annotate_bag(rows, config, overrides, output)
