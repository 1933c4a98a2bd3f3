"""Check records against the Open Referral JSON schemas shipped in data/openreferral/."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from bot.config import DATA_DIR

SCHEMA_DIR = DATA_DIR / "openreferral"
# HSDS major.minor -> the folder holding that version's schemas.
HSDS_VERSIONS = {"3.0": "hsds-3.0"}
DEFAULT_VERSION = "3.0"
# Open Referral UK's profile of HSDS 3.0: what our own API promises to serve.
ORUK_PROFILE = "oruk-3.0"


class UnsupportedVersion(ValueError):
    pass


def schema_folder(version: str | None) -> str:
    """The schema folder for a feed's declared HSDS version ("3.0", "3.0.1"; None: 3.0)."""
    major_minor = ".".join((version or DEFAULT_VERSION).strip().split(".")[:2])
    if major_minor not in HSDS_VERSIONS:
        raise UnsupportedVersion(
            f"the feed declares HSDS version {version!r}; this importer reads HSDS "
            + ", ".join(sorted(HSDS_VERSIONS))
        )
    return HSDS_VERSIONS[major_minor]


@lru_cache(maxsize=8)
def _validator(folder: str, name: str, schema_dir: Path = SCHEMA_DIR) -> Any:
    """HSDS keeps one schema per table, linked by relative `$ref`s ("phone.json"): resolve
    them against the folder on disk, never over the network."""
    path = (schema_dir / folder / name).resolve()
    schema = json.loads(path.read_text())
    validator_class = jsonschema.validators.validator_for(
        schema, default=jsonschema.Draft202012Validator
    )
    resolver = jsonschema.RefResolver(base_uri=path.as_uri(), referrer=schema)
    return validator_class(schema, resolver=resolver)


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def schema_problems(record: Any, folder: str, name: str = "service.json") -> list[str]:
    """Every way the record breaks the schema, one short line each, in document order."""
    validator = _validator(folder, name)
    errors = sorted(validator.iter_errors(record), key=lambda e: list(map(str, e.absolute_path)))
    return [
        _short(f"{'/'.join(map(str, error.absolute_path)) or '(record)'}: {error.message}")
        for error in errors
    ]
