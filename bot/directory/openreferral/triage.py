"""Sort what is wrong with a feed's record by what it costs: the service, or one part of it.

- The service itself: no id, name or status, no usable organization (every service row
  belongs to one), or a fault in one of its own fields. Those fields are what the chat shows
  and filters on (an age written as words would offer it to the wrong children), so the
  service is skipped, with one line saying why.
- One item of a list inside it: a schedule, a phone, an attribute and its taxonomy term, a
  site and its location, a contact's phone, a 3.1 capacity... Councils' feeds carry such
  faults all the time (Bristol's contact phones have no id), and one of them says nothing
  about the rest: that item is dropped and the rest of the service goes in.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.directory.openreferral.schema import SchemaError, nested_fields, schema_errors

# Nested, but the directory cannot place a service without it: a fault here skips it.
NEEDED_WHOLE = frozenset({"organization"})

Path = tuple[str | int, ...]
# A fault the caller's standard lets pass (ORUK 1's non-UUID ids, say): not a fault at all.
Tolerated = Callable[[SchemaError], bool]


@dataclass(frozen=True)
class DroppedPart:
    path: Path  # where the part was: ("schedules", 1), ("contacts", 0, "phones", 0)
    fault: SchemaError  # the first thing the schema found wrong in it

    @property
    def reason(self) -> str:
        return self.fault.line()

    @property
    def kind(self) -> str:
        """The fault without its positions ("contacts/*/phones/*: 'id' is a required
        property"), so a report can count alike faults across a feed."""
        path = tuple("*" if isinstance(step, int) else step for step in self.fault.path)
        return SchemaError(path, self.fault.message).line()


@dataclass
class Triage:
    record: dict[str, Any] | None  # what to write: the record less its broken parts
    refused: str | None = None  # why the service is skipped (then `record` is None)
    dropped: list[DroppedPart] = field(default_factory=list)


def _part(error: SchemaError, nested: frozenset[str]) -> Path | None:
    """The smallest part that holds the fault and can go without the service; None when the
    fault is the service's own."""
    items = [n for n, step in enumerate(error.path) if isinstance(step, int)]
    if items:
        return error.path[: items[-1] + 1]
    top = error.path[0] if error.path else None
    # A list that is not a list at all ("phones": "0117 ..."), or a lone table like `program`.
    if isinstance(top, str) and top in nested and top not in NEEDED_WHOLE:
        return (top,)
    return None


def _without(record: dict[str, Any], parts: list[Path]) -> dict[str, Any]:
    cleaned = copy.deepcopy(record)
    # Deepest and last first, so removing one item never shifts another's index.
    for path in sorted(parts, reverse=True):
        container: Any = cleaned
        for step in path[:-1]:
            container = container[step]
        del container[path[-1]]
    return cleaned


def _refused(errors: list[SchemaError]) -> str:
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return errors[0].line() + more


def _errors(record: Any, folder: str, tolerated: Tolerated | None) -> list[SchemaError]:
    errors = schema_errors(record, folder)
    return [error for error in errors if not (tolerated and tolerated(error))]


def triage(record: Any, folder: str, tolerated: Tolerated | None = None) -> Triage:
    """Check the record against the schema in `folder` and decide what to keep."""
    errors = _errors(record, folder, tolerated)
    if not errors:
        return _with_an_id(Triage(record))
    nested = nested_fields(folder)
    placed = [(error, _part(error, nested)) for error in errors]
    own = [error for error, part in placed if part is None]
    if own:
        return Triage(None, _refused(own))
    first_fault: dict[Path, SchemaError] = {}
    for error, part in placed:
        if part is not None:
            first_fault.setdefault(part, error)
    # A part inside one already dropped goes with it.
    parts = [
        path
        for path in first_fault
        if not any(path[: len(other)] == other and path != other for other in first_fault)
    ]
    cleaned = _without(record, parts)
    left = _errors(cleaned, folder, tolerated)
    if left:  # no schema of ours needs this today, but never write what still fails
        return Triage(None, _refused(left))
    dropped = [DroppedPart(path, first_fault[path]) for path in sorted(parts)]
    return _with_an_id(Triage(cleaned, dropped=dropped))


def _with_an_id(checked: Triage) -> Triage:
    """The schema takes "" for an id; the directory cannot key a service by it."""
    if checked.record is not None and not str(checked.record.get("id") or "").strip():
        return Triage(None, "id: the service's id is empty")
    return checked
