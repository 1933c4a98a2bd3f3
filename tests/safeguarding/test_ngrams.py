"""The n-gram reader's features without sklearn's checks are sklearn's features, bit for bit:
on every training example, read together and one at a time (as a turn reads them)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from bot.config import DATA_DIR
from bot.language.normalise import plain
from bot.safeguarding.classifier import load_training
from bot.safeguarding.ngrams import tfidf_features


def _same(a: sparse.csr_matrix, b: sparse.csr_matrix) -> bool:
    return (
        a.shape == b.shape
        and a.dtype == b.dtype
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and np.array_equal(a.data, b.data)
    )


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [plain(example.text) for example in load_training(DATA_DIR)]


def test_the_kept_readers_features_equal_sklearns(detector, texts: list[str]) -> None:
    union = detector.classifier._readers.ngrams
    for start in range(0, len(texts), 2000):
        chunk = texts[start : start + 2000]
        assert _same(tfidf_features(union, chunk), union.transform(chunk))
    for text in texts[::7]:
        assert _same(tfidf_features(union, [text]), union.transform([text])), text
    for odd in ["", "   ", "?!", "ok", "é", "a" * 3000]:
        assert _same(tfidf_features(union, [odd]), union.transform([odd]))


def test_other_settings_give_sklearns_features_too(texts: list[str]) -> None:
    sample = texts[:400]
    for union in (
        FeatureUnion([("words", TfidfVectorizer(binary=True))]),
        FeatureUnion([("words", TfidfVectorizer(use_idf=False))]),
        FeatureUnion([("words", TfidfVectorizer())], transformer_weights={"words": 2.0}),
        FeatureUnion([("words", TfidfVectorizer(norm=None))]),
        FeatureUnion([("words", TfidfVectorizer(dtype=np.float32))]),  # the fast path, in float32
    ):
        union.fit(sample)
        assert _same(tfidf_features(union, sample), union.transform(sample))
