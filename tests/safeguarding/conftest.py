from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.config import DATA_DIR
from bot.safeguarding.detector import Detector

CORPUS = Path(__file__).with_name("corpus.yml")


@pytest.fixture(scope="session")
def detector() -> Detector:
    return Detector.from_data(DATA_DIR)


@pytest.fixture(scope="session")
def corpus() -> dict:
    return yaml.safe_load(CORPUS.read_text())
