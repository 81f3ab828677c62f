"""Full-text search per database vendor, behind one small interface.

``save(doc)`` writes the full-text half of one SearchDocument, ``delete(ids)``
removes it, ``search(...)`` returns (total, [(id, rank, snippet_html)]).
Snippets are HTML-escaped text with only ``<mark>`` added.

Bounded ranking: a common word matches tens of thousands of documents, and
scoring every one of them (bm25, ts_rank) takes far longer than a search may.
So ``search`` ranks at most ``rank_limit`` candidates: the newest matches, and
as many of the older ones that match in their title (where the ranking weighs
most, so they are the likeliest to come first). When there are no more matches
than ``rank_limit`` that is every match and the order is exact; otherwise the
other matches follow the ranked ones, newest first, and ``total`` is
``rank_limit + 1`` ("more than"). Either way the order is one fixed list, so
pages neither repeat nor skip a result.
"""

from __future__ import annotations

import time
from functools import lru_cache

from django.db import connection
from django.utils.html import escape

from search import stemming

# Sentinels that cannot occur in indexed text (index.clean_text strips them).
MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_WORDS = 32


def highlight(text: str) -> str:
    return escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def best_first(rows) -> list[tuple[int, float]]:
    """(id, rank) of ``rows`` = [(id, rank, updated_at)]: highest rank first, then
    most recently updated (undated last), then newest document."""
    rows = sorted(rows, key=lambda row: row[0], reverse=True)
    rows.sort(key=lambda row: (row[2] is not None, row[2]), reverse=True)
    rows.sort(key=lambda row: row[1], reverse=True)
    return [(pk, rank) for pk, rank, _ in rows]


def page_of(ranked, *, offset: int, limit: int, complete: bool, rest) -> list[tuple[int, float]]:
    """(id, rank) of one page of the whole order: ``ranked`` (the candidates, best
    first); then, unless the candidates were every match (``complete``), the other
    matches newest first, ``rest(skip, count)`` giving their ids."""
    page = ranked[offset : offset + limit]
    if len(page) < limit and not complete:
        page += [(pk, 0.0) for pk in rest(max(0, offset - len(ranked)), limit - len(page))]
    return page


def placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def prefix_forms(forms, last: bool) -> tuple[str, ...]:
    """The forms that match as prefixes: long stems (Snowball's stems of one word
    differ in their endings), and in as-you-type the unfinished last word."""
    return tuple(f for f in forms if len(f) >= 4 or (last and len(f) >= 2))


class Filters:
    def __init__(self, *, visibilities, kind=None, language=None, category=None):
        self.visibilities = list(visibilities)
        self.kind = kind or None
        self.language = language or None
        self.category = category or None

    def sql(self, alias="d"):
        where = [f"{alias}.visibility IN ({', '.join(['%s'] * len(self.visibilities))})"]
        params = list(self.visibilities)
        for column, value in (("kind", self.kind), ("language", self.language), ("category_key", self.category)):
            if value:
                where.append(f"{alias}.{column} = %s")
                params.append(value)
        return " AND ".join(where), params


