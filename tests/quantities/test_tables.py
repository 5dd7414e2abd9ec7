"""The tables are data users edit: well-formed, sorted, with a header comment."""
from pathlib import Path

import pytest

from pipeline.quantities import QuantityExtractor, Tables, default_tables_dir
from pipeline.lexicon_util import read_tsv
from pipeline.quantities.tables import TABLE_FILES

DIR = default_tables_dir()


@pytest.mark.parametrize("name", TABLE_FILES)
def test_table_is_documented_and_sorted(name):
    lines = (DIR / name).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# "), "a header comment says what the table is"
    rows = read_tsv(DIR / name)
    assert rows
    first_column = [list(r.values())[0] for r in rows]
    assert first_column == sorted(first_column), f"{name} must be sorted by its first column"
    rows_as_tuples = [tuple(r.values()) for r in rows]
    assert len(set(rows_as_tuples)) == len(rows_as_tuples), f"{name} has duplicate rows"


def test_kinds_cover_units():
    t = Tables.load()
    kinds = set(t.kinds)
    assert {u.kind for u in t.units.values()} <= kinds | {"-"}
    assert set(t.item_kinds.values()) <= kinds


def test_a_user_can_add_a_unit(tmp_path):
    for name in TABLE_FILES:
        (tmp_path / name).write_text((DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    with open(tmp_path / "units.tsv", "a", encoding="utf-8") as f:
        f.write("盏灯\t盏\tfacilities\tdrop\n")
    (q,) = QuantityExtractor(tmp_path)("安装30盏灯")
    assert (q.value, q.unit, q.kind) == (30, "盏", "facilities")


def test_env_var_points_at_models(tmp_path, monkeypatch):
    monkeypatch.setenv("BULLETIN_MODELS_DIR", str(DIR.parent))
    assert default_tables_dir() == Path(DIR.parent) / "quantities"
