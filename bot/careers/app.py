"""The careers catalogue and conversation a running action server shares (read once)."""

from __future__ import annotations

from functools import lru_cache

from bot.careers.catalogue import Catalogue, load_catalogue
from bot.careers.conversation import CareersConversation
from bot.config import Settings


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    return load_catalogue(Settings.from_env().data_dir)


@lru_cache(maxsize=1)
def careers() -> CareersConversation:
    return CareersConversation(catalogue())
