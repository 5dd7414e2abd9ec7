"""The train/evaluation split convention: folds of whole documents (annotations/splits.json).

Fold k evaluates on its own documents and trains on the other folds' documents plus the
`train_only` documents (the seed bulletins), so nothing learned from a text is scored on
that text. When the file names a `test_fold`, that fold is never trained on while another
fold is scored: cross-validation runs over the development folds alone, and the test fold
is scored once, by models trained on all development folds. `train-rules`, `train-events`,
`eval --fold` and eval/evaluate_real.py use this.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Splits:
    folds: tuple[tuple[str, ...], ...]
    gold_files: tuple[Path, ...] = ()
    train_only: tuple[str, ...] = ()
    test_fold: Optional[int] = None

    @property
    def gold(self) -> Optional[Path]:
        """The first gold file (older split files name exactly one)."""
        return self.gold_files[0] if self.gold_files else None

    @classmethod
    def load(cls, path: str | Path) -> "Splits":
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise FileNotFoundError(f"split file not found: {path}") from None
        except json.JSONDecodeError as err:
            raise ValueError(f"{path}:{err.lineno}: invalid JSON: {err.msg}") from None
        folds = data.get("folds")
        if not isinstance(folds, list) or not folds or not all(isinstance(f, list) for f in folds):
            raise ValueError(f"{path}: `folds` must be a non-empty list of lists of document ids")
        train_only = data.get("train_only", [])
        if not isinstance(train_only, list):
            raise ValueError(f"{path}: `train_only` must be a list of document ids")
        seen: dict[str, str] = {}
        for where, ids in [(f"fold {k}", f) for k, f in enumerate(folds)] + [("train_only", train_only)]:
            for doc_id in ids:
                if doc_id in seen:
                    raise ValueError(f"{path}: document {doc_id!r} is in {seen[doc_id]} and {where}")
                seen[doc_id] = where
        test_fold = data.get("test_fold")
        if test_fold is not None and not (isinstance(test_fold, int) and 0 <= test_fold < len(folds)):
            raise ValueError(f"{path}: `test_fold` must be a fold number 0..{len(folds) - 1}, got {test_fold!r}")
        gold = data.get("gold") or []
        gold = [gold] if isinstance(gold, str) else gold
        return cls(tuple(tuple(f) for f in folds), tuple(path.parent / g for g in gold),
                   tuple(train_only), test_fold)

    def check_fold(self, k: int) -> None:
        if not 0 <= k < len(self.folds):
            raise ValueError(f"fold {k} does not exist (there are {len(self.folds)} folds: 0..{len(self.folds) - 1})")

    @property
    def dev_folds(self) -> list[int]:
        return [k for k in range(len(self.folds)) if k != self.test_fold]

    def eval_ids(self, k: int) -> set[str]:
        self.check_fold(k)
        return set(self.folds[k])

    def train_ids(self, k: int) -> set[str]:
        """Every fold but k (and never the test fold while a development fold is scored)."""
        self.check_fold(k)
        return {d for j, f in enumerate(self.folds) if j != k and (k == self.test_fold or j != self.test_fold)
                for d in f} | set(self.train_only)

    def split(self, docs: Sequence[T], k: int, key=lambda d: d.id) -> tuple[list[T], list[T]]:
        """(train, eval) documents of fold k; documents in neither set are left out."""
        train, test = self.train_ids(k), self.eval_ids(k)
        return [d for d in docs if key(d) in train], [d for d in docs if key(d) in test]


def load_gold(paths: Sequence[str | Path], strict: bool = True) -> list:
    """The documents of several gold files, in order (text-free lines get their text back)."""
    from .io import load_documents

    docs = []
    for p in paths:
        docs.extend(load_documents(p, strict=strict).documents)
    return docs