class SqliteBackend:
    """FTS5 over a stemmed copy; bm25 with column weights title 10, labels 4, body 1."""

    WEIGHTS = (10.0, 4.0, 1.0)

    def save(self, doc) -> None:
        with connection.cursor() as cur:
            cur.execute("DELETE FROM search_fts WHERE rowid = %s", [doc.pk])
            cur.execute(
                "INSERT INTO search_fts (rowid, title, labels, body) VALUES (%s, %s, %s, %s)",
                [
                    doc.pk,
                    stemming.stem_text(doc.title, doc.language),
                    stemming.stem_text(doc.labels, doc.language),
                    stemming.stem_text(doc.body, doc.language),
                ],
            )

    def delete(self, ids) -> None:
        ids = list(ids)
        if not ids:
            return
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM search_fts WHERE rowid IN ({placeholders(ids)})", ids)

    def clear(self) -> None:
        with connection.cursor() as cur:
            cur.execute("DELETE FROM search_fts")

    @staticmethod
    def _match(groups: list[set[str]], operator: str, prefix_last: bool) -> str:
        parts = []
        for i, forms in enumerate(groups):
            prefixes = prefix_forms(forms, prefix_last and i == len(groups) - 1)
            alts = [f'"{f}"*' if f in prefixes else f'"{f}"' for f in sorted(forms)]
            parts.append("(" + " OR ".join(alts) + ")")
        return f" {operator} ".join(parts)

    def search(self, terms, filters: Filters, *, offset, limit, mode, prefix_last, rank_limit):
        groups = [stemming.term_forms(t) for t in terms]
        match = self._match(groups, "AND" if mode == "all" else "OR", prefix_last)
        where, params = filters.sql()
        # CROSS JOIN keeps the full-text index the outer loop (SQLite would otherwise
        # start from a filter's index and run the MATCH once per document), and
        # FTS5 hands out matches newest (highest rowid) first, so a LIMIT stops early.
        matches = (
            "FROM search_fts CROSS JOIN search_searchdocument d ON d.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s AND {where}"
        )
        newest_first = "ORDER BY search_fts.rowid DESC LIMIT %s"
        # updated_at only breaks ties, so it stays text: "|| ''" spares Django's
        # datetime converter on every candidate.
        scored = f"SELECT search_fts.rowid, bm25(search_fts, {', '.join(map(str, self.WEIGHTS))}), d.updated_at || ''"
        with connection.cursor() as cur:
            cur.execute(f"{scored} {matches} {newest_first}", [match, *params, rank_limit + 1])
            found = cur.fetchall()
            total = len(found)
            older, titled = None, []
            if total > rank_limit:
                found = found[:rank_limit]
                older = found[-1][0]
                cur.execute(
                    f"SELECT search_fts.rowid {matches} AND search_fts.rowid < %s {newest_first}",
                    ["{title} : (" + match + ")", *params, older, rank_limit],
                )
                titled = [pk for (pk,) in cur.fetchall()]
                if titled:
                    # bm25 depends on the MATCH expression, so these are scored with the
                    # full one; "+" keeps SQLite from turning the IN list into one MATCH per id.
                    cur.execute(
                        f"{scored} {matches} AND search_fts.rowid BETWEEN %s AND %s "
                        f"AND +search_fts.rowid IN ({placeholders(titled)})",
                        [match, *params, titled[-1], titled[0], *titled],
                    )
                    found += cur.fetchall()

            def rest(skip, count):
                not_titled = f"AND +search_fts.rowid NOT IN ({placeholders(titled)})" if titled else ""
                cur.execute(
                    f"SELECT search_fts.rowid {matches} AND search_fts.rowid < %s {not_titled} "
                    f"{newest_first} OFFSET %s",
                    [match, *params, older, *titled, count, skip],
                )
                return [pk for (pk,) in cur.fetchall()]

            ranked = best_first([(pk, -score, updated_at) for pk, score, updated_at in found])
            page = page_of(ranked, offset=offset, limit=limit, complete=older is None, rest=rest)
            bodies = {}
            if page:
                ids = [pk for pk, _ in page]
                cur.execute(
                    f"SELECT id, body, language FROM search_searchdocument WHERE id IN ({placeholders(ids)})", ids
                )
                bodies = {pk: (body, language) for pk, body, language in cur.fetchall()}
        prefixes = {form for forms in groups for form in forms}
        return total, [(pk, rank, self.snippet(*bodies[pk], prefixes)) for pk, rank in page if pk in bodies]

    @staticmethod
    def snippet(body: str, language: str, forms: set[str]) -> str:
        """The window of the body with the most matching words, matches marked.

        FTS5's snippet() would show the stemmed copy, so the original text is
        marked here: a word matches when its stem starts with a query form.
        """
        words = (body or "").split()
        if not words:
            return ""
        prefixes = tuple(f for f in forms if len(f) >= 2)
        seen: dict[str, bool] = {}  # bodies repeat their words; each is judged once
        hits = []
        for word in words:
            hit = seen.get(word)
            if hit is None:
                hit = seen[word] = bool(prefixes) and any(k.startswith(prefixes) for k in _match_keys(word, language))
            hits.append(hit)
        best, best_score = 0, -1
        for start in range(0, max(1, len(words) - SNIPPET_WORDS + 1), 4):
            score = sum(hits[start : start + SNIPPET_WORDS])
            if score > best_score:
                best, best_score = start, score
        window = words[best : best + SNIPPET_WORDS]
        marked = [f"{MARK_START}{w}{MARK_END}" if hits[best + i] else w for i, w in enumerate(window)]
        text = " ".join(marked)
        if best > 0:
            text = "… " + text
        if best + SNIPPET_WORDS < len(words):
            text += " …"
        return highlight(text)


