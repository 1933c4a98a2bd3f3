"""Check records against the Open Referral JSON schemas shipped in data/openreferral/."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from bot.config import DATA_DIR

SCHEMA_DIR = DATA_DIR / "openreferral"
# HSDS major.minor -> the folder holding the specification's own compiled schema for that
# version (every nested table written out in place): what councils' feeds are checked against.
HSDS_VERSIONS = {"3.0": "hsds-3.0-compiled", "3.1": "hsds-3.1-compiled"}
DEFAULT_VERSION = "3.0"
# Open Referral UK 1.0, the UK profile of HSDS 1.x that most council directories still serve:
# the schema ORUK generated for a full `/services/{id}` record (read by oruk_v1.py).
ORUK_V1 = "oruk-1.0"
READ_VERSIONS = {**HSDS_VERSIONS, "1.0": ORUK_V1}
# Open Referral UK's profile of HSDS 3.0: what our own API promises to serve.
ORUK_PROFILE = "oruk-3.0"

# How feeds write their version at `GET /`: "3.0", "3.0.1", "v3.1", and, as the ORUK
# validator reads them, "HSDS-UK-3.0" or "V3" (Open Referral UK 3, the profile of HSDS 3.0)
# and "HSDS-UK-1.0" (Open Referral UK 1).
_VERSION = re.compile(r"(?:hsds[-_ ]?)?(?:uk[-_ ]?)?v?(\d+)(?:\.(\d+))?(?:\.\d+)*", re.IGNORECASE)


class UnsupportedVersion(ValueError):
    pass


def hsds_version(declared: str | None) -> str:
    """The HSDS major.minor a feed's declared version means ("3.0.1" -> "3.0"; None: 3.0)."""
    if declared is None or not str(declared).strip():
        return DEFAULT_VERSION
    found = _VERSION.fullmatch(str(declared).strip())
    if found is None:
        return str(declared).strip()
    major, minor = found.groups()
    return f"{int(major)}.{int(minor or 0)}"


def schema_folder(version: str | None) -> str:
    """The schema folder for a feed's declared HSDS version."""
    major_minor = hsds_version(version)
    if major_minor not in READ_VERSIONS:
        raise UnsupportedVersion(
            f"the feed declares HSDS version {version!r}; this importer reads HSDS "
            + " and ".join(f"{known} ({known}.x)" for known in sorted(HSDS_VERSIONS))
            + ", and Open Referral UK 1.0 (HSDS-UK-1.0)"
        )
    return READ_VERSIONS[major_minor]


@lru_cache(maxsize=8)
def _validator(folder: str, name: str, schema_dir: Path = SCHEMA_DIR) -> Any:
    """HSDS's per-table schemas are linked by relative `$ref`s ("phone.json"): resolve them
    against the folder on disk, never over the network. (The compiled ones have none.)"""
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


@dataclass(frozen=True)
class SchemaError:
    """Where in the record the schema is broken (keys and list indexes) and how."""

    path: tuple[str | int, ...]
    message: str
    # The JSON Schema keyword that failed ("required", "type", "pattern"...).
    keyword: str = ""

    def line(self) -> str:
        return _short(f"{'/'.join(map(str, self.path)) or '(record)'}: {self.message}")


def schema_errors(record: Any, folder: str, name: str = "service.json") -> list[SchemaError]:
    """Every way the record breaks the schema, in document order."""
    errors = [
        SchemaError(tuple(error.absolute_path), error.message, str(error.validator))
        for error in _validator(folder, name).iter_errors(record)
    ]
    return sorted(errors, key=lambda e: list(map(str, e.path)))


def schema_problems(record: Any, folder: str, name: str = "service.json") -> list[str]:
    """Every way the record breaks the schema, one short line each, in document order."""
    return [error.line() for error in schema_errors(record, folder, name)]


def nested_fields(folder: str, name: str = "service.json") -> frozenset[str]:
    """The service's fields that hold other tables (lists of phones, a program...)."""
    properties = _validator(folder, name).schema.get("properties") or {}
    return frozenset(
        key
        for key, spec in properties.items()
        if isinstance(spec, dict) and spec.get("type") in ("array", "object")
    )
