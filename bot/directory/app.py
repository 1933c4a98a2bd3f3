"""Builds the directory's long-lived objects once per process (engine, locator, places)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db import make_engine, make_session_factory
from bot.directory.conversation import DirectoryConversation
from bot.directory.locate import Locator
from bot.directory.places import PlaceFinder
from bot.directory.postcodes import PostcodeLocator, load_outcodes
from bot.schools import School, load_schools


def postcode_locator(settings: Settings, sessions: sessionmaker[Session]) -> PostcodeLocator:
    return PostcodeLocator(
        load_outcodes(PostcodeLocator.outcodes_path(settings.data_dir)),
        sessions,
        settings.postcodes_io_url,
        settings.postcodes_io_timeout,
    )


def build_conversation(settings: Settings) -> DirectoryConversation:
    sessions = make_session_factory(make_engine(settings.database_url))
    postcodes = postcode_locator(settings, sessions)
    places = PlaceFinder.from_file(PlaceFinder.places_path(settings.data_dir))
    return DirectoryConversation(sessions, Locator(postcodes, places))


@lru_cache(maxsize=1)
def conversation() -> DirectoryConversation:
    return build_conversation(Settings.from_env())


@lru_cache(maxsize=1)
def schools() -> dict[str, School]:
    return load_schools(Settings.from_env().data_dir)


def audience_of(metadata: Mapping[str, Any]) -> str | None:
    """Who a chat window says is writing ("parent", "pupil"); anything malformed: not known."""
    audience = metadata.get("audience")
    return audience if isinstance(audience, str) else None


def asker(metadata: Mapping[str, Any]) -> tuple[School | None, str | None]:
    """The school and the audience a chat window says it is for, from the message's
    metadata; anything malformed counts as not known."""
    return schools().get(str(metadata.get("school", ""))), audience_of(metadata)
