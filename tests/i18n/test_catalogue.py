"""The Dutch catalogue is complete and the committed .mo matches the .po,
so the Dutch UI works on a machine without gettext."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "nl" / "LC_MESSAGES"


def test_dutch_catalogue_is_complete():
    po = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == (entry.msgstr, entry.msgstr_plural or {}) or (
            compiled.get((entry.msgctxt, entry.msgid), ("",))[0] == entry.msgstr
        ), f"django.mo is stale for {entry.msgid!r}: run `make messages`"


def test_placeholders_survive_translation():
    import re

    po = polib.pofile(str(LOCALE / "django.po"))
    for entry in po.translated_entries():
        if entry.msgid_plural:
            continue
        assert sorted(re.findall(r"%\(\w+\)s", entry.msgid)) == sorted(re.findall(r"%\(\w+\)s", entry.msgstr)), (
            entry.msgid
        )
