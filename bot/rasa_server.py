"""`rasa run` with its API token from the environment (RASA_TOKEN), not the command line,
where anyone on the machine could read it in the process list.

Python's sys.argv is the process's own copy: the token added to it here never reaches
/proc/<pid>/cmdline.

It also checks the action server's replies against Rasa's schema with the schema compiled
once, not on every reply (see `check_action_replies_once_compiled`).
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


def main() -> None:
    token = Settings.from_env().rasa_token
    if not token:
        sys.exit("RASA_TOKEN is needed: the token for the Rasa server's HTTP API")
    # "=": a token may begin with "-", which argparse would take for an option.
    sys.argv = ["rasa", "run", *sys.argv[1:], f"--auth-token={token}"]
    from rasa.__main__ import main as rasa_main

    check_action_replies_once_compiled()
    rasa_main()


if __name__ == "__main__":
    main()
