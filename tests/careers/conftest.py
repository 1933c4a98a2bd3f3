import pytest

from bot.careers.catalogue import Catalogue, load_catalogue
from bot.careers.conversation import CareersConversation
from bot.config import DATA_DIR


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(DATA_DIR)


@pytest.fixture(scope="session")
def careers(catalogue: Catalogue) -> CareersConversation:
    return CareersConversation(catalogue)
