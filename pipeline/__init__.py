"""Bulletin information extraction: Chinese news and government bulletins → validated records.

    from pipeline import build, annotate
    nlp = build()                       # the default config, or build("my.cfg", {"nlp.tokenizer.segmenter": "jieba"})
    doc = annotate(nlp, text, "id", {"date": "2022-08-07"})   # a validated schema.Document
"""
__version__ = "0.1.0"


def build(*args, **kwargs):
    from .pipeline import build as _build

    return _build(*args, **kwargs)


def annotate(*args, **kwargs):
    from .pipeline import annotate as _annotate

    return _annotate(*args, **kwargs)
