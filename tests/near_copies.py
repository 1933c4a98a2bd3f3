"""Whether training messages are the same message as a test item, reworded a little: word
1-3-gram TF-IDF cosine over the plain (normalised) text. Used by the training-data tests of
the safeguarding corpus and of the NLU examples."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.language.normalise import plain

# The similarity at which two messages are the same message reworded...
NEAR_DUPLICATE = 0.85
# ...and at which a training example is too close to a test item for the test to be fair.
TOO_CLOSE_TO_A_TEST = 0.7


def vectors(texts: list[str], fitted_on: list[str]) -> object:
    words = TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True).fit(
        [plain(t) for t in fitted_on]
    )
    return words.transform([plain(t) for t in texts]).astype(np.float32)


def close_pairs(
    texts: list[str], tests: list[str], threshold: float = TOO_CLOSE_TO_A_TEST
) -> list[tuple[str, str]]:
    """Each (training text, test text) at or above `threshold`."""
    train_vectors = vectors(texts, texts + tests)
    test_vectors = vectors(tests, texts + tests)
    similar = (train_vectors @ test_vectors.T).toarray()
    rows, columns = np.nonzero(similar >= threshold)
    return [(texts[i], tests[j]) for i, j in zip(rows, columns, strict=True)]
