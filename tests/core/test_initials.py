import pytest

from core.templatetags.gilde import initials


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Joris Bakker (Velora support)", "JB"),
        ("Joris Bakker [staff]", "JB"),
        ("Emma Clarke", "EC"),
        ("Liam O'Brien", "LO"),
        ("Grace Müller", "GM"),
        ("  Noor  ", "N"),
        ("Bram de Boer", "BB"),
        ("Anne-Marie van Dijk.", "AD"),
        ("J. (Jan) Jansen!", "JJ"),
        ("(support)", "S"),
        ("!!!", "?"),
        ("", "?"),
        ("42", "4"),
    ],
)
def test_initials_ignore_parenthesised_parts_and_punctuation(name, expected):
    assert initials(name) == expected
