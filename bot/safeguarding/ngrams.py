"""The n-gram reader's features for a message, as sklearn computes them, without its checks.

`FeatureUnion.transform` with two fitted `TfidfVectorizer`s checks on every call that each is
fitted; the check reads `idf_`, a property that sums the 120,000-entry diagonal matrix the
weights are kept in, twice a vectorizer. For one short message that was 1.6 ms of the
detector's 9 (docs/turn-profile.md). Here the same steps run in the same order on the same
fitted objects (count, sublinear tf, idf, l2 norm, side by side), so the features are equal
bit for bit (tests/safeguarding/test_ngrams.py compares them on the training examples).
Anything the fast path was not written for goes to sklearn's own transform.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import normalize


def _plain_tfidf(transformer: object) -> bool:
    """A TfidfVectorizer whose transform the fast path repeats exactly."""
    return (
        type(transformer) is TfidfVectorizer
        and transformer.use_idf
        and transformer.norm in ("l1", "l2")
        and not transformer.binary
    )


def _tfidf(vectorizer: TfidfVectorizer, texts: Sequence[str]) -> sparse.csr_matrix:
    # TfidfVectorizer.transform: the counts (CountVectorizer's), then TfidfTransformer's steps.
    counts = CountVectorizer.transform(vectorizer, texts)
    weights = vectorizer._tfidf
    # Counted in the vectorizer's dtype (float64 unless set), which TfidfTransformer keeps;
    # its copy is not needed, the counts being new.
    x = counts if counts.dtype.kind == "f" else counts.astype(np.float64)
    if weights.sublinear_tf:
        np.log(x.data, x.data)
        x.data += 1
    x = x * weights._idf_diag
    return normalize(x, norm=weights.norm, copy=False)


def tfidf_features(union: FeatureUnion, texts: Sequence[str]) -> sparse.csr_matrix:
    """`union.transform(texts)`, equal bit for bit, for a union of fitted TfidfVectorizers."""
    parts = [transformer for _, transformer in union.transformer_list]
    if union.transformer_weights or not all(_plain_tfidf(part) for part in parts):
        return union.transform(texts)
    # FeatureUnion._hstack, for sparse blocks
    return sparse.hstack([_tfidf(part, texts) for part in parts]).tocsr()
