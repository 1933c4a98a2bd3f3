"""The shared sentence encoder: the official model's vectors, from the installed package only."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from bot.language.encoder import (
    DIMENSION,
    ModelIntegrityError,
    SentenceEncoder,
    model_zip_path,
)

REFERENCE = Path(__file__).with_name("reference_vectors.json")


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return SentenceEncoder.from_package()


def test_vectors_match_the_official_implementation(encoder: SentenceEncoder) -> None:
    reference = json.loads(REFERENCE.read_text())["vectors"]
    ours = encoder.encode([r["text"] for r in reference])
    expected = np.array([r["vector"] for r in reference])
    # Rounded to six decimals there; float32 here.
    assert np.abs(ours - expected).max() < 2e-6


def test_a_batch_gives_the_same_vectors_as_one_at_a_time(encoder: SentenceEncoder) -> None:
    texts = ["hi", "my son's asthma is bad at night, where can we get help", "", "🙂"]
    together = encoder.encode(texts)
    alone = np.vstack([encoder.encode([t]) for t in texts])
    assert np.abs(together - alone).max() < 1e-5


def test_training_threads_give_the_same_vectors_to_the_last_bit(
    encoder: SentenceEncoder,
) -> None:
    # Training encodes on a thread a core and the servers on one: a classifier trained on
    # the one must read messages as the other does, bit for bit (bot/language/bert.py).
    # Texts of every length, so batches of short and of long ones are both split.
    texts = [
        " ".join(f"word{n % 97} and {n} more" for n in range(length))
        for length in (1, 2, 3, 5, 8, 13, 21, 34, 55, 89)
        for _ in range(7)
    ]
    texts += ["my son's asthma is bad at night", "we can't pay the rent", "🙂", ""]
    two = SentenceEncoder.from_package(threads=2)
    assert two._bert._session.get_session_options().intra_op_num_threads == 2
    sentences, pieces = two.encode_with_pieces(texts)
    one_sentences, one_pieces = encoder.encode_with_pieces(texts)
    assert np.array_equal(sentences, one_sentences)
    pairs = zip(pieces, one_pieces, strict=True)
    assert all(np.array_equal(a.vectors, b.vectors) for a, b in pairs)


def test_vectors_are_unit_length(encoder: SentenceEncoder) -> None:
    vectors = encoder.encode(["hello", "we can't pay the rent", "x" * 5000, ""])
    assert vectors.shape == (4, DIMENSION)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_paraphrases_are_closer_than_unrelated_sentences(encoder: SentenceEncoder) -> None:
    pairs = [
        ("my dad hits me", "my father beats me up", "what time does the school bus leave"),
        ("we are behind on the gas bill", "we owe money to the energy company", "I love football"),
        ("how do I become a paramedic", "what training do ambulance staff need", "my cat is ill"),
    ]
    for text, paraphrase, unrelated in pairs:
        a, b, c = encoder.encode([text, paraphrase, unrelated])
        assert a @ b > a @ c + 0.2


def test_a_very_long_message_is_cut_at_the_models_limit(encoder: SentenceEncoder) -> None:
    long = " ".join(["word"] * 2000)
    vector, pieces = encoder.encode_with_pieces([long])
    assert len(pieces[0].spans) == 254  # 256 pieces with [CLS] and [SEP]
    assert np.isclose(np.linalg.norm(vector[0]), 1.0)


def _copy_with(tmp_path: Path, name: str, content: bytes | None) -> Path:
    """A copy of the package's model.zip with one file changed (or left out)."""
    copy = tmp_path / "model.zip"
    with zipfile.ZipFile(model_zip_path()) as source, zipfile.ZipFile(copy, "w") as target:
        for item in source.infolist():
            if item.filename == name:
                if content is not None:
                    target.writestr(item, content)
            else:
                target.writestr(item, source.read(item))
    return copy


def test_a_changed_tokenizer_is_refused(tmp_path: Path) -> None:
    with zipfile.ZipFile(model_zip_path()) as source:
        tokenizer = source.read("tokenizer.json").replace(b'"[UNK]"', b'"[UNKNOWN]"', 1)
    with pytest.raises(ModelIntegrityError, match="tokenizer.json"):
        SentenceEncoder.from_package(_copy_with(tmp_path, "tokenizer.json", tokenizer))


def test_changed_weights_are_refused(tmp_path: Path) -> None:
    with zipfile.ZipFile(model_zip_path()) as source:
        weights = bytearray(source.read("model.safetensors"))
    weights[-1] ^= 0xFF  # one bit pattern in the last weight
    with pytest.raises(ModelIntegrityError, match="model.safetensors"):
        SentenceEncoder.from_package(_copy_with(tmp_path, "model.safetensors", bytes(weights)))


def test_missing_weights_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelIntegrityError, match="cannot read"):
        SentenceEncoder.from_package(_copy_with(tmp_path, "model.safetensors", None))
