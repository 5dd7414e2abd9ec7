"""The Dask adapter on a real local cluster: two worker processes, one pipeline each,
the same documents as the one-process path, error records in place."""
import json

import pytest

# No importorskip: install.sh installs the [dask] extra, so a missing dask is a failure.
import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import pandas as pd  # noqa: E402
from dask.distributed import Client, LocalCluster  # noqa: E402

from pipeline import dask_adapter  # noqa: E402
from pipeline.io import Input, dump_document  # noqa: E402
from pipeline.pipeline import process  # noqa: E402

from test_guarantees import GOOD  # noqa: E402

FAST = {"nlp.tokenizer.segmenter": "char", "components.entities.backbone": None}
ROWS = [{"id": f"d{i}", "text": f"{i % 12 + 1}月3日，" + GOOD, "meta": {"date": "2022-08-07"}} for i in range(10)]
ROWS[4] = {"id": "bad", "text": 42}                              # not a document: an error record in place


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        yield c


def expected(rows):
    from pipeline import build

    nlp = build(overrides=FAST)
    out = []
    for r in rows:
        if not isinstance(r["text"], str):
            out.append(None)
        else:
            out.append(json.loads(dump_document(process(nlp, Input(r["id"], r["text"], r["meta"], "x")).document)))
    return out


def test_a_bag_gives_the_one_process_documents_in_order_with_one_pipeline_per_worker(client):
    bag = db.from_sequence(ROWS, npartitions=5)
    docs = dask_adapter.annotate_bag(bag, overrides=FAST).compute()
    want = expected(ROWS)
    assert [d["id"] for d in docs] == ["d0", "d1", "d2", "d3", None, "d5", "d6", "d7", "d8", "d9"]
    assert dask_adapter.is_error(docs[4]) and "string `text`" in docs[4]["error"]
    assert [d for d, w in zip(docs, want) if w is not None] == [w for w in want if w is not None]
    # a second computation reuses each worker's pipeline
    dask_adapter.annotate_bag(bag, overrides=FAST, output="events").compute()
    builds = client.run(lambda: __import__("pipeline.dask_adapter").dask_adapter.BUILDS)
    assert len(builds) == 2 and set(builds.values()) <= {0, 1} and sum(builds.values()) >= 1


def test_a_dataframe_of_id_text_date_gives_flat_event_records(client):
    frame = pd.DataFrame({"id": ["a", "b", "c"], "text": [GOOD, "8月3日，区红十字会捐赠口罩2万只。", GOOD],
                          "date": ["2022-08-07", None, "2022-08-09"]})
    records = dask_adapter.annotate_dataframe(dd.from_pandas(frame, npartitions=2), overrides=FAST,
                                              output="events").compute()
    assert {r["doc_id"] for r in records} == {"a", "b", "c"}
    assert all(not dask_adapter.is_error(r) for r in records)
    by_doc = {r["doc_id"]: r for r in records if r["event_type"] == "DONATE"}
    assert by_doc["a"]["publication_date"] == "2022-08-07" and by_doc["b"]["publication_date"] is None
    assert by_doc["b"]["quantity_text"] == "2万只" and by_doc["b"]["value"] == 20000


def test_an_unknown_output_is_refused():
    with pytest.raises(ValueError, match="output must be one of"):
        dask_adapter.annotate_partition([], output="tables")
