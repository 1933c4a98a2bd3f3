"""The classifier's everyday messages are a reviewed copy of the NLU examples: editing
data/nlu for routing's sake does not retrain (or move) the safeguarding classifier."""

from pathlib import Path

from bot.config import DATA_DIR
from bot.safeguarding.classifier import fingerprint, load_everyday, write_everyday

NLU = """version: "3.1"
nlu:
- intent: asthma
  examples: |
    - where can i get a spacer for my [son](who_for)
    - is the asthma clinic open "late" on thursdays?
"""


def _data_dir(tmp_path: Path) -> Path:
    (tmp_path / "nlu").mkdir()
    (tmp_path / "nlu" / "asthma.yml").write_text(NLU)
    (tmp_path / "safeguarding" / "training").mkdir(parents=True)
    (tmp_path / "safeguarding" / "lexicon.yml").write_text("entries: []\n")
    return tmp_path


def test_the_copy_holds_the_nlu_examples_as_plain_text_in_order(tmp_path: Path) -> None:
    data_dir = _data_dir(tmp_path)
    assert write_everyday(data_dir) == 2
    assert load_everyday(data_dir) == [
        "where can i get a spacer for my son",
        'is the asthma clinic open "late" on thursdays?',
    ]


def test_new_nlu_examples_leave_the_classifier_as_it_was_until_copied(tmp_path: Path) -> None:
    data_dir = _data_dir(tmp_path)
    write_everyday(data_dir)
    before = fingerprint(data_dir)
    with (data_dir / "nlu" / "asthma.yml").open("a") as nlu:
        nlu.write("    - does the school nurse keep a spare inhaler\n")
    assert fingerprint(data_dir) == before
    write_everyday(data_dir)
    assert fingerprint(data_dir) != before


def test_the_kept_copy_is_not_empty() -> None:
    assert len(load_everyday(DATA_DIR)) >= 3000
