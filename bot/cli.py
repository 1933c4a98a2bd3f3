"""`signpost`: set up the database, run the assistant, chat with it in a terminal."""

from __future__ import annotations

import argparse
import logging
import sys
import time
import uuid

import requests

from bot.config import VAR_DIR, Settings
from bot.db import upgrade
from bot.directory.seed import migrate_and_seed
from bot.stack import Stack, api_token


def prepare_database(settings: Settings) -> int:
    return migrate_and_seed(settings.database_url, settings.data_dir)


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "upgrade":
        upgrade(settings.database_url)
        print("database schema is up to date")
    else:
        count = prepare_database(settings)
        print(f"database ready: {count} services loaded")
    return 0


def cmd_run(_args: argparse.Namespace, settings: Settings) -> int:
    count = prepare_database(settings)
    print(f"database ready ({count} services)")
    stack = Stack(
        database_url=settings.database_url,
        rasa_port=settings.rasa_port,
        action_port=settings.action_port,
        token=api_token(),
        run_dir=VAR_DIR / "run",
    )
    print("starting the Rasa server and the action server (this takes about 30 seconds)...")
    with stack:
        print(
            f"\nSchool Signpost is running.\n"
            f"  Rasa server (REST + socket.io): {stack.rasa_url}\n"
            f"    REST: POST {stack.rasa_url}/webhooks/rest/webhook "
            '{"sender": "me", "message": "hello"}\n'
            f"    HTTP API token: in var/rasa-token\n"
            f"  Action server: {stack.action_url}\n"
            f"  Logs: {stack.run_dir}\n"
            f"  Chat in a terminal: make chat   (or .venv/bin/signpost chat)\n"
            "Press Ctrl-C to stop."
        )
        try:
            while all(p.poll() is None for p in stack.processes):
                time.sleep(1)
        except KeyboardInterrupt:
            print("\nstopping...")
            return 0
    print(f"a server stopped unexpectedly; see the logs in {stack.run_dir}")
    return 1


def _print_reply(message: dict) -> None:
    if "text" in message:
        print(f"  {message['text']}".replace("\n", "\n  "))
    for button in message.get("buttons") or []:
        print(f"    [{button['title']}]")
    custom = message.get("custom")
    if isinstance(custom, dict) and custom.get("type") == "services":
        print(f"    ({len(custom['services'])} services in the card payload)")


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    url = f"{args.url or f'http://127.0.0.1:{settings.rasa_port}'}/webhooks/rest/webhook"
    sender = f"terminal-{uuid.uuid4().hex[:8]}"
    metadata = {"audience": args.audience}
    if args.school:
        metadata["school"] = args.school
    print("Type a message and press Enter (Ctrl-D to quit).")
    while True:
        try:
            text = input("you> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        try:
            response = requests.post(
                url, json={"sender": sender, "message": text, "metadata": metadata}, timeout=30
            )
            response.raise_for_status()
        except requests.RequestException as error:
            print(f"  (could not reach the assistant at {url}: {type(error).__name__})")
            continue
        for message in response.json():
            _print_reply(message)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(prog="signpost", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    db = commands.add_parser("db", help="migrate and seed the database")
    db.add_argument("action", choices=["upgrade", "seed"])
    commands.add_parser("run", help="start the assistant (Rasa and action servers)")
    chat = commands.add_parser("chat", help="chat with a running assistant in the terminal")
    chat.add_argument("--url", help="Rasa server address (default: this machine)")
    chat.add_argument("--school", help="demo school slug, as the widget would send")
    chat.add_argument("--audience", choices=["parent", "pupil", "staff"], default="parent")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    handlers = {"db": cmd_db, "run": cmd_run, "chat": cmd_chat}
    return handlers[args.command](args, settings)


if __name__ == "__main__":
    sys.exit(main())
