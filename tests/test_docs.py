"""docs/ cannot drift from the code: the committed schemas are the generated ones, and
docs/format.md names every label, event type, role and record column."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import schema
from pipeline.records import EventRecord, QuantityRecord

DOCS = Path(__file__).resolve().parents[1] / "docs"
REGENERATE = ("regenerate with: for w in document event-record quantity-record; do "
              "python -m pipeline schema --what $w > docs/schema/${w/-/_}.schema.json; done")


@pytest.mark.parametrize("what", schema.SCHEMAS)
def test_committed_schema_equals_the_generated_one(what):
    committed = (DOCS / "schema" / f"{what.replace('-', '_')}.schema.json").read_text(encoding="utf-8")
    assert committed == schema.json_schema_text(what), REGENERATE


def test_schema_command_prints_each_schema():
    for what, title in (("event-record", "EventRecord"), ("quantity-record", "QuantityRecord")):
        proc = subprocess.run([sys.executable, "-m", "pipeline", "schema", "--what", what],
                              capture_output=True, text=True, cwd=DOCS.parent)
        assert proc.returncode == 0 and json.loads(proc.stdout)["title"] == title


def _documented_names(heading: str) -> set[str]:
    """The `code` names in the first column of the tables under a heading of format.md."""
    text = (DOCS / "format.md").read_text(encoding="utf-8")
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([^`]+)`", section, flags=re.M))


def test_format_md_describes_every_record_column():
    assert _documented_names("## Event records") == set(EventRecord.model_fields)
    assert _documented_names("## Quantity records") == set(QuantityRecord.model_fields)


def test_format_md_names_every_label_type_and_role():
    text = (DOCS / "format.md").read_text(encoding="utf-8")
    for name in schema.ENTITY_LABELS + schema.EVENT_TYPES + schema.ROLES + schema.APPROX:
        assert f"`{name}`" in text, name
