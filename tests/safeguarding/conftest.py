from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.config import DATA_DIR
from bot.safeguarding.detector import Detector
from bot.safeguarding.lexicon import load_lexicon

CORPUS = Path(__file__).with_name("corpus.yml")


@pytest.fixture(scope="session")
def corpus() -> dict:
    return yaml.safe_load(CORPUS.read_text())


@pytest.fixture(scope="session")
def lexicon_only() -> Detector:
    """The lexicon net alone, as a DSL reads it: what its entries match, whatever the
    classifier thinks."""
    return Detector(load_lexicon(DATA_DIR / "safeguarding" / "lexicon.yml"), None)
