"""The pipeline's stages: each module registers one spaCy factory.

Importing this package registers them all, so a config can name any of them.
"""
from . import segment, ner, quantities, events  # noqa: F401
