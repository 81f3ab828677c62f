"""Tokenising and stemming in Python, for the SQLite backend and for queries.

FTS5 ships only an English (Porter) stemmer, so documents are stored stemmed
and queries are stemmed with the same function. The Snowball stemmers are the
ones PostgreSQL's ``dutch`` and ``english`` configurations use.

Snowball stems some plurals one step short of their singular ("fietsen" ->
"fiets", but "fiets" -> "fiet"), so a query term also tries its stem stemmed
once more, and long stems match as prefixes.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"\w+", re.UNICODE)

STOPWORDS = {
    "en": set(
        "a an and are as at be but by can do does for from has have how i if in into is it its my no not "
        "of on or our so that the their then there these they this to was we what when where which who "
        "why will with you your".split()
    ),
    "nl": set(
        "aan al als bij dan dat de der deze die dit doe doet door een en er heb heeft het hoe hun ik in is "
        "je jij kan kun me met mij mijn na naar niet nog of om ons ook op over te tot u uit van voor waar "
        "wat wie wij wordt ze zij zijn zo".split()
    ),
}


@lru_cache(maxsize=4)
def _stemmer(language: str):
    if language == "nl":
        # dutch_porter is the classic algorithm PostgreSQL uses; older
        # snowballstemmer releases call it "dutch".
        try:
            return snowballstemmer.stemmer("dutch_porter")
        except KeyError:
            return snowballstemmer.stemmer("dutch")
    return snowballstemmer.stemmer("english")


def normalise(text: str) -> str:
    """Lower case without diacritics, as FTS5's unicode61 tokenizer sees it."""
    text = unicodedata.normalize("NFKD", (text or "").lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    return WORD.findall(normalise(text))


@lru_cache(maxsize=100_000)
def stem(word: str, language: str) -> str:
    # Cached: snippets and the index stem the same few thousand words over and
    # over, and the pure-Python Snowball stemmer is most of their time.
    return _stemmer("nl" if language == "nl" else "en").stemWord(word)


def stem_text(text: str, language: str) -> str:
    """The stemmed copy of a document's text (every word kept, in order)."""
    language = "nl" if language == "nl" else "en"
    return " ".join(stem(word, language) for word in tokens(text))


def query_terms(query: str) -> list[str]:
    """The words of a query that carry meaning (stop words in both languages dropped)."""
    words = tokens(query)
    meaningful = [w for w in words if w not in STOPWORDS["en"] and w not in STOPWORDS["nl"]]
    return meaningful or words


def term_forms(word: str) -> set[str]:
    """Every stemmed form a document may hold for this query word, in either language."""
    forms = {word}
    for language in ("nl", "en"):
        once = stem(word, language)
        forms.add(once)
        forms.add(stem(once, language))
    return {f for f in forms if f}
