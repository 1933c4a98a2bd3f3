"""The directory's topics: the codes used in data and payloads, and how we say them."""

TOPIC_VOCABULARY = "signpost-topic"

# code -> words used in replies ("Here is help with ...").
TOPICS: dict[str, str] = {
    "asthma": "asthma",
    "debt": "money worries",
    "mental_health": "mental health and wellbeing",
    "careers": "NHS careers",
    "food": "food and essentials",
    "healthy_eating": "healthy eating",
    "immunisation": "immunisations",
    "family_support": "family support",
}

# The four the assistant offers as buttons when it is not sure what someone needs.
MAIN_TOPICS = ("asthma", "debt", "mental_health", "careers")


def topic_term_id(code: str) -> str:
    return f"topic-{code}"
