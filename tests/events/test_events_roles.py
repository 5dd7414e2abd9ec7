"""A type and a role added to models/events/schema.json, with no code change: the pipeline
writes such events and the documents validate (pipeline/events/roles.py, pipeline/event_schema.py)."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from pipeline.paths import models_dir

REPO = Path(__file__).resolve().parents[2]
TEXT = "8月5日，合川区从白水镇疏散群众300人到安置点。"     # invented


def _models_with_evacuate(tmp_path: Path) -> Path:
    """A copy of models/ whose schema declares EVACUATE (trigger 疏散, moved from CONTROL) and
    the cue-filled role `origin` (a place after 从)."""
    m = tmp_path / "models"
    shutil.copytree(models_dir(), m, ignore=shutil.ignore_patterns("__pycache__"))
    path = m / "events" / "schema.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["types"]["CONTROL"]["triggers"].remove("疏散")
    data["roles"]["origin"] = {"what": "where people were moved from", "key": "text",
                               "cues": ["从"], "labels": ["GPE", "LOC"]}
    data["types"]["EVACUATE"] = {"what": "move people out of danger", "triggers": ["疏散"],
                                 "roles": ["agent", "quantity", "date", "location", "origin"]}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return m


def _cli(args, env_models=None, cwd=None):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("BULLETIN_MODELS_DIR", None)
    if env_models:
        env["BULLETIN_MODELS_DIR"] = str(env_models)
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, env=env, cwd=cwd)


def test_an_added_type_and_role_need_no_code(tmp_path):
    models = _models_with_evacuate(tmp_path)
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "e1", "text": TEXT, "meta": {"date": "2022-08-07"}}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run = _cli(["run", str(src), "--out", str(out), "--quiet", "--nlp.tokenizer.segmenter", "char"], models)
    assert run.returncode == 0, run.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    (event,) = [e for e in doc["events"] if e["trigger"]["text"] == "疏散"]
    assert event["type"] == "EVACUATE"
    args = {(a["role"], a["text"]) for a in event["args"]}
    assert {("origin", "白水镇"), ("agent", "合川区"), ("quantity", "300人")} <= args
    assert ("location", "白水镇") not in args                  # the origin is not also a location
    assert _cli(["validate", str(out)], models).returncode == 0
    # the same file against the shipped schema: both new names are named as undeclared
    shipped = _cli(["validate", str(out)])
    assert shipped.returncode == 1 and "'EVACUATE' is not a declared event type" in shipped.stdout + shipped.stderr
    assert "'origin' is not a declared event role" in shipped.stdout + shipped.stderr
    # and the JSON Schema carries the declared values
    printed = json.loads(_cli(["schema"], models).stdout)
    assert "EVACUATE" in printed["$defs"]["Event"]["properties"]["type"]["enum"]
    assert "origin" in printed["$defs"]["Argument"]["properties"]["role"]["enum"]


def test_a_bad_schema_file_is_a_usage_error_naming_file_and_entry(tmp_path):
    models = _models_with_evacuate(tmp_path)
    path = models / "events" / "schema.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["types"]["EVACUATE"]["roles"].append("cause")
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    proc = _cli(["schema"], models)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"error: {path}: types.EVACUATE.roles: role(s) ['cause'] not declared "
                                   f"under \"roles\" (declared: ['agent', 'quantity', 'date', 'location', "
                                   f"'recipient', 'origin'])")
