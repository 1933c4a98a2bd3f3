"""Everyday English words: the whole words among the sentence encoder's 30,522 word pieces.

Read from the same hash-checked package as the encoder, without its weights (a tenth of a
second), so a process that never encodes can still ask whether a word is an ordinary one:
a service called "Shout" must not be found in "don't shout at me" (bot/directory/named.py).
"""

from __future__ import annotations

import zipfile
from functools import cache

from tokenizers import Tokenizer

from bot.language.encoder import TOKENIZER_SHA256, ModelIntegrityError, _checked, model_zip_path


@cache
def everyday_words() -> frozenset[str]:
    path = model_zip_path()
    try:
        with zipfile.ZipFile(path) as archive:
            data = _checked(archive.read("tokenizer.json"), TOKENIZER_SHA256, "tokenizer.json")
    except (OSError, KeyError, zipfile.BadZipFile) as error:
        raise ModelIntegrityError(f"cannot read the tokenizer from {path}: {error}") from error
    # Pieces that continue a word ("##ing") and marks ("[CLS]") are not words.
    return frozenset(
        piece for piece in Tokenizer.from_str(data.decode("utf-8")).get_vocab() if piece.isalpha()
    )
