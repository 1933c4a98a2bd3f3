"""The directory's conversation over the real seeded SQLite file and a postcodes.io on
loopback, as the action server builds it."""

import pytest

from bot.config import DATA_DIR
from bot.directory.conversation import DirectoryConversation
from bot.directory.locate import Locator
from bot.directory.needs import Needs
from bot.directory.places import PlaceFinder
from bot.directory.postcodes import PostcodeLocator, load_outcodes


@pytest.fixture
def chat(seeded_sqlite, postcodes_io) -> DirectoryConversation:
    # The fake postcodes.io also knows a London postcode, outside the demo directory.
    postcodes_io.known["SW1A1AA"] = (51.501, -0.1416)
    postcodes = PostcodeLocator(
        load_outcodes(DATA_DIR / "directory" / "outcodes.csv"),
        seeded_sqlite,
        postcodes_io.url,
        timeout=2,
    )
    places = PlaceFinder.from_file(DATA_DIR / "directory" / "places.yml")
    needs = Needs.from_file(DATA_DIR / "directory")
    return DirectoryConversation(seeded_sqlite, Locator(postcodes, places), needs)
