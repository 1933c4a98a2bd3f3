"""`signpost`: set up the database, run the assistant, chat with it in a terminal."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import requests
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bot.config import VAR_DIR, Settings, api_token
from bot.console.accounts import AccountError, create_account, issue_setup_link
from bot.console.models import ROLES, StaffAccount
from bot.console.retention import DEFAULT_DAYS, purge
from bot.console.seed import seed_schools
from bot.db import (
    create_database_if_missing,
    make_engine,
    make_session_factory,
    session_scope,
    upgrade,
)
from bot.directory.seed import migrate_and_seed
from bot.scaleout.cluster import DEFAULT_REDIS_URL, ScaledStack
from bot.stack import PRIVATE_UMASK, Stack


def prepare_database(settings: Settings) -> int:
    """Migrate, load the directory and the schools; returns how many services."""
    create_database_if_missing(settings.database_url)
    count = migrate_and_seed(settings.database_url, settings.data_dir)
    with _session(settings) as session:
        seed_schools(session, settings.data_dir)
    keep_private(settings.database_url)
    return count


def keep_private(database_url: str) -> None:
    """A SQLite file holds conversations: its owner's only, also one made before this rule."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        for suffix in ("", "-wal", "-shm", "-journal"):
            path = Path(url.database + suffix)
            if path.exists():
                path.chmod(0o600)


@contextmanager
def _session(settings: Settings) -> Iterator[Session]:
    engine = make_engine(settings.database_url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            yield session
    finally:
        engine.dispose()


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "upgrade":
        upgrade(settings.database_url)
        print("database schema is up to date")
    else:
        count = prepare_database(settings)
        print(f"database ready: {count} services loaded")
    return 0


def _stop_on_sigterm() -> None:
    """A service manager stops us with SIGTERM: stop the servers as Ctrl-C would."""

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def _stack(args: argparse.Namespace, settings: Settings) -> Stack:
    if args.servers == 1:
        return Stack(
            database_url=settings.database_url,
            rasa_port=settings.rasa_port,
            action_port=settings.action_port,
            web_port=settings.web_port,
            token=api_token(),
            run_dir=VAR_DIR / "run",
            redis_url=settings.redis_url,
            event_broker_url=settings.event_broker_url,
        )
    return ScaledStack.on_loopback(
        settings.database_url,
        settings.redis_url or DEFAULT_REDIS_URL,
        VAR_DIR / "run",
        rasa_servers=args.servers,
        action_servers=args.servers,
        ports=(settings.rasa_port, settings.action_port, settings.web_port),
        token=api_token(),
        event_broker_url=settings.event_broker_url,
    )


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    _stop_on_sigterm()
    try:
        stack = _stack(args, settings)
    except ValueError as error:  # several servers on a SQLite file
        print(f"cannot start: {error}", file=sys.stderr)
        return 2
    count = prepare_database(settings)
    print(f"database ready ({count} services)")
    servers = f"{args.servers} Rasa servers and {args.servers} action servers behind nginx"
    what = "the Rasa server, the action server" if args.servers == 1 else servers
    print(f"starting {what}, the staff console and the alert sender (about 30 s)...")
    with stack:
        print(
            f"\nSchool Signpost is running.\n"
            f"  Rasa server (REST + socket.io): {stack.rasa_url}\n"
            f"    REST: POST {stack.rasa_url}/webhooks/rest/webhook "
            '{"sender": "me", "message": "hello"}\n'
            f"    HTTP API token: in var/rasa-token\n"
            f"  Action server{'' if args.servers == 1 else 's (nginx)'}: {stack.action_url}\n"
            f"  Demo school pages with the chat widget: http://localhost:{stack.web_port}/demo/\n"
            f"  Staff console: http://localhost:{stack.web_port}/console/\n"
            f"    first account: .venv/bin/signpost staff add --role admin ...\n"
            f"  Safeguarding alerts: {alerts_summary(settings)}\n"
            f"  Logs: {stack.run_dir}\n"
            f"  Chat in a terminal: make chat   (or .venv/bin/signpost chat)\n"
            "Press Ctrl-C to stop."
        )
        try:
            while True:  # a server that stops is started again; the others keep serving
                stack.restart_exited()
                time.sleep(1)
        except KeyboardInterrupt:
            print("\nstopping...")
            return 0


def alerts_summary(settings: Settings) -> str:
    channels = [
        "email" if settings.smtp_url else "",
        "webhook" if settings.alert_webhook_url else "",
    ]
    on = " and ".join(c for c in channels if c)
    return (
        f"by {on} to each school's team"
        if on
        else "OFF: set SIGNPOST_SMTP_URL (and SIGNPOST_CONSOLE_URL) to email each school's team"
    )


def cmd_alerts(args: argparse.Namespace, settings: Settings) -> int:
    """The alert sender on its own: `signpost run` starts one; a deployment with several
    servers runs it wherever it likes (on PostgreSQL several senders share the outbox)."""
    from bot.alerts.sender import AlertSender

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda _signum, _frame: stop.set())
    engine = make_engine(settings.database_url)
    try:
        AlertSender(settings, make_session_factory(engine)).run(stop)
    finally:
        engine.dispose()
    return 0


