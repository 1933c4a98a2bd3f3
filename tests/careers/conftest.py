import pytest

from bot.careers.catalogue import Catalogue, load_catalogue, load_described_jobs
from bot.careers.conversation import CareersConversation, CareerTurn
from bot.careers.described import RoleDescriptions
from bot.careers.faq import load_faq
from bot.careers.outside_health import (
    OutsideHealthByMeaning,
    learn_outside_health,
    load_jobs_outside_health,
)
from bot.careers.present import Reader
from bot.config import DATA_DIR
from bot.language.cache import CachedEncoder
from bot.language.encoder import SentenceEncoder
from bot.replies import Reply


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(DATA_DIR)


@pytest.fixture(scope="session")
def encoder() -> SentenceEncoder:
    return SentenceEncoder.from_package()


@pytest.fixture(scope="session")
def descriptions(catalogue: Catalogue, encoder: SentenceEncoder) -> RoleDescriptions:
    # As the action server reads them: the catalogue's texts kept between runs (var/cache).
    texts = CachedEncoder(encoder)
    return RoleDescriptions(catalogue, encoder, texts, load_described_jobs(DATA_DIR, catalogue))


@pytest.fixture(scope="session")
def outside_health(catalogue: Catalogue, encoder: SentenceEncoder) -> OutsideHealthByMeaning:
    described_jobs = load_described_jobs(DATA_DIR, catalogue)
    return learn_outside_health(
        DATA_DIR, catalogue, described_jobs, encoder, CachedEncoder(encoder)
    )


@pytest.fixture(scope="session")
def careers(
    catalogue: Catalogue, descriptions: RoleDescriptions, outside_health: OutsideHealthByMeaning
) -> CareersConversation:
    """As the action server runs it: roles found by name, by likings and by description,
    the questions that name no job answered from the FAQ, jobs outside health told apart by
    their words and by their meaning."""
    return CareersConversation(
        catalogue,
        descriptions,
        load_faq(DATA_DIR),
        load_jobs_outside_health(DATA_DIR, outside_health),
    )


def asked(careers: CareersConversation, text: str, reader: Reader | None = None) -> Reply:
    """The careers answer to one message, as its first in a conversation (a pupil's)."""
    turn = CareerTurn(text=text, intent="careers", reader=reader or Reader("pupil"))
    return careers.answer(turn)
