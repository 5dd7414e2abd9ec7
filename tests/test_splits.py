import json

import pytest

from pipeline.splits import Splits

from conftest import REPO


def test_the_seed_splits_cover_the_seed_gold_by_document():
    from pipeline.io import load_documents

    splits = Splits.load(REPO / "annotations" / "splits_seeds.json")
    docs = load_documents(splits.gold, strict=True).documents
    ids = {d.id for d in docs}
    assert set().union(*map(set, splits.folds)) == ids
    for k in range(len(splits.folds)):
        train, test = splits.split(docs, k)
        assert test and not ({d.id for d in train} & {d.id for d in test})


def test_bad_split_files_are_clear_errors(tmp_path):
    p = tmp_path / "s.json"
    p.write_text(json.dumps({"folds": [["a"], ["a", "b"]]}))
    with pytest.raises(ValueError, match="'a' is in fold 0 and fold 1"):
        Splits.load(p)
    p.write_text(json.dumps({"folds": "a"}))
    with pytest.raises(ValueError, match="non-empty list"):
        Splits.load(p)
    s = Splits((("a",), ("b",)))
    with pytest.raises(ValueError, match="fold 2 does not exist"):
        s.eval_ids(2)
