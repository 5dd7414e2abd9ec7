from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "annotations" / "raw"
SEEDS = sorted(RAW.glob("*.txt"))
GOLD = REPO / "annotations" / "gold" / "seeds.jsonl"


@pytest.fixture(scope="session")
def nlp_default():
    """The shipped default pipeline (pkuseg backend), built once per test session."""
    from pipeline import build

    return build()


@pytest.fixture(scope="session")
def nlp_char():
    from pipeline import build

    return build(overrides={"nlp.tokenizer.segmenter": "char"})


@pytest.fixture
def seed_texts():
    return {p.stem: p.read_text(encoding="utf-8") for p in SEEDS}
