"""The action server: rasa_sdk's app, answering the Rasa servers alone.

Anyone on the machine could call rasa_sdk's /webhook and run our actions (write an
escalation, read a conversation's replies). Here every call but /health must carry the token
the Rasa servers are given in endpoints.yml (`action_endpoint.token`, sent as `?token=`);
it comes in ACTION_SERVER_TOKEN, never on the command line.
"""

from __future__ import annotations

import argparse
import hmac
import sys

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.config import Settings
from bot.private_logs import install
from bot.runtime import runtime


def guarded_app(token: str, actions: str = "actions") -> Sanic:
    app = create_app(actions, cors_origins=None)

    @app.on_request
    async def _only_the_rasa_servers(request: Request) -> HTTPResponse | None:
        if request.path == "/health":
            return None  # says only "ok": what a supervisor needs
        given = request.args.get("token", "")
        if hmac.compare_digest(given.encode(), token.encode()):
            return None
        return response.json({"error": "this server answers the Rasa servers only"}, status=401)

    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.action_server", description=__doc__)
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--actions", default="actions")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    token = settings.action_server_token
    if not token:
        sys.exit("ACTION_SERVER_TOKEN is needed: the token the Rasa servers send")
    utils.configure_colored_logging("INFO")
    utils.update_sanic_log_level()
    app = guarded_app(token, args.actions)
    install()
    # Built before the first request, not during a pupil's first careers question: the
    # sentence encoder and the catalogue's vectors take a few seconds.
    _ = runtime().careers
    host = settings.action_server_host
    # No access log: request lines carry the token.
    app.run(host, args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
