"""`signpost directory import`: wire a feed, the database and the topic map together."""

from __future__ import annotations

import sys
from datetime import datetime, timezone

from tqdm import tqdm

from bot.config import Settings
from bot.db import make_engine, make_session_factory
from bot.directory.openreferral.feeds import FeedError, open_feed
from bot.directory.openreferral.importer import Importer, ImportReport
from bot.directory.openreferral.quality import FeedQuality, feed_quality
from bot.directory.openreferral.topic_map import TopicMap
from bot.directory.postcodes import parse_postcode, postcode_locator
from bot.geo import GeoPoint


def import_source(
    settings: Settings, source: str, per_page: int = 50, progress: bool = False
) -> ImportReport:
    engine = make_engine(settings.database_url, savepoints=True)
    sessions = make_session_factory(engine)
    locator = postcode_locator(settings, sessions)

    def place(text: str) -> GeoPoint | None:
        postcode = parse_postcode(text)
        found = locator.locate(postcode) if postcode else None
        return found.point if found else None

    try:
        options = {"per_page": per_page} if source.startswith(("http://", "https://")) else {}
        try:
            feed = open_feed(source, **options)
        except FeedError as error:
            return ImportReport(source, failed=str(error))
        importer = Importer(sessions, TopicMap.from_file(settings.data_dir), place)
        with tqdm(total=feed.total(), unit="service", disable=not progress, file=sys.stderr) as bar:

            def advance(count: int) -> None:
                if bar.total is None and feed.total():
                    bar.total = feed.total()
                bar.update(count)

            return importer.run(feed, datetime.now(timezone.utc), advance)
    finally:
        engine.dispose()


def quality_of(settings: Settings, feed: str) -> FeedQuality:
    """The feed's data-quality report as the import left the database (printed under the
    import's summary): read afresh, so a failed or partial import is judged on what it kept."""
    engine = make_engine(settings.database_url)
    try:
        with make_session_factory(engine)() as session:
            return feed_quality(session, feed)
    finally:
        engine.dispose()
