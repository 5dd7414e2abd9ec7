"""Which common words are not name material: verbs, pronouns, conjunctions, prepositions, adverbs.

Read from the part-of-speech column of jieba's dictionary (jieba is a dependency; MIT),
so that `协助街道`, `参与社区`, `组织小区` are not read as names without listing every verb
of the language by hand. Only words of these classes are kept (a few MB of memory).
"""
from __future__ import annotations

import functools
from pathlib import Path

# jieba tags (ICTCLAS set): v verb, vd/vn/vi verbal, c conjunction, p preposition,
# r pronoun, d adverb, u particle, f locative, m numeral, q classifier, t time word.
NON_NAME_TAGS = frozenset({"v", "vd", "vi", "c", "p", "r", "d", "u", "f", "m", "q", "t", "ad", "ul", "uj", "uz", "ud", "ug", "uv"})


@functools.lru_cache(maxsize=1)
def non_name_words() -> frozenset[str]:
    try:
        import jieba
    except ImportError:  # the rules still work, only less precisely
        return frozenset()
    path = Path(jieba.__file__).resolve().parent / "dict.txt"
    words = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            # Frequent words only: rare dictionary verbs are often place-name parts too.
            if len(parts) == 3 and parts[2] in NON_NAME_TAGS and int(parts[1]) >= 50 and len(parts[0]) >= 2:
                words.add(parts[0])
    return frozenset(words)
