"""The trained trigger model: its file format, its use by the extractor, and train-events
(made-up sentences and small hand-built models)."""
import json

import pytest

from pipeline import annotate, build
from pipeline.cli import main
from pipeline.events import EventExtractor
from pipeline.events.model import FORMAT, NONE, ModelError, TriggerModel
from pipeline.schema import Document, Event, Span

CLASSES = [NONE, "DEPLOY", "DONATE", "SUPPLY", "SERVE", "TEST", "CONTROL"]


def write_model(tmp_path, weights, intercept=None, classes=CLASSES):
    path = tmp_path / "trigger_model.json"
    path.write_text(json.dumps({"format": FORMAT, "classes": classes,
                                "intercept": intercept or [1.0] + [0.0] * (len(classes) - 1),
                                "weights": weights}), encoding="utf-8")
    return path


def one_hot(cls, strength=5.0):
    return [strength if c == cls else 0.0 for c in CLASSES]


@pytest.mark.parametrize("content, message", [
    ("not json", "cannot read"),
    ('{"format": "other"}', "not a trigger model"),
    (json.dumps({"format": FORMAT, "classes": ["DEPLOY"], "intercept": [0], "weights": {}}), "classes"),
    (json.dumps({"format": FORMAT, "classes": [NONE, "PARTY"], "intercept": [0, 0], "weights": {}}), "PARTY"),
    (json.dumps({"format": FORMAT, "classes": [NONE, "DEPLOY"], "intercept": [0], "weights": {}}), "intercept"),
    (json.dumps({"format": FORMAT, "classes": [NONE, "DEPLOY"], "intercept": [0, 0],
                 "weights": {"w=派出": [1]}}), "w=派出"),
])
def test_a_bad_model_file_is_refused_naming_the_file_and_entry(tmp_path, content, message):
    path = tmp_path / "m.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelError) as err:
        TriggerModel(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_the_model_takes_the_best_scoring_class(tmp_path):
    model = TriggerModel(write_model(tmp_path, {"w=捐赠": one_hot("DONATE"), "intent_near": one_hot(NONE, 9.0)}))
    (label, p), (label2, _), (label3, _) = model.predict([["w=捐赠"], ["w=捐赠", "intent_near"], ["w=别的"]])
    assert (label, label2, label3) == ("DONATE", NONE, NONE) and 0.5 < p <= 1.0


def test_a_folder_holding_the_model_file_is_accepted(tmp_path):
    write_model(tmp_path, {})
    assert TriggerModel(tmp_path).classes == CLASSES


TEXT = "志愿者向灾民安置点搬运帐篷300顶。"


def words_of(text, spans):
    """A hand-made part-of-speech layer: (word, tag) pairs laid end to end."""
    out, pos = [], 0
    for word, tag in spans:
        assert text.startswith(word, pos)
        out.append((pos, pos + len(word), tag))
        pos += len(word)
    return out


WORDS = [("志愿者", "n"), ("向", "p"), ("灾民", "n"), ("安置点", "n"), ("搬运", "v"), ("帐篷", "n"),
         ("300", "m"), ("顶", "q"), ("。", "w")]


def test_the_model_decides_which_candidates_are_events(tmp_path):
    sentences = [(0, len(TEXT))]
    rules = EventExtractor().extract(TEXT, sentences, words=words_of(TEXT, WORDS))
    assert rules == [] or all(e.trigger.text != "搬运" for e in rules)      # 搬运 is no lexicon word
    # a part-of-speech verb the lexicon does not know becomes an event when the model says so
    promote = EventExtractor(trigger_model=TriggerModel(write_model(tmp_path, {"w=搬运": one_hot("SUPPLY")})))
    got = promote.extract(TEXT, sentences, words=words_of(TEXT, WORDS))
    assert [(e.type, e.trigger.text) for e in got] == [("SUPPLY", "搬运")]
    # and no candidate is an event when the model says none is
    assert EventExtractor(trigger_model=TriggerModel(write_model(tmp_path, {}))).extract(
        TEXT, sentences, words=words_of(TEXT, WORDS)) == []


def test_the_model_overrides_the_rules_type_and_keeps_their_arguments(tmp_path):
    text = "8月2日，南山街道组织党员干部30余名下沉社区。"
    model = TriggerModel(write_model(tmp_path, {"rule=kept": one_hot("DEPLOY")}))
    got = EventExtractor(trigger_model=model).extract(text, [(0, len(text))], publication_date="2022-08-05")
    assert [(e.type, e.trigger.text) for e in got] == [("DEPLOY", "组织")]
    assert {(a.role, a.text) for a in got[0].args} >= {("agent", "南山街道"), ("date", "8月2日")}


def test_the_candidates_features_name_the_rules_verdict():
    text = "将组织党员干部下沉社区。"
    rows = []
    EventExtractor().extract(text, [(0, len(text))], collect=rows)
    feats = {text[s:e]: f for s, e, f in rows}
    assert "rule=intent" in feats["组织"] and "intent_near" in feats["组织"]


# ---------------------------------------------------------------- train-events

GOLD = [
    ("t1", "8月2日，南山街道组织党员干部30余名下沉社区。", [("组织", "DEPLOY")]),
    ("t2", "爱心企业向社区捐赠口罩2000只。", [("捐赠", "DONATE")]),
    ("t3", "区卫健委将组织专家开展培训。", []),
    ("t4", "志愿者为居民配送蔬菜200份。", [("配送", "SUPPLY")]),
    ("t5", "社区为1200名居民开展核酸检测。", [("核酸检测", "TEST")]),
    ("t6", "该区对3个小区实施封控管理。", [("封控", "CONTROL")]),
    ("t7", "街道组织40名干部到小区值守。", [("组织", "DEPLOY")]),
    ("t8", "某公司捐赠消毒液300箱。", [("捐赠", "DONATE")]),
]


def gold_file(tmp_path, extra_meta=None):
    lines = []
    for doc_id, text, events in GOLD:
        evs = [Event(type=t, trigger=Span(start=text.index(w), end=text.index(w) + len(w), text=w), args=[])
               for w, t in events]
        meta = {"date": "2022-08-05", **(extra_meta or {}).get(doc_id, {})}
        lines.append(Document(id=doc_id, text=text, meta=meta, events=evs).model_dump_json(exclude_none=True))
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_train_events_writes_a_deterministic_model_the_config_loads(tmp_path, capsys):
    gold = gold_file(tmp_path, {"t8": {"licence": "none stated: development and measurement only"}})
    args = ["train-events", "--gold", str(gold), "--splits", str(tmp_path / "none.json"), "--quiet"]
    assert main(args + ["--out", str(tmp_path / "a")]) == 0
    out = capsys.readouterr().out
    assert "cross-validated trigger P/R/F" in out and "DEPLOY" in out
    assert main(args + ["--out", str(tmp_path / "b"), "--no-cv"]) == 0
    a = json.loads((tmp_path / "a" / "trigger_model.json").read_text(encoding="utf-8"))
    b = json.loads((tmp_path / "b" / "trigger_model.json").read_text(encoding="utf-8"))
    assert a["weights"] == b["weights"] and a["intercept"] == b["intercept"]      # same gold, same model
    assert "t8" not in a["provenance"]["trained_on"] and "t1" in a["provenance"]["trained_on"]
    nlp = build(overrides={"components.events.trigger_model": str(tmp_path / "a")})
    doc = annotate(nlp, "街道组织党员干部50名下沉社区。", "x", {"date": "2022-08-06"})
    assert doc.problems() == []


def test_train_events_reports_a_bad_gold_file(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "t"\n', encoding="utf-8")
    assert main(["train-events", "--gold", str(bad), "--out", str(tmp_path / "m"), "--quiet"]) == 2
    assert "bad.jsonl" in capsys.readouterr().err


def test_a_rule_trigger_is_dropped_only_when_the_model_is_sure(tmp_path):
    # P(no event) from the intercepts alone: e^3 / (e^3 + 6) ≈ 0.77
    model = TriggerModel(write_model(tmp_path, {}, intercept=[3.0] + [0.0] * 6))
    feats = [["w=组织"], ["w=组织"]]
    assert model.decide(feats, ["DEPLOY", None], ["组织", "组织"], keep_threshold=0.9) == ["DEPLOY", NONE]
    assert model.decide(feats, ["DEPLOY", None], ["组织", "组织"], keep_threshold=0.5) == [NONE, NONE]


def test_a_word_the_model_has_not_learned_keeps_the_rules_verdict(tmp_path):
    path = write_model(tmp_path, {"w=搬运": one_hot("SUPPLY"), "w=派出": one_hot(NONE, 20.0)})
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(support={"派出": 5}, min_support=2)
    path.write_text(json.dumps(data), encoding="utf-8")
    model = TriggerModel(path)
    got = model.decide([["w=搬运"], ["w=派出"]], [None, "DEPLOY"], ["搬运", "派出"], keep_threshold=0.5)
    assert got == [NONE, NONE]          # 搬运: unseen, the rules had none; 派出: seen 5 times, the model drops it
    assert model.decide([["w=派出"]], ["DEPLOY"], ["派出"], 0.5) == [NONE] and not model.knows("搬运")


def test_training_weighs_each_collection_the_same():
    from pipeline.events.train import Example, balanced_weights
    examples = [Example("a", 0, 1, [], NONE, "big")] * 9 + [Example("b", 0, 1, [], NONE, "")]
    weights = balanced_weights(examples)
    assert sum(weights[:9]) == pytest.approx(sum(weights[9:])) and sum(weights) == pytest.approx(10)
