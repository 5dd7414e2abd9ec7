"""`train-events`: the trigger model (pipeline/events/model.py) trained from gold events.

Every gold document is run through the pipeline (its own segmentation, entities,
quantities and part-of-speech layer: the model learns from what it will see at run
time); each trigger candidate becomes one example, labelled with the type of the gold
event whose trigger has exactly its span, else NONE. A multinomial logistic regression
(scikit-learn) is fitted; cross-validation over the split file's folds (whole documents,
the test fold never used) prints P/R/F per type at the trigger level, where a gold trigger
that is no candidate counts as missed. Documents whose `meta.licence` says they may not be
trained on (cec_disasters: "none stated") are left out, so the shipped model is trained on
redistributable text only.

The model file is deterministic: the same gold and pipeline give the same bytes.
"""
from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

from ..corpus import trainable
from ..schema import Document
from .model import FORMAT, NONE, TriggerModel

DEFAULT_C = 0.5             # inverse regularisation, chosen by cross-validation on the development folds
DEFAULT_SEED = 0
DEFAULT_MIN_SUPPORT = 1
DEFAULT_KEEP_THRESHOLD = 0.9   # as the events stage's default keep_threshold     # training candidates of a word before the model may overrule the rules on it
WEIGHT_DIGITS = 4
N_FOLDS = 5                 # folds for documents the split file does not name


@dataclass
class Example:
    doc_id: str
    start: int               # raw offsets
    end: int
    features: list[str]
    label: str
    collection: str = ""     # the source corpus (meta.origin before "@"): examples are balanced across collections


def collection_of(doc: Document) -> str:
    """The corpus a document comes from: its meta.origin up to "@" (repository@commit:path),
    else "" (the user's own documents, the seeds)."""
    origin = str((doc.meta.model_extra or {}).get("origin", ""))
    return origin.split("@", 1)[0]


def examples_of(nlp, doc: Document) -> list[Example]:
    """The trigger candidates of one gold document, run through `nlp`, labelled from its gold events."""
    from ..pipeline import RawMapper

    spacy_doc = nlp.make_doc(doc.text)
    spacy_doc._.meta = doc.meta.model_dump(exclude_none=True)
    spacy_doc._.doc_id = doc.id
    rows: list = []
    for name, component in nlp.pipeline:
        if name == "events":
            component(spacy_doc, collect=rows)
        else:
            spacy_doc = component(spacy_doc)
    gold = {(ev.trigger.start, ev.trigger.end): ev.type for ev in doc.events or []}
    mapper = RawMapper(spacy_doc)
    out = []
    for start, end, feats in rows:
        s, e = mapper.offsets(start, end)
        out.append(Example(doc.id, s, e, feats, gold.get((s, e), NONE), collection_of(doc)))
    return out


def fit(examples: Sequence[Example], c: float = DEFAULT_C, seed: int = DEFAULT_SEED):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sort=True)
    x = vec.fit_transform([{f: 1 for f in ex.features} for ex in examples])
    y = [ex.label for ex in examples]
    clf = LogisticRegression(C=c, max_iter=2000, random_state=seed)
    clf.fit(x, y, sample_weight=balanced_weights(examples))
    return vec, clf


def balanced_weights(examples: Sequence[Example]) -> list[float]:
    """Each collection weighs the same in training, whatever its size: 159 short epidemic
    bulletins must not drown two newspaper pages of donations and deployments."""
    sizes = Counter(ex.collection for ex in examples)
    return [len(examples) / (len(sizes) * sizes[ex.collection]) for ex in examples]


def word_support(examples: Sequence[Example]) -> Counter:
    """How many training candidates each word was (the model overrules the rules only on words it knows)."""
    return Counter(word_of(ex) for ex in examples)


def predict(vec, clf, examples: Sequence[Example], support: Counter, min_support: int,
            keep_threshold: float) -> list[str]:
    """The class per example as the extractor decides it (TriggerModel.decide on the weights
    that would be shipped)."""
    if not examples:
        return []
    model = TriggerModel("<cross-validation>", json.loads(model_json(vec, clf, {}, support, min_support)))
    rule_types = [t if t != NONE else None for t in map(rules_prediction, examples)]
    return model.decide([ex.features for ex in examples], rule_types, [word_of(ex) for ex in examples],
                        keep_threshold)


