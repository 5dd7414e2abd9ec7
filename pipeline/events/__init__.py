"""Event frames (guide §6): triggers from a lexicon, arguments from the sentence.

`EventExtractor` works on plain inputs (text, sentence spans, entities, quantities,
publication date) so it can be tested and reused without spaCy; the stage
`pipeline.stages.events` wraps it. Every word list is a table in models/events/.
"""
from .dates import resolve_date
from .extractor import EventExtractor
from .lexicon import Lexicon, default_tables_dir

__all__ = ["EventExtractor", "Lexicon", "default_tables_dir", "resolve_date"]