@lru_cache(maxsize=50_000)
def _match_keys(word: str, language: str) -> tuple[str, ...]:
    """The tokens of one whitespace-separated word and their stems: what a query form may prefix."""
    keys = []
    for token in stemming.tokens(word):
        keys += (token, stemming.stem(token, language))
    return tuple(keys)


class PostgresBackend:
    """tsvector weighted title A, labels B, body C in the document's language's config; ts_rank."""

    HEADLINE_OPTIONS = (
        f'StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "'
    )

    @staticmethod
    def config(language: str) -> str:
        return "dutch" if language == "nl" else "english"

    def save(self, doc) -> None:
        cfg = self.config(doc.language)
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE search_searchdocument SET vector = "
                "setweight(to_tsvector(%s::regconfig, title), 'A') || "
                "setweight(to_tsvector(%s::regconfig, labels), 'B') || "
                "setweight(to_tsvector(%s::regconfig, body), 'C') WHERE id = %s",
                [cfg, cfg, cfg, doc.pk],
            )

    def delete(self, ids) -> None:  # the row itself carries the vector
        return None

    def clear(self) -> None:
        return None

    @staticmethod
    def _tsquery(groups: list[set[str]], operator: str, prefix_last: bool) -> str:
        # Only \w+ tokens reach here (stemming.tokens), so no tsquery syntax can be injected.
        parts = []
        for i, forms in enumerate(groups):
            prefixes = prefix_forms(forms, prefix_last and i == len(groups) - 1)
            alts = [f"{f}:*" if f in prefixes else f for f in sorted(forms)]
            parts.append("(" + " | ".join(alts) + ")")
        return f" {operator} ".join(parts)

    def _matching(self, groups, mode: str, prefix_last: bool) -> tuple[str, list]:
        """SQL template (``{vector}`` to fill in) and params: the vector matches the query.

        A word in most documents ("velora", the brand) narrows the GIN scan hardly at
        all, yet the scan reads its whole posting list (a prefix cannot skip through
        it): when every word must match, such words are left to a check on the rows
        the other words find. The result is the same; only the plan differs.
        """
        full = self._tsquery(groups, "&" if mode == "all" else "|", prefix_last)
        if mode == "all" and len(groups) > 1:
            common = _common_lexemes()

            def share(i):  # of the documents that hold any form of word i (an overestimate)
                prefixes = prefix_forms(groups[i], prefix_last and i == len(groups) - 1)
                return sum(
                    freq
                    for lexeme, freq in common.items()
                    if lexeme in groups[i] or (prefixes and lexeme.startswith(prefixes))
                )

            narrow = [i for i in range(len(groups)) if share(i) < 0.5]
            if narrow and len(narrow) < len(groups):
                indexed = self._tsquery([groups[i] for i in narrow], "&", prefix_last and narrow[-1] == len(groups) - 1)
                check = "{vector} @@ to_tsquery('simple', %s) AND ts_match_vq({vector}, to_tsquery('simple', %s))"
                return check, [indexed, full]
        return "{vector} @@ to_tsquery('simple', %s)", [full]

    def search(self, terms, filters: Filters, *, offset, limit, mode, prefix_last, rank_limit):
        groups = [stemming.term_forms(t) for t in terms]
        # The forms are already stemmed for both languages (as on SQLite), so 'simple'
        # takes them as they are: one constant tsquery, which the GIN indexes can use.
        tsq = self._tsquery(groups, "&" if mode == "all" else "|", prefix_last)
        query = "to_tsquery('simple', %s)"
        matching, match_params = self._matching(groups, mode, prefix_last)
        in_document = matching.format(vector="d.vector")
        in_title = matching.format(vector="ts_filter(d.vector, '{a}')")  # weight A; indexed by migration 0003
        where, params = filters.sql()
        # ts_rank outside the LIMIT: the planner may fetch every match to find the
        # newest ones, and must then rank only those. updated_at only breaks ties,
        # so it comes as a number: parsing a timestamp per candidate costs more.
        newest_scored = (
            f"SELECT c.id, ts_rank(c.vector, {query}), EXTRACT(EPOCH FROM c.updated_at)::float8 FROM ("
            "SELECT d.id, d.vector, d.updated_at FROM search_searchdocument d "
            "WHERE {match} AND " + where + " ORDER BY d.id DESC LIMIT %s) c"
        )
        with connection.cursor() as cur:
            cur.execute(newest_scored.format(match=in_document), [tsq, *match_params, *params, rank_limit + 1])
            found = cur.fetchall()
            total = len(found)
            older, titled = None, []
            if total > rank_limit:
                found = found[:rank_limit]
                older = found[-1][0]
                cur.execute(
                    newest_scored.format(match=f"{in_title} AND d.id < %s"),
                    [tsq, *match_params, older, *params, rank_limit],
                )
                title_rows = cur.fetchall()
                titled = [pk for pk, _, _ in title_rows]
                found += title_rows

            def rest(skip, count):
                cur.execute(
                    f"SELECT d.id FROM search_searchdocument d WHERE {in_document} AND d.id < %s "
                    f"AND NOT (d.id = ANY(%s)) AND {where} ORDER BY d.id DESC LIMIT %s OFFSET %s",
                    [*match_params, older, titled, *params, count, skip],
                )
                return [pk for (pk,) in cur.fetchall()]

            page = page_of(best_first(found), offset=offset, limit=limit, complete=older is None, rest=rest)
            headlines = {}
            if page:
                cur.execute(
                    "SELECT d.id, ts_headline("
                    "CASE WHEN d.language = 'nl' THEN 'dutch' ELSE 'english' END::regconfig, "
                    f"d.body, {query}, %s) FROM search_searchdocument d WHERE d.id = ANY(%s)",
                    [tsq, self.HEADLINE_OPTIONS, [pk for pk, _ in page]],
                )
                headlines = dict(cur.fetchall())
        return total, [(pk, rank, highlight(headlines[pk])) for pk, rank in page if pk in headlines]


_common = {"until": 0.0, "lexemes": {}}


def _common_lexemes() -> dict[str, float]:
    """{lexeme: share of documents} of the most common lexemes, from PostgreSQL's
    statistics (empty until the table is analysed); read again every 10 minutes."""
    if time.monotonic() >= _common["until"]:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE tablename = 'search_searchdocument' AND attname = 'vector'"
            )
            row = cur.fetchone()
        _common["lexemes"] = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
        _common["until"] = time.monotonic() + 600
    return _common["lexemes"]


class NullBackend:
    def save(self, doc):
        return None

    def delete(self, ids):
        return None

    def clear(self):
        return None

    def search(self, *args, **kwargs):
        return 0, []


def get_backend():
    vendor = connection.vendor
    if vendor == "postgresql":
        return PostgresBackend()
    if vendor == "sqlite":
        return SqliteBackend()
    return NullBackend()