def word_of(ex: Example) -> str:
    return next(f[2:] for f in ex.features if f.startswith("w="))


def prf_per_type(docs: Sequence[Document], examples: Sequence[Example], predicted: Sequence[str]) -> dict:
    """Trigger-level P/R/F per type (strict span and type); gold triggers that are no candidate are misses."""
    gold = {(d.id, ev.trigger.start, ev.trigger.end, ev.type) for d in docs for ev in d.events or []}
    pred = {(ex.doc_id, ex.start, ex.end, p) for ex, p in zip(examples, predicted) if p != NONE}
    types = sorted({t for *_, t in gold | pred})
    out = {}
    for t in types + ["all"]:
        g = {x for x in gold if t in ("all", x[3])}
        p = {x for x in pred if t in ("all", x[3])}
        tp = len(g & p)
        prec = tp / len(p) if p else 0.0
        rec = tp / len(g) if g else 0.0
        out[t] = {"p": prec, "r": rec, "f": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
                  "gold": len(g), "pred": len(p)}
    return out


def rules_prediction(ex: Example) -> str:
    """What the trigger rules alone decided for a candidate (the baseline the model must beat)."""
    feats = set(ex.features)
    if "rule=kept" in feats:
        return next((f[len("rtype="):] for f in ex.features if f.startswith("rtype=")), NONE)
    return NONE


def cross_validate(docs: Sequence[Document], examples: Sequence[Example], folds: dict[str, int],
                   c: float = DEFAULT_C, min_support: int = 0, keep_threshold: float = DEFAULT_KEEP_THRESHOLD) -> dict:
    """Each development fold predicted by a model trained on the other folds (and the
    documents of no fold: the seeds)."""
    ks = sorted({folds[d.id] for d in docs if d.id in folds})
    predicted: dict[int, str] = {}
    for k in ks:
        train = [ex for ex in examples if folds.get(ex.doc_id) != k]
        test_idx = [i for i, ex in enumerate(examples) if folds.get(ex.doc_id) == k]
        vec, clf = fit(train, c)
        for i, p in zip(test_idx, predict(vec, clf, [examples[i] for i in test_idx], word_support(train),
                                          min_support, keep_threshold)):
            predicted[i] = p
    scored = [examples[i] for i in range(len(examples)) if i in predicted]
    held_docs = [d for d in docs if d.id in folds]
    report = prf_per_type(held_docs, scored, [predicted[i] for i in range(len(examples)) if i in predicted])
    rules = prf_per_type(held_docs, scored, [rules_prediction(ex) for ex in scored])
    for t, v in report.items():
        v["rules_f"] = rules.get(t, {}).get("f", 0.0)
    return report


def model_json(vec, clf, provenance: dict, support: Counter, min_support: int) -> str:
    classes = [str(c) for c in clf.classes_]
    if NONE in classes:                      # NONE first: ties go to "no event"
        order = [classes.index(NONE)] + [i for i, c in enumerate(classes) if c != NONE]
    else:
        order = list(range(len(classes)))
    coef = clf.coef_ if len(classes) > 2 else None
    if coef is None:                         # binary: scikit-learn keeps one row for the second class
        coef = [[0.0] * clf.coef_.shape[1], list(clf.coef_[0])]
        intercept = [0.0, float(clf.intercept_[0])]
    else:
        intercept = list(clf.intercept_)
    weights = {}
    for j, name in enumerate(vec.feature_names_):
        w = [round(float(coef[i][j]), WEIGHT_DIGITS) for i in order]
        if any(w):
            weights[name] = w
    data = {"format": FORMAT, "classes": [classes[i] for i in order],
            "intercept": [round(float(intercept[i]), WEIGHT_DIGITS) for i in order],
            "weights": weights, "support": dict(sorted(support.items())), "min_support": min_support,
            "provenance": provenance}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def fold_map(docs: Sequence[Document], splits) -> dict[str, int]:
    """Document id → fold: from the split file where it names the document (its train_only
    documents are in no fold: always trained on), else one of N_FOLDS by a hash of the id."""
    named = {d: k for k, ids in enumerate(splits.folds) for d in ids} if splits is not None else {}
    train_only = set(splits.train_only) if splits is not None else set()
    out = {}
    for d in docs:
        if d.id in named:
            out[d.id] = named[d.id]
        elif d.id not in train_only:
            out[d.id] = int(hashlib.sha256(d.id.encode("utf-8")).hexdigest(), 16) % N_FOLDS
    return out


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def collect_examples(nlp, docs: Iterable[Document], progress: bool = True) -> list[Example]:
    from tqdm import tqdm

    docs = list(docs)
    out: list[Example] = []
    for doc in tqdm(docs, desc="trigger candidates", unit="doc", disable=not progress, file=sys.stderr):
        out += examples_of(nlp, doc)
    return out