def _print_reply(message: dict) -> None:
    if "text" in message:
        print(f"  {message['text']}".replace("\n", "\n  "))
    for button in message.get("buttons") or []:
        print(f"    [{button['title']}]")
    custom = message.get("custom")
    if isinstance(custom, dict) and custom.get("type") == "services":
        print(f"    ({len(custom['services'])} services in the card payload)")
    if isinstance(custom, dict) and custom.get("type") == "staff_message":
        print(f"  {custom['from']} (school staff): {custom['text']}")


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


def cmd_staff(args: argparse.Namespace, settings: Settings) -> int:
    """Accounts are made (or reset) without a password: the holder gets a one-time set-up
    link and chooses their own, as in the console."""
    upgrade(settings.database_url)
    now = datetime.now(timezone.utc)
    console = (args.console_url or f"http://localhost:{settings.web_port}").rstrip("/")
    try:
        with _session(settings) as session:
            seed_schools(session, settings.data_dir)
            if args.staff_action == "add":
                account = create_account(
                    session, email=args.email, name=args.name, role=args.role,
                    school_slug=args.school, now=now,
                )  # fmt: skip
                print(f"account {account.id} created: {account.email} ({account.role})")
            else:
                email = args.email.strip().lower()
                account = session.scalar(select(StaffAccount).where(StaffAccount.email == email))
                if account is None:
                    raise AccountError(f"no account for {email}")
            token = issue_setup_link(account, now)
            print(f"set-up link (works once, for three days): {console}/console/setup/{token}")
    except AccountError as error:
        print(f"not done: {error}", file=sys.stderr)
        return 2
    return 0


def cmd_purge(args: argparse.Namespace, settings: Settings) -> int:
    upgrade(settings.database_url)
    with _session(settings) as session:
        result = purge(session, args.days, datetime.now(timezone.utc))
    print(
        f"removed {result.conversations} conversations ({result.events} events) idle for more "
        f"than {args.days} days and never escalated; escalated conversations are kept"
    )
    return 0


def cmd_directory(args: argparse.Namespace, settings: Settings) -> int:
    from bot.directory.openreferral.run import import_source, quality_of

    upgrade(settings.database_url)
    report = import_source(settings, args.source, per_page=args.per_page, progress=not args.quiet)
    for record_id, reason in report.skipped:
        print(f"skipped {record_id}: {reason}")
    print(report.summary())
    quality = quality_of(settings, report.feed)
    if quality.active:  # a feed that never opened has nothing to judge
        print()
        print(quality.render())
    return 0 if report.ok else 1


