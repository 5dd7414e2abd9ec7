"""Where the shipped data lives, in a source checkout and after a plain `pip install .`."""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def models_dir() -> Path:
    """The `models/` folder: $BULLETIN_MODELS_DIR, else the checkout's, else the installed copy."""
    env = os.environ.get("BULLETIN_MODELS_DIR")
    if env:
        return Path(env)
    checkout = PACKAGE_DIR.parent / "models"
    # A marker file, so an unrelated site-packages/models folder is never taken for ours.
    if (checkout / "README.md").is_file() and (checkout / "layout" / "lines.json").is_file():
        return checkout
    # setup.cfg installs models/ as the package data folder pipeline/models.
    return PACKAGE_DIR / "models"


def resolve_model_path(value: str | os.PathLike | None) -> Path | None:
    """Resolve a config value: `models:REL` means REL inside models_dir(); else a plain path."""
    if value in (None, ""):
        return None
    text = str(value)
    if text.startswith("models:"):
        return models_dir() / text[len("models:"):]
    return Path(text)


def default_config_path() -> Path:
    return PACKAGE_DIR / "default.cfg"
