"""Reading a follow-up question about the services just listed: what it asks (open on
Saturday, open now, in the evening, the nearest, free, for my child's age, their number)
and which of them it points at ("the second one", "is Kooth free").

Plain word patterns, not a model: the NLU decides that a message is a follow-up (intent
`ask_about_services`); this only reads which details it wants, and a word list is easy to
read and to test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from bot.directory.schedule import DAYS, UK


class Ask(Enum):
    OPEN_ON_DAY = "open_on_day"
    OPEN_NOW = "open_now"
    EVENINGS = "evenings"
    WEEKENDS = "weekends"
    HOURS = "hours"  # "when are they open", with no day or time named
    NEAREST = "nearest"
    COST = "cost"
    AGE = "age"
    CONTACT = "contact"
    ABOUT = "about"  # what a service does; also the answer when no detail is named


_DAY_WORDS = {
    "MO": r"mon(day)?s?",
    "TU": r"tue(s|sday)?s?",
    "WE": r"wed(nesday)?s?|weds|wen(d)?sday",
    "TH": r"thu(rs|rsday)?s?",
    "FR": r"fri(day)?s?",
    "SA": r"sat(urday)?s?|satdy",
    "SU": r"sun(day)?s?",
}
_DAY_PATTERNS = {code: re.compile(rf"\b({words})\b") for code, words in _DAY_WORDS.items()}

# Each ask and the words that show it. Checked on lower-cased text with whole words.
_ASK_WORDS: dict[Ask, str] = {
    Ask.OPEN_NOW: r"(right |rite )?now|rn|at the moment|atm|currently|still open|at this time|"
    r"this time of night|open yet",
    Ask.EVENINGS: r"evenings?|eve|tonight|late|night|nights|nite|midnight|after (work|school|skool|"
    r"college|tea|dinner|[5-9]|[5-9] ?pm|[5-9]ish)|\d{1,2} ?pm|out of hours|overnight|24/7",
    Ask.WEEKENDS: r"weekends?|wkends?|wknds?|wk ends?",
    Ask.HOURS: r"open|opening|hours|times|closing|shut|shuts|when can i|what time|wot time|"
    r"wat time",
    Ask.NEAREST: r"nearest|nearist|closest|closist|nearer|closer|near(by)?|nere|walk(ing)?|"
    r"walkable|bus|hows? far|far away|local(ly)?|round the corner|drive|distance|"
    r"(easiest|easy) to get to|get there",
    Ask.COST: r"free|cost(s|ing)?|pay|paying|payment|charge[sd]?|price|prices|fee|fees|money|"
    r"£|pounds?|credit|phone bill|bill|expensive|afford|cheap|donation",
    Ask.AGE: r"ages?|aged|years? old|yrs? old|y/?o|too young|too old|adults?( only)?|"
    r"grown ups?|teenagers?|teens?|under \d+s?|over \d+s?|primary|secondary|year \d+|yr \d+",
    Ask.CONTACT: r"numbers?|no\.?|call|calls|ring|phone|contact|text|txt|email|e-mail|"
    r"website|web site|link|site|get hold|get in touch|reach|message",
    Ask.ABOUT: r"what (do|does) (they|it|\w+) (actually )?do|what('?s| is) (it|that|this|the "
    r"difference)|difference|"
    r"diffrence|vs|versus|tell me (more )?about|more about|real person|chatbot|proper charity|"
    r"referrals?|refer|waiting list|what (sort|kind) of|do they help|does it help",
}
_ASK_PATTERNS = {
    ask: re.compile(rf"(?<![\w£])({words})(?!\w)") for ask, words in _ASK_WORDS.items()
}

# Ages said in the message: "7 year old", "she's 15", "im 11", "do u have to be 16".
_AGE_PATTERNS = (
    re.compile(r"\b(\d{1,2})\s*(?:-\s*)?(?:years?|yrs?|y/?o)\b"),
    re.compile(
        r"\b(?:i'?m|im|i am|is|she'?s|shes|he'?s|hes|they'?re|aged?|be|turned|turning)"
        r"\s+(?:only |just )?(\d{1,2})\b"
    ),
    re.compile(r"\bmy age \(?(\d{1,2})\b"),
    re.compile(
        r"\b(?:daughter|son|child|kid|boy|girl|grandson|granddaughter|grandchild)'?s"
        r"\s+(?:only |just )?(\d{1,2})\b"
    ),
)
_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
# Asking for a way to reach them, not only saying "call" or "text".
_CONTACT_NOUNS = re.compile(
    r"\b(numbers?|email|e-mail|website|web site|link|contact|get hold|get in touch)\b"
)
# "Today" and "tomorrow" are about opening only beside a word about opening ("open
# tomorrow"), not in "I'd never heard of it before today".
_OPENING_WORDS = re.compile(r"\b(open|opening|shut|closed|on|work|working|answer|ring|call)\b")

_POSITIONS = {
    0: r"first|ferst|1st|top",
    1: r"second|2nd|middle",
    2: r"third|3rd",
    -1: r"last|bottom|final",
}
_POSITION_PATTERNS = {
    index: re.compile(rf"\b({words})( one)?\b") for index, words in _POSITIONS.items()
}


# Words that point back at what was just listed: "are they free", "any of those", "the 2nd".
_POINTING_BACK = re.compile(
    r"\b(them|they|they'?re|theyre|their|those|these|it|its|it'?s|any of|which one|which of|"
    r"which is|which are|that one|this one|that last|the \d(st|nd|rd)|ones?)\b"
)


def points_back(text: str) -> bool:
    """Whether the message speaks of something already said ("is it free", "which one")."""
    return bool(_POINTING_BACK.search(_plain(text)))


# What a message that says only a detail may hold besides it: question words, the little
# words around them, and who it is for ("my daughter's 15 can she go on her own").
_FILLER = set(
    """a an the and or but so ok okay please pls plz thanks thank you u ya hi hey what whats
    wat wot how when where which who is are was be do does did can could will would should
    has have had any anyone anybody anything there theres i im me my mine we our us you your
    he she him her his hers they them their it its that this those these one ones to of for
    on in at about with from by if not no yes still also too just only even then else get
    go going goes open opens own s d ll m re ve t much many more long old enough like
    actually really
    daughter son child children kid kids little boy girl baby grandson granddaughter
    grandchild lad lass mum dad mom parent""".split()
)
_MOST_WORDS = 10


def says_only_the_detail(text: str, now: datetime) -> bool:
    """Whether a short message says nothing but a detail about services ("sunday??",
    "free?", "weekend hours?", "i'm 13 is that old enough"): no service, topic or subject
    of its own. After a list of services, such a message can only be about them, whatever
    the NLU made of so few words."""
    plain = _plain(text)
    if len(plain.split()) > _MOST_WORDS or not read_follow_up(text, now).asks_a_detail:
        return False
    rest = plain
    patterns = [*_ASK_PATTERNS.values(), *_DAY_PATTERNS.values(), *_POSITION_PATTERNS.values()]
    for pattern in patterns:
        rest = pattern.sub(" ", rest)
    rest = re.sub(r"\b(today|2day|tomorrow|tomoz|tmrw|tmr|2moro|2morrow)\b", " ", rest)
    words = re.findall(r"[a-z]+", re.sub(r"\d+", " ", rest))
    return all(word in _FILLER for word in words)


@dataclass(frozen=True)
class FollowUp:
    asks: tuple[Ask, ...]  # in a fixed order; empty when no detail is named
    days: tuple[str, ...] = ()  # day codes for OPEN_ON_DAY
    age: int | None = None  # an age said in the message
    position: int | None = None  # "the second one": 1; "the last one": -1

    @property
    def asks_a_detail(self) -> bool:
        """Names a detail (a day, the cost, an age...) rather than only "what is it"."""
        return any(ask is not Ask.ABOUT for ask in self.asks)


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _days(text: str, now: datetime) -> tuple[str, ...]:
    today = DAYS[now.astimezone(UK).weekday()]
    tomorrow = DAYS[(now.astimezone(UK) + timedelta(days=1)).weekday()]
    days = [code for code, pattern in _DAY_PATTERNS.items() if pattern.search(text)]
    if not _OPENING_WORDS.search(text):
        return tuple(days)
    if re.search(r"\b(today|2day)\b", text):
        days.append(today)
    if re.search(r"\b(tomorrow|tomoz|tmrw|tmr|2moro|2morrow)\b", text):
        days.append(tomorrow)
    return tuple(dict.fromkeys(days))


def _age(text: str) -> int | None:
    for number, word in enumerate(_NUMBER_WORDS):
        text = re.sub(rf"\b{word}\b", str(number), text)
    for pattern in _AGE_PATTERNS:
        match = pattern.search(text)
        if match and 0 < int(match.group(1)) <= 25:
            return int(match.group(1))
    return None


def _position(text: str) -> int | None:
    for index, pattern in _POSITION_PATTERNS.items():
        if pattern.search(text):
            return index
    return None


def read_follow_up(text: str, now: datetime) -> FollowUp:
    """What a follow-up asks about, read from its words."""
    plain = _plain(text)
    days = _days(plain, now)
    age = _age(plain)
    asks = {ask for ask, pattern in _ASK_PATTERNS.items() if pattern.search(plain)}
    if days:
        asks.add(Ask.OPEN_ON_DAY)
        # "Saturday" and "weekend" together ask about Saturday; "open" is said by the day.
        asks -= {Ask.WEEKENDS, Ask.HOURS}
    if age is not None:
        asks.add(Ask.AGE)
    if asks & {Ask.OPEN_NOW, Ask.EVENINGS, Ask.WEEKENDS}:
        asks.discard(Ask.HOURS)
    if Ask.EVENINGS in asks and "tonight" in plain and Ask.OPEN_NOW not in asks:
        # "anyone I can ring tonight": evening hours today, which is what open-now answers
        # once the evening comes; both are said.
        asks.add(Ask.OPEN_NOW)
    if Ask.COST in asks and not _CONTACT_NOUNS.search(plain):
        asks.discard(Ask.CONTACT)  # "is it free to call": the cost of calling, not the number
    if not asks:
        asks.add(Ask.ABOUT)
    return FollowUp(
        asks=tuple(ask for ask in Ask if ask in asks),
        days=days,
        age=age,
        position=_position(plain),
    )