def cmd_safeguarding(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here: the encoder and scikit-learn load only for this command.
    from bot.config import MODELS_DIR
    from bot.safeguarding.classifier import MODEL_FILE, everyday_file, is_current, write_everyday
    from bot.safeguarding.detector import train_classifier

    if args.action == "everyday":
        copied = write_everyday(settings.data_dir)
        print(
            f"copied {copied} NLU examples into {everyday_file(settings.data_dir)}; train the "
            "classifier again and measure safeguarding (make eval) before this lands"
        )
        return 0
    kept = MODELS_DIR / MODEL_FILE
    if not args.force and is_current(kept, settings.data_dir):
        kept.touch()  # for make: up to date with its inputs
        print(f"safeguarding classifier is up to date with data/: {kept}")
        return 0
    started = time.monotonic()
    classifier = train_classifier(settings.data_dir, MODELS_DIR)
    print(
        f"safeguarding classifier trained in {time.monotonic() - started:.0f} s: "
        f"{MODELS_DIR / MODEL_FILE}"
    )
    report = classifier.report
    if report is not None:
        t = report.thresholds
        print(
            f"  {report.examples} examples, {report.concerns} of them disclosures. Out of fold "
            f"(voices unseen): hand-off above {t.handoff:.3f} finds {report.recall_handoff:.1%} "
            f"and flags {report.flags_handoff:.1%} of look-alikes; with check-ins (above "
            f"{t.check_in:.3f}) {report.recall_any:.1%} and {report.flags_any:.1%}; a lexicon "
            f"match hands off from {t.agree:.3f} and is set aside below {t.lexicon_veto:.3f}; "
            f"NLU examples handed off {report.everyday_flags_handoff:.1%}, flagged "
            f"{report.everyday_flags_any:.1%}"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    # Whatever signpost writes (the database, secrets, logs, the spool) is its owner's alone.
    os.umask(PRIVATE_UMASK)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(prog="signpost", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    db = commands.add_parser("db", help="migrate and seed the database")
    db.add_argument("action", choices=["upgrade", "seed"])
    run = commands.add_parser("run", help="start the assistant (Rasa and action servers)")
    run.add_argument(
        "--servers",
        type=int,
        default=1,
        help="Rasa servers (and as many action servers) behind nginx; more than one needs "
        "a PostgreSQL DATABASE_URL and Redis (REDIS_URL, default the local one)",
    )
    chat = commands.add_parser("chat", help="chat with a running assistant in the terminal")
    chat.add_argument("--url", help="Rasa server address (default: this machine)")
    chat.add_argument("--school", help="demo school slug, as the widget would send")
    chat.add_argument("--audience", choices=["parent", "pupil", "staff"], default="parent")
    staff = commands.add_parser("staff", help="staff console accounts")
    staff_actions = staff.add_subparsers(dest="staff_action", required=True)
    add = staff_actions.add_parser("add", help="create an account (the first one: an admin)")
    add.add_argument("--email", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--school", help="school slug, for pastoral and dsl accounts")
    reset = staff_actions.add_parser(
        "reset", help="a new set-up link: new password and authenticator (a lost phone)"
    )
    reset.add_argument("--email", required=True)
    for command in (add, reset):
        command.add_argument(
            "--console-url", help="the console's address in the link (default: this machine)"
        )
    prune = commands.add_parser(
        "purge", help="delete conversations never escalated, after some days"
    )
    prune.add_argument("--days", type=int, default=DEFAULT_DAYS)
    directory = commands.add_parser("directory", help="the service directory")
    directory_actions = directory.add_subparsers(dest="directory_action", required=True)
    importing = directory_actions.add_parser(
        "import", help="import an Open Referral UK / HSDS 3 feed (API URL, JSON or CSV package)"
    )
    importing.add_argument("source", help="API base URL, a JSON file, or a datapackage folder")
    importing.add_argument("--per-page", type=int, default=50, help="services per API page")
    importing.add_argument("--quiet", action="store_true", help="no progress bar")
    commands.add_parser(
        "alerts", help="send the safeguarding team's alerts (signpost run starts this itself)"
    )
    safeguarding = commands.add_parser("safeguarding", help="the safeguarding detector")
    safeguarding.add_argument(
        "action",
        choices=["train", "everyday"],
        help="train: train the classifier on data/ and keep it in models/; everyday: copy the "
        "NLU examples into the classifier's everyday messages (then train and measure again)",
    )
    safeguarding.add_argument(
        "--force", action="store_true", help="train even if the kept model learnt from this data"
    )
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    handlers = {
        "db": cmd_db, "run": cmd_run, "chat": cmd_chat, "staff": cmd_staff, "purge": cmd_purge,
        "directory": cmd_directory, "safeguarding": cmd_safeguarding, "alerts": cmd_alerts,
    }  # fmt: skip
    return handlers[args.command](args, settings)


if __name__ == "__main__":
    sys.exit(main())
