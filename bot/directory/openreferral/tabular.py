"""Read an HSDS tabular data package (datapackage.json + one CSV per table) into the same
nested service records an HSDS API serves, so one importer handles both."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

# CSV cells are text; these HSDS fields are numbers in the JSON form.
NUMBERS = {"latitude", "longitude", "minimum_age", "maximum_age"}
INTEGERS = {"extension", "year_incorporated", "interval", "count"}


# Plurals that dropping the last "s" would not undo.
_SINGULAR = {"addresses": "address", "taxonomies": "taxonomy", "accessibilities": "accessibility"}


def _table_name(resource: dict[str, Any]) -> str:
    """HSDS drafts call tables "service" or "services": use the singular."""
    name = str(resource.get("name") or Path(str(resource.get("path", ""))).stem)
    if name in _SINGULAR:
        return _SINGULAR[name]
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


def _cell(field: str, value: str) -> Any:
    value = value.strip()
    if field in NUMBERS:
        return float(value) if "." in value else int(value)
    if field in INTEGERS:
        return int(value)
    return value


def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return [
            {
                key: _cell(key, value)
                for key, value in row.items()
                if key and value and value.strip()
            }
            for row in csv.DictReader(handle)
        ]


def _by(rows: list[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row.get(key):
            grouped[str(row[key])].append(row)
    return grouped


def _without(row: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key not in keys}


def read_data_package(folder: Path) -> tuple[list[dict[str, Any]], str | None]:
    """(service records, the HSDS version the package declares)."""
    package = json.loads((folder / "datapackage.json").read_text())
    tables: dict[str, list[dict[str, Any]]] = {}
    for resource in package.get("resources") or []:
        path = folder / str(resource.get("path", ""))
        if path.suffix == ".csv" and path.is_file():
            tables[_table_name(resource)] = _rows(path)
    if "service" not in tables:
        raise ValueError("the data package has no service table")
    organizations = {row["id"]: row for row in tables.get("organization", []) if row.get("id")}
    locations = {row["id"]: row for row in tables.get("location", []) if row.get("id")}
    taxonomies = {row["id"]: row for row in tables.get("taxonomy", []) if row.get("id")}
    terms = {
        row["id"]: dict(row, taxonomy=taxonomies[row["taxonomy_id"]])
        if row.get("taxonomy_id") in taxonomies
        else row
        for row in tables.get("taxonomy_term", [])
        if row.get("id")
    }
    addresses = _by(tables.get("address", []), "location_id")
    phones = _by(tables.get("phone", []), "service_id")
    schedules = _by(tables.get("schedule", []), "service_id")
    areas = _by(tables.get("service_area", []), "service_id")
    sites = _by(tables.get("service_at_location", []), "service_id")
    attributes = _by(tables.get("attribute", []), "link_id")

    records = []
    for row in tables["service"]:
        service_id = str(row.get("id", ""))
        record = dict(row)
        organization = organizations.get(str(row.get("organization_id", "")))
        if organization:
            record["organization"] = organization
        record["phones"] = [_without(p, "service_id") for p in phones[service_id]]
        record["schedules"] = [_without(s, "service_id") for s in schedules[service_id]]
        record["service_areas"] = [_without(a, "service_id") for a in areas[service_id]]
        record["service_at_locations"] = [
            {
                "id": site.get("id"),
                "location": dict(
                    locations.get(str(site.get("location_id")), {"id": site.get("location_id")}),
                    addresses=[
                        _without(a, "location_id") for a in addresses[str(site.get("location_id"))]
                    ],
                ),
            }
            for site in sites[service_id]
        ]
        record["attributes"] = [
            dict(
                _without(a, "link_id"),
                **(
                    {"taxonomy_term": terms[a["taxonomy_term_id"]]}
                    if a.get("taxonomy_term_id") in terms
                    else {}
                ),
            )
            for a in attributes[service_id]
            if a.get("link_type", "service") == "service"
        ]
        records.append({key: value for key, value in record.items() if value not in ([], None)})
    version = package.get("version")
    return records, str(version) if version else None
