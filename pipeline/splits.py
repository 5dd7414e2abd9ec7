"""The train/evaluation split convention: folds of whole documents (annotations/splits.json).

Fold k evaluates on its own documents and trains on every other fold's, so nothing
learned from a text is scored on that text. `train-rules` and `eval --fold` use this.
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
    gold: Optional[Path] = None

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
        seen: dict[str, int] = {}
        for k, fold in enumerate(folds):
            for doc_id in fold:
                if doc_id in seen:
                    raise ValueError(f"{path}: document {doc_id!r} is in folds {seen[doc_id]} and {k}")
                seen[doc_id] = k
        gold = data.get("gold")
        return cls(tuple(tuple(f) for f in folds), (path.parent / gold) if gold else None)

    def check_fold(self, k: int) -> None:
        if not 0 <= k < len(self.folds):
            raise ValueError(f"fold {k} does not exist (there are {len(self.folds)} folds: 0..{len(self.folds) - 1})")

    def eval_ids(self, k: int) -> set[str]:
        self.check_fold(k)
        return set(self.folds[k])

    def train_ids(self, k: int) -> set[str]:
        self.check_fold(k)
        return {d for j, f in enumerate(self.folds) if j != k for d in f}

    def split(self, docs: Sequence[T], k: int, key=lambda d: d.id) -> tuple[list[T], list[T]]:
        """(train, eval) documents of fold k; documents in no fold are in neither."""
        train, test = self.train_ids(k), self.eval_ids(k)
        return [d for d in docs if key(d) in train], [d for d in docs if key(d) in test]
