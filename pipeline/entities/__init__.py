"""Named entities (guide §4): DATE/TIME grammar, name rules and trained exact-string rules.

`EntityRecognizer(folder, rules_path, labels)(text, tokens)` → sorted, non-overlapping
(start, end, label); `train_rules(...)` writes the rules file from gold documents. Every
vocabulary and pattern piece is a data file in models/entities/ (README there).
"""
from .lexicon import Rule, RuleFileError, read_rules
from .recognizer import EntityRecognizer
from .train import collect_rules, train_rules

__all__ = ["EntityRecognizer", "Rule", "RuleFileError", "read_rules", "collect_rules", "train_rules"]
