"""`rasa run` with its API token from the environment (RASA_TOKEN), not the command line,
where anyone on the machine could read it in the process list.

Python's sys.argv is the process's own copy: the token added to it here never reaches
/proc/<pid>/cmdline.

It also checks the action server's replies against Rasa's schema with the schema compiled
once, not on every reply (see `check_action_replies_once_compiled`), and finds each stored
event's class in a table rather than among all of Rasa's event classes every time
(`find_event_classes_by_name`): two costs of every turn that docs/turn-profile.md found.
"""

from __future__ import annotations

import sys
from typing import Any

from bot.config import Settings


def check_action_replies_once_compiled() -> None:
    """Rasa checks every reply of the action server against its JSON schema with
    `jsonschema.validate`, which first checks the schema itself against the metaschema and
    builds a new validator: about 20 ms a reply here, for a schema that never changes (the
    turn profile in docs/turn-profile.md found it the largest single cost of a turn). The
    same check against a validator built once; a reply that fails it goes on to Rasa's own
    method, which words and raises the error exactly as before."""
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    rasa_check = RemoteAction._validate_action_result
    if getattr(rasa_check, "compiled_once", False):
        return
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        # A reply that fails, or an action with a schema of its own, goes to Rasa's check.
        own_schema = (
            type(self).action_response_format_spec is not RemoteAction.action_response_format_spec
        )
        if not own_schema and validator.is_valid(result):
            return True
        return rasa_check(self, result)

    validate_action_result.compiled_once = True  # type: ignore[attr-defined]
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


def find_event_classes_by_name() -> None:
    """Rasa reads every stored event of a conversation on every turn (the tracker store's
    retrieve), and finds each one's class with `Event.resolve_by_type`, which lists all of
    Event's subclasses, checking each with `inspect.isabstract`, and takes the first whose
    `type_name` matches: 43 us an event here, 2 ms for a tracker of 50 events. The classes
    are all defined once Rasa is imported, so the first match for a name never changes; it
    is kept in a table the first time it is found. A name with no class (Rasa's default or
    error for it) is not kept and goes to Rasa's own method every time."""
    from rasa.shared.core.events import Event

    rasa_resolve = Event.resolve_by_type
    if getattr(rasa_resolve, "kept_in_a_table", False):
        return
    found: dict[str, type[Event]] = {}

    def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
        event_class = found.get(type_name)
        if event_class is None:
            event_class = rasa_resolve(type_name, default)
            if event_class is None or event_class.type_name != type_name:
                return event_class  # the default, or None for an old "topic" event
            found[type_name] = event_class
        return event_class

    resolve_by_type.kept_in_a_table = True  # type: ignore[attr-defined]
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign]


def main() -> None:
    token = Settings.from_env().rasa_token
    if not token:
        sys.exit("RASA_TOKEN is needed: the token for the Rasa server's HTTP API")
    # "=": a token may begin with "-", which argparse would take for an option.
    sys.argv = ["rasa", "run", *sys.argv[1:], f"--auth-token={token}"]
    from rasa.__main__ import main as rasa_main

    check_action_replies_once_compiled()
    find_event_classes_by_name()
    rasa_main()


if __name__ == "__main__":
    main()
