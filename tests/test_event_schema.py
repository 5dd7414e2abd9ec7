"""models/events/schema.json: the event types and roles are data, checked on load with
errors that name the file and the entry (pipeline/event_schema.py)."""
import copy
import json

import pytest

from pipeline import schema
from pipeline.event_schema import SchemaFileError, default_schema_path, load_event_schema, parse_event_schema
from pipeline.events.lexicon import Lexicon


def shipped() -> dict:
    return json.loads(default_schema_path().read_text(encoding="utf-8"))


def test_the_document_schema_holds_the_declared_types_and_roles():
    declared = load_event_schema()
    assert schema.EVENT_TYPES == declared.type_names == ("DEPLOY", "DONATE", "SUPPLY", "SERVE", "TEST", "CONTROL")
    assert schema.ROLES == declared.role_names == ("agent", "quantity", "date", "location", "recipient")
    enum = schema.Document.model_json_schema()["$defs"]["Event"]["properties"]["type"]["enum"]
    assert enum == list(schema.EVENT_TYPES)


def test_shipped_triggers_are_sorted_per_type():
    for name, t in shipped()["types"].items():
        assert t["triggers"] == sorted(t["triggers"]), name


def _error(data: dict) -> str:
    with pytest.raises(SchemaFileError) as err:
        parse_event_schema(data, default_schema_path())
    return str(err.value)


@pytest.mark.parametrize("edit,fragments", [
    (lambda d: d["types"]["DEPLOY"].update(colour="red"), ["types.DEPLOY", "unknown key", "colour"]),
    (lambda d: d.update(extra=1), ["top level", "extra"]),
    (lambda d: d["roles"]["agent"].update(weight=1), ["roles.agent", "weight"]),
    (lambda d: d["types"]["TEST"]["roles"].append("cause"), ["types.TEST.roles", "cause", "not declared"]),
    (lambda d: d["types"]["TEST"]["triggers"].append("组织"), ["types.TEST.triggers", "组织", "already a trigger of DEPLOY"]),
    (lambda d: d["types"]["TEST"]["triggers"].append("采样"), ["types.TEST.triggers", "listed twice", "采样"]),
    (lambda d: d["types"].update(evacuate={"roles": ["agent"]}), ["types.evacuate", "bad name"]),
    (lambda d: d["roles"]["agent"].update(key="name"), ["roles.agent.key", "name"]),
    (lambda d: d["roles"].update(origin={"cues": ["从"]}), ["roles.origin", "both `cues` and `labels`"]),
    (lambda d: d["roles"].update(origin={"cues": ["从"], "labels": ["TOWN"]}), ["roles.origin.labels", "TOWN"]),
    (lambda d: d["types"]["DEPLOY"]["cues"].update({"提供": ["服务"]}), ["cues.提供", "服务", "already makes"]),
    (lambda d: d.update(format="v0"), ["format", "bulletin-ie.event-schema.v1"]),
    (lambda d: d["types"]["DEPLOY"].update(roles=[]), ["types.DEPLOY.roles", "must not be empty"]),
])
def test_a_bad_schema_names_the_file_and_the_entry(edit, fragments):
    data = copy.deepcopy(shipped())
    edit(data)
    message = _error(data)
    assert message.startswith(str(default_schema_path()))
    for f in fragments:
        assert f in message, message


def _tables(tmp_path, edit_schema=None, triggers_extra: str = ""):
    """A copy of the shipped event tables, with the schema edited and lines added to triggers.tsv."""
    src = default_schema_path().parent
    for f in src.iterdir():
        if f.is_file():
            (tmp_path / f.name).write_bytes(f.read_bytes())
    if edit_schema:
        data = shipped()
        edit_schema(data)
        (tmp_path / "schema.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    if triggers_extra:
        with open(tmp_path / "triggers.tsv", "a", encoding="utf-8") as fh:
            fh.write(triggers_extra)
    return tmp_path


def test_a_trigger_row_of_no_declared_type_is_an_error(tmp_path):
    d = _tables(tmp_path, triggers_extra="撤离\tverb\t-\t-\t-\n")
    with pytest.raises(SchemaFileError) as err:
        Lexicon(d)
    assert "triggers.tsv" in str(err.value) and "'撤离'" in str(err.value) and "schema.json" in str(err.value)


def test_a_seed_trigger_without_a_row_is_a_plain_verb(tmp_path):
    d = _tables(tmp_path, lambda s: s["types"]["DEPLOY"]["triggers"].append("集合"))
    entry = Lexicon(d).triggers["集合"]
    assert (entry.type, entry.noun_form, entry.chain, entry.needs) == ("DEPLOY", False, "-", "-")


def test_tables_whose_types_the_documents_cannot_hold_are_refused(tmp_path):
    """The documents are validated against models_dir()'s schema: a tables folder (the
    events stage's tables_dir) that declares more is refused when the stage is built."""
    d = _tables(tmp_path, lambda s: s["types"].update(EVACUATE={"roles": ["agent"], "triggers": ["撤离"]}))
    with pytest.raises(SchemaFileError) as err:
        Lexicon(d)
    assert "EVACUATE" in str(err.value) and "BULLETIN_MODELS_DIR" in str(err.value)


def test_a_type_without_recipient_gets_none(tmp_path):
    from pipeline.events import EventExtractor
    text = "区红十字会向白水镇捐赠口罩5000个。"
    ents = [schema.Entity(start=0, end=5, text="区红十字会", label="ORG"),
            schema.Entity(start=6, end=9, text="白水镇", label="GPE")]
    default = EventExtractor(Lexicon()).extract(text, [(0, len(text))], ents, [], "2022-08-07")
    assert [(a.role, a.text) for a in default[0].args if a.role == "recipient"] == [("recipient", "白水镇")]
    d = _tables(tmp_path, lambda s: s["types"]["DONATE"]["roles"].remove("recipient"))
    events = EventExtractor(Lexicon(d)).extract(text, [(0, len(text))], ents, [], "2022-08-07")
    assert events[0].type == "DONATE" and all(a.role != "recipient" for a in events[0].args)
