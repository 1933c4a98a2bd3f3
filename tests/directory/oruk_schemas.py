"""The response schemas of the Open Referral UK 3.0 OpenAPI (data/openreferral/oruk-3.0/),
checked offline as the ORUK validator checks a feed's responses against them.

The OpenAPI names the profile's schemas by their raw.githubusercontent.com address; each
resolves to the copy we ship beside it, so nothing is fetched.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema

from bot.directory.openreferral.schema import ORUK_PROFILE, SCHEMA_DIR

PROFILE_DIR = SCHEMA_DIR / ORUK_PROFILE
OPENAPI = PROFILE_DIR / "openapi.json"
_UPSTREAM = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
_SHIPPED = {
    f"{_UPSTREAM}compiled/service.json": "service.json",
    f"{_UPSTREAM}compiled/service_list.json": "service_list.json",
    f"{_UPSTREAM}taxonomy_term.json": "taxonomy_term.json",
}


def _without_nested_all_of(schema: Any, top: bool = True) -> Any:
    """The profile's rule that a service has a `url` (an `allOf` on the service) was copied
    by the compile step into every nested table of this copy: schedules, languages and
    fundings, which have no `url` field at all. The same repository's later compiled schema
    (/work/shared/openreferral/uk-profile/schema/compiled/service.json, Oct 2024) has none of
    these, so they are dropped here; the service's own rule stays."""
    if isinstance(schema, list):
        return [_without_nested_all_of(item, top=False) for item in schema]
    if not isinstance(schema, dict):
        return schema
    return {
        key: _without_nested_all_of(value, top=False)
        for key, value in schema.items()
        if top or key != "allOf"
    }


def _shipped(name: str) -> Any:
    return _without_nested_all_of(json.loads((PROFILE_DIR / name).read_text()))


@cache
def _validator(path: str) -> jsonschema.Draft202012Validator:
    openapi = json.loads(OPENAPI.read_text())
    response = openapi["paths"][path]["get"]["responses"]["200"]
    schema = response["content"]["application/json"]["schema"]
    store = {url: _shipped(name) for url, name in _SHIPPED.items()}
    # `#/components/...` inside the response schema points into the OpenAPI document.
    resolver = jsonschema.RefResolver(OPENAPI.as_uri(), openapi, store=store)
    return jsonschema.Draft202012Validator(schema, resolver=resolver)


def oruk_problems(path: str, body: Any) -> list[str]:
    """How `body` breaks the OpenAPI's 200 response schema for `path` ("/", "/services",
    "/services/{id}"), one line each; [] when it passes."""
    errors = sorted(
        _validator(path).iter_errors(body), key=lambda e: list(map(str, e.absolute_path))
    )
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(body)'}: {error.message}"
        for error in errors
    ]
