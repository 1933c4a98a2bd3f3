from __future__ import annotations

from pathlib import Path

import pytest
import yaml

CORPUS = Path(__file__).with_name("corpus.yml")


@pytest.fixture(scope="session")
def corpus() -> dict:
    return yaml.safe_load(CORPUS.read_text())
