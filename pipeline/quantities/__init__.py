"""Quantity extraction for Chinese bulletins (issue #4; guide §5 and §7).

    from pipeline.quantities import QuantityExtractor, parse_number, parse_quantity
    QuantityExtractor()("累计出动一线保障人员158余人")   # → [QuantityMatch(… 158, "人", "over" …)]
    parse_number("一万零十二")                           # → 10012
    parse_quantity("36.76万元")                          # → (367600, "元", "exact")

The rules live in models/quantities/*.tsv (see the README there).
"""
from .extractor import QuantityExtractor, QuantityMatch, parse_quantity, parse_quantity_full
from .numbers import NumberReading, parse_number
from .tables import Tables, default_tables_dir

__all__ = [
    "QuantityExtractor", "QuantityMatch", "parse_number", "parse_quantity", "parse_quantity_full",
    "NumberReading", "Tables", "default_tables_dir",
]
