"""Sentence vectors of training texts, kept between runs.

Training the safeguarding classifier encodes thousands of examples (about two minutes);
the evaluations retrain it many times on the same texts. Each vector is kept under the hash
of its text, in a file named after the encoder's weights and runtime, so another model never
reuses them. Training, the evaluations and the careers chat (the catalogue's own role texts)
use this; what people write is never kept here.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.config import Settings
from bot.language.encoder import DIMENSION, RUNTIME, WEIGHTS_SHA256, SentenceEncoder


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class CachedEncoder:
    def __init__(self, encoder: SentenceEncoder, directory: Path | None = None) -> None:
        self.encoder = encoder
        directory = directory or Settings.from_env().cache_dir  # SIGNPOST_CACHE_DIR
        # Named after the weights and the runtime: vectors from another model, or from the
        # TensorFlow layers used before 2026-12-07, are never reused.
        self._path = directory / f"sentence-vectors-{WEIGHTS_SHA256[:12]}-{RUNTIME}.npz"
        self._vectors: dict[str, np.ndarray] = {}
        if self._path.is_file():
            with np.load(self._path) as stored:
                self._vectors = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        keys = [_key(t) for t in texts]
        missing = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in self._vectors}.items()
        )
        if missing:
            fresh = self.encoder.encode([t for _, t in missing])
            self._vectors.update({k: v for (k, _), v in zip(missing, fresh, strict=True)})
            self._save()
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        return np.stack([self._vectors[k] for k in keys])

    def _save(self) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        # One partial file per process: two action servers starting together may both save.
        partial = self._path.with_name(f"{self._path.stem}.partial-{os.getpid()}.npz")
        np.savez(
            partial,
            keys=np.array(list(self._vectors)),
            vectors=np.stack(list(self._vectors.values())),
        )
        partial.replace(self._path)
