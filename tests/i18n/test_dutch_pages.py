"""Every page type, read in Dutch by every role, shows no English that has a
Dutch translation: a text node (or title/aria-label/placeholder/alt) equal to
the msgid of a translated catalogue entry is English left on a Dutch page.

The catalogues are Gilde's own (locale/nl) and allauth's, whose pages Gilde
serves; ours comes first, as in LOCALE_PATHS. Entries whose English also reads
as Dutch (the msgid is some entry's msgstr, "Team", "Status") are skipped, and
the data is Dutch, so members' words are never mistaken for the interface.
"""

import functools
import re
from html.parser import HTMLParser
from pathlib import Path

import allauth
import polib
import pytest
from django.conf import settings

from tests import pages as catalogue

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def _entries():
    ours = polib.pofile(str(ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"))
    theirs = polib.pofile(str(Path(allauth.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"))
    seen = set()
    for entry in list(ours) + list(theirs):
        if entry.obsolete or "fuzzy" in entry.flags or (entry.msgctxt, entry.msgid) in seen:
            continue
        seen.add((entry.msgctxt, entry.msgid))
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            yield entry.msgid, forms.get(0, "")
            yield entry.msgid_plural, forms.get(1, "")
        else:
            yield entry.msgid, entry.msgstr


@functools.cache
def english_matchers():
    """(exact English texts, [(regex, msgid)]) of translated entries whose Dutch differs."""
    pairs = [(i, s) for i, s in _entries() if s and i.strip() != s.strip()]
    dutch = {" ".join(s.split()) for _, s in _entries() if s}
    exact, patterns = set(), []
    for msgid, _msgstr in pairs:
        text = " ".join(msgid.split())
        if "<" in text or text in dutch:
            continue
        if PLACEHOLDER.search(text):
            literal = PLACEHOLDER.sub("", text)
            if len(re.sub(r"\W", "", literal)) < 6:  # "%(n)s h", "%(a)s · %(b)s": too little English to tell
                continue
            parts = [re.escape(p) for p in PLACEHOLDER.split(text)]
            patterns.append((re.compile("^" + "(.+?)".join(parts) + "$"), msgid))
        elif len(text) >= 4 and re.search(r"[A-Za-z]{3}", text):
            exact.add(text)
    return exact, patterns


class VisibleText(HTMLParser):
    HIDDEN = {"script", "style", "template", "noscript", "svg"}
    ATTRS = {"title", "aria-label", "placeholder", "alt", "aria-description"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self._hidden, self._foreign = [], 0, []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1
        attrs = dict(attrs)
        if tag != "html" and attrs.get("lang") and not attrs["lang"].startswith("nl"):
            self._foreign.append(tag)  # "English" in the language menu, an English member's post
        elif tag == "option" and attrs.get("value") in LANGUAGE_CODES:
            self._foreign.append(tag)  # a language is named in its own language: <option value="en">English
        if self._foreign:
            return
        for name in self.ATTRS:
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1
        if self._foreign and self._foreign[-1] == tag:
            self._foreign.pop()

    def handle_data(self, data):
        if not self._hidden and not self._foreign and data.strip():
            self.texts.append(data)


def visible_texts(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    # A title is inside <head>: keep it (it is what a tab shows).
    return [" ".join(t.split()) for t in parser.texts if t.strip()]


def english_on(html, exact, patterns) -> list[str]:
    found = []
    for text in visible_texts(html):
        for candidate in {text, text.rstrip(":.…").strip(), text.strip("“”\"() →←·").strip()}:
            if candidate in exact:
                found.append(candidate)
                break
        else:
            for regex, msgid in patterns:
                if regex.match(text):
                    found.append(f"{text!r} (msgid {msgid!r})")
                    break
    return found


def dutch_plural_words() -> set[str]:
    """Words that only the plural form of a counted Dutch message uses ("antwoorden", "stemmen")."""
    po = polib.pofile(str(ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"))
    words = set()
    for entry in po:
        if entry.msgid_plural and entry.msgstr_plural.get(1):
            for one, many in zip(entry.msgstr_plural[0].split(), entry.msgstr_plural[1].split(), strict=False):
                if one != many and re.fullmatch(r"[a-zà-ÿ]+", many):
                    words.add(many)
    return words


def wrong_words_on(html, plurals) -> list[str]:
    """ "1 antwoorden" (a count shown with a fixed plural) and "aanmelden" (Gilde says inloggen/registreren)."""
    text = " ".join(visible_texts(html))
    found = [m.group(0) for m in re.finditer(r"(?<![\d.,])1 (\w+)", text) if m.group(1) in plurals]
    found += [m.group(0) for m in re.finditer(r"\w*[Aa]anmeld\w*", text)]
    return found


def test_the_checker_finds_english_and_passes_dutch():
    exact, patterns = english_matchers()
    html = (
        '<html><head><title>Vragen</title><style>.x{}</style></head><body><a title="Sign in">Inloggen</a>'
        "<p>Ask a question</p><button aria-label='Search'>x</button><script>var a='Ask a question'</script></body>"
    )
    found = english_on(html, exact, patterns)
    assert "Ask a question" in found and "Search" in found and "Sign in" in found
    assert not english_on("<p>Stel een vraag</p><p>Velora</p><option lang='en'>English</option>", exact, patterns)
    plurals = dutch_plural_words()
    assert wrong_words_on("<strong>1</strong> <span>antwoorden</span><a>Aanmelden</a>", plurals) == [
        "1 antwoorden", "Aanmelden"]
    assert not wrong_words_on("<strong>1</strong> <span>antwoord</span> 21 antwoorden 1,1 stemmen", plurals)


def test_every_page_in_dutch_shows_no_translated_english(client, settings):
    """Every page of the catalogue (tests/pages.py, which tests/core/test_page_catalogue.py
    keeps in step with the URLconf), opened by every role, in Dutch."""
    settings.GILDE_STAFF_MFA_REQUIRED = False
    site = catalogue.build_site("nl")
    exact, patterns = english_matchers()
    plurals = dutch_plural_words()
    problems, checked, seen = [], 0, set()
    for role in catalogue.ROLES:
        user = catalogue.user_for(site, role)
        for page in catalogue.pages(site):
            client.logout()  # signed in again for every page: some pages sign out (a password reset link)
            if user is not None:
                catalogue.sign_in(client, user)
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
            response = client.get(page.path, HTTP_ACCEPT_LANGUAGE="nl", follow=True)
            final = response.request["PATH_INFO"]
            if (
                response.status_code != 200
                or "text/html" not in response.get("Content-Type", "")
                or (role, final) in seen
            ):
                continue  # not for this role (each page is opened by its own role at least)
            seen.add((role, final))
            checked += 1
            html = response.content.decode()
            assert "<html" not in html or 'lang="nl"' in html, f"{page.path} as {role} is not in Dutch"
            for text in english_on(html, exact, patterns) + wrong_words_on(html, plurals):
                problems.append(f"{role} {page.path}: {text}")
    unseen = {p.path.split("?")[0] for p in catalogue.pages(site) if not p.redirects} - {path for _r, path in seen}
    assert not unseen, f"pages no role could open: {unseen}"
    assert checked > 100, checked
    assert not problems, f"{len(problems)} English strings on Dutch pages:\n" + "\n".join(sorted(set(problems)))
