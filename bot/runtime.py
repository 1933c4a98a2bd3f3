"""What one process shares, built once from its Settings and handed to every part that needs
it: the database engine and sessions, the schools, the sentence encoder, the safeguarding
detector and hand-off, the directory, the careers catalogue and the emergency advice.

The action server, the Rasa server's components and channels, and the web server each ask
`runtime()` (the web server makes its own for the database it is given). Each object is made
on first use, so a process pays only for what it uses: one engine, one encoder, one detector.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.careers.catalogue import Catalogue, load_catalogue, load_described_jobs
from bot.careers.conversation import CareersConversation
from bot.config import Settings
from bot.db import make_engine, make_session_factory
from bot.directory.conversation import DirectoryConversation
from bot.directory.locate import Locator
from bot.directory.needs import Needs
from bot.directory.places import PlaceFinder
from bot.directory.postcodes import PostcodeLocator, postcode_locator
from bot.emergency import EmergencyAdvice, advice_path
from bot.schools import School, audience_of, load_schools

if TYPE_CHECKING:
    # Imported where they are made: spaCy and ONNX Runtime load in seconds and take hundreds
    # of megabytes, which the web server, never scanning a message, should not pay.
    from bot.language.encoder import SentenceEncoder
    from bot.safeguarding.check_in import CheckInText
    from bot.safeguarding.detector import Detector
    from bot.safeguarding.handoff import Handoff


class Runtime:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings.database_url)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return make_session_factory(self.engine)

    @cached_property
    def schools(self) -> dict[str, School]:
        return load_schools(self.settings.data_dir)

    @cached_property
    def encoder(self) -> SentenceEncoder:
        # Loading it takes about a second and 90 MB: the featurizer and the detector share it.
        from bot.language.encoder import SentenceEncoder

        return SentenceEncoder.from_package()

    @cached_property
    def detector(self) -> Detector:
        # Read from data/ when the process starts, so a DSL's change to the lexicon takes
        # effect on restart without retraining.
        from bot.safeguarding.detector import Detector

        return Detector.from_data(self.settings.data_dir, self.encoder)

    @cached_property
    def check_in_text(self) -> CheckInText:
        from bot.safeguarding.check_in import CheckInText, check_in_path

        return CheckInText.from_file(check_in_path(self.settings.data_dir))

    @cached_property
    def handoff(self) -> Handoff:
        from bot.alerts.availability import TeamAvailability
        from bot.safeguarding.crisis import CrisisCards, crisis_path
        from bot.safeguarding.escalations import EscalationStore
        from bot.safeguarding.handoff import Handoff

        return Handoff(
            EscalationStore(self.sessions, self.settings.escalation_spool_dir),
            CrisisCards.from_file(crisis_path(self.settings.data_dir)),
            self.check_in_text,
            TeamAvailability(self.sessions),
        )

    @cached_property
    def postcodes(self) -> PostcodeLocator:
        return postcode_locator(self.settings, self.sessions)

    @cached_property
    def directory(self) -> DirectoryConversation:
        places = PlaceFinder.from_file(PlaceFinder.places_path(self.settings.data_dir))
        needs = Needs.from_file(self.settings.data_dir / "directory")
        return DirectoryConversation(self.sessions, Locator(self.postcodes, places), needs)

    @cached_property
    def catalogue(self) -> Catalogue:
        return load_catalogue(self.settings.data_dir)

    @cached_property
    def careers(self) -> CareersConversation:
        from bot.careers.described import RoleDescriptions
        from bot.careers.faq import load_faq
        from bot.careers.outside_health import learn_outside_health, load_jobs_outside_health
        from bot.language.cache import CachedEncoder

        # The catalogue's own texts are encoded once and kept (var/cache); messages never are.
        role_texts = CachedEncoder(self.encoder, self.settings.cache_dir)
        data_dir = self.settings.data_dir
        described_jobs = load_described_jobs(data_dir, self.catalogue)
        descriptions = RoleDescriptions(self.catalogue, self.encoder, role_texts, described_jobs)
        by_meaning = learn_outside_health(
            data_dir, self.catalogue, described_jobs, self.encoder, role_texts
        )
        return CareersConversation(
            self.catalogue,
            descriptions,
            load_faq(data_dir),
            load_jobs_outside_health(data_dir, by_meaning),
        )

    @cached_property
    def emergency_advice(self) -> EmergencyAdvice:
        return EmergencyAdvice.from_file(advice_path(self.settings.data_dir))

    def asker(self, metadata: Mapping[str, Any]) -> tuple[School | None, str | None]:
        """The school and the audience a chat window says it is for, from the message's
        metadata; anything malformed counts as not known."""
        return self.schools.get(str(metadata.get("school", ""))), audience_of(metadata)


@lru_cache(maxsize=1)
def runtime() -> Runtime:
    """This process's runtime, from the environment's settings."""
    return Runtime(Settings.from_env())