def format_table(report: dict) -> str:
    lines = ["type      P      R      F   gold  pred  (rules alone: F)"]
    for t, v in report.items():
        lines.append(f"{t:<8} {v['p']:.3f}  {v['r']:.3f}  {v['f']:.3f}  {v['gold']:>4}  {v['pred']:>4}  "
                     f"({v.get('rules_f', 0.0):.3f})")
    return "\n".join(lines)


def train_trigger_model(docs: Sequence[Document], nlp, out: Path, folds: Optional[dict[str, int]] = None,
                        c: float = DEFAULT_C, gold_files: Sequence[Path] = (), cv: bool = True,
                        progress: bool = True, min_support: int = DEFAULT_MIN_SUPPORT) -> tuple[Optional[dict], int]:
    """Train on `docs` (trainable ones only), write `out` (a .json file or a folder); return
    (the cross-validated report or None, the number of training documents)."""
    docs = [d for d in docs if d.events is not None and trainable(d)]
    if not docs:
        raise ValueError("no training documents with events (and a licence that allows training)")
    examples = collect_examples(nlp, docs, progress)
    report = cross_validate(docs, examples, folds, c, min_support) if cv and folds and \
        len({folds[d.id] for d in docs if d.id in folds}) >= 2 else None
    vec, clf = fit(examples, c)
    import sklearn

    provenance = {
        "trained_on": sorted(d.id for d in docs),
        "gold_files": {Path(g).name: file_digest(g) for g in gold_files},
        "examples": len(examples),
        "learner": f"scikit-learn {sklearn.__version__} LogisticRegression(C={c}, lbfgs, multinomial)",
        "licence": "MIT: trained on the project's own annotations (MIT) "
                   "of redistributable texts only (seeds, dxy_gov); no cec_disasters text",
    }
    if report is not None:
        provenance["cross_validated"] = {t: {k: round(v[k], 4) if isinstance(v[k], float) else v[k] for k in v}
                                         for t, v in report.items()}
    out = Path(out)
    path = out / "trigger_model.json" if out.suffix != ".json" else out
    path.parent.mkdir(parents=True, exist_ok=True)
    from ..io import atomic_output

    with atomic_output(path, encoding="utf-8") as fh:
        fh.write(model_json(vec, clf, provenance, word_support(examples), min_support))
    return report, len(docs)


def fold_model_overrides(train_docs: Sequence[Document], overrides: dict, path: Path) -> dict:
    """For evaluation by fold: train the trigger model on a fold's training documents with
    the pipeline the fold runs (its overrides: entity rules, segmenter …) and return the
    override that loads it; {} when the run switches the model off
    (`components.events.trigger_model` set to null)."""
    from ..pipeline import build

    if "components.events.trigger_model" in overrides and not overrides["components.events.trigger_model"]:
        return {}
    nlp = build(overrides={**overrides, "components.events.trigger_model": None})
    train_trigger_model(train_docs, nlp, path, cv=False, progress=False)
    return {"components.events.trigger_model": str(path)}
