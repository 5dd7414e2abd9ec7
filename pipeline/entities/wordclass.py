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


# Of those, the classes that never sit inside a name (a verb may: 排水公司, 文明实践中心;
# a preposition, conjunction, pronoun, adverb or particle does not).
FUNCTION_TAGS = frozenset({"c", "p", "r", "d", "u", "ad", "ul", "uj", "uz", "ud", "ug", "uv"})
VERB_TAGS = frozenset({"v", "vd", "vi"})
# jieba's tag for person names: a dictionary word with it may still be a name.
PERSON_TAG = "nr"


def _dictionary():
    """(word, frequency, tag) of jieba's bundled dictionary; nothing when jieba is missing."""
    try:
        import jieba
    except ImportError:  # the rules still work, only less precisely
        return
    path = Path(jieba.__file__).resolve().parent / "dict.txt"
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                yield parts[0], int(parts[1]), parts[2]


@functools.lru_cache(maxsize=1)
def word_classes() -> dict[str, str]:
    """Frequent (>= 50) words of two or more characters of the non-name classes -> their tag.

    Rare dictionary verbs are often place-name parts too, so they are left out."""
    return {w: tag for w, freq, tag in _dictionary() if tag in NON_NAME_TAGS and freq >= 50 and len(w) >= 2}


@functools.lru_cache(maxsize=4)
def common_words(first_chars: frozenset[str]) -> frozenset[str]:
    """Dictionary words of 2-3 characters starting with one of `first_chars` that are words
    of the language, not names: 文章, 明确, 单位, 常态. jieba's `nr` tag is unreliable (it
    tags 张贴, 文明, 周密 as names), so an `nr` word counts as common too when it is
    frequent (>= 200); rare `nr` entries stay possible names."""
    return frozenset(w for w, freq, tag in _dictionary()
                     if 2 <= len(w) <= 3 and w[0] in first_chars and (not tag.startswith(PERSON_TAG) or freq >= 200))
