"""Training texts' vectors kept between runs, apart for each model and runtime."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.language.cache import CachedEncoder, _key
from bot.language.encoder import RUNTIME, WEIGHTS_SHA256, SentenceEncoder


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return SentenceEncoder.from_package()


def test_kept_vectors_are_the_encoders_own(encoder: SentenceEncoder, tmp_path: Path) -> None:
    texts = ["we can't pay the gas bill", "my inhaler ran out", "we can't pay the gas bill"]
    first = CachedEncoder(encoder, tmp_path).encode(texts)
    assert np.array_equal(first, encoder.encode(texts))
    kept = list(tmp_path.glob("*.npz"))
    assert [p.name for p in kept] == [f"sentence-vectors-{WEIGHTS_SHA256[:12]}-{RUNTIME}.npz"]
    # Another process reads them back without encoding: the same vectors, two texts kept.
    again = CachedEncoder(encoder, tmp_path)
    assert np.array_equal(again.encode(texts), first)
    with np.load(kept[0]) as stored:
        assert len(stored["keys"]) == 2


def test_vectors_kept_for_another_runtime_are_not_read(
    encoder: SentenceEncoder, tmp_path: Path
) -> None:
    # A file as the TensorFlow layers used before left it, here with a wrong (zero) vector
    # for "hello": it is never read, so "hello" gets its own unit-length vector.
    stale = tmp_path / f"sentence-vectors-{WEIGHTS_SHA256[:12]}.npz"
    np.savez(stale, keys=np.array([_key("hello")]), vectors=np.zeros((1, 384), np.float32))
    vector = CachedEncoder(encoder, tmp_path).encode(["hello"])
    assert np.isclose(np.linalg.norm(vector), 1.0)
    assert np.array_equal(vector, encoder.encode(["hello"]))


def test_no_texts_give_no_vectors(encoder: SentenceEncoder, tmp_path: Path) -> None:
    assert CachedEncoder(encoder, tmp_path).encode([]).shape == (0, 384)
