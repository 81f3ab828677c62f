"""The hostile-string corpus lives inside the repository: a fresh clone needs nothing beside it."""

from pathlib import Path

from tests.security.payloads import CORPUS, hostile_strings

REPO = Path(__file__).resolve().parents[2]


def test_corpus_is_inside_the_clone():
    assert CORPUS.resolve().is_relative_to(REPO)
    assert (CORPUS / "README.md").read_text().count("MIT") >= 2


def test_corpus_has_the_2486_distinct_strings():
    assert len(hostile_strings()) == 2486
