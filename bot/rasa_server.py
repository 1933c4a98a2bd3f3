"""`rasa run` with its API token from the environment (RASA_TOKEN), not the command line,
where anyone on the machine could read it in the process list.

Python's sys.argv is the process's own copy: the token added to it here never reaches
/proc/<pid>/cmdline.
"""

from __future__ import annotations

import sys

from bot.config import Settings


def main() -> None:
    token = Settings.from_env().rasa_token
    if not token:
        sys.exit("RASA_TOKEN is needed: the token for the Rasa server's HTTP API")
    # "=": a token may begin with "-", which argparse would take for an option.
    sys.argv = ["rasa", "run", *sys.argv[1:], f"--auth-token={token}"]
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
