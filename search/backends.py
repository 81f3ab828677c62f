"""Full-text search per database vendor, behind one small interface.

``save(doc)`` writes the full-text half of one SearchDocument, ``delete(ids)``
removes it, ``search(...)`` returns (total, [(id, rank, snippet_html)]).
Snippets are HTML-escaped text with only ``<mark>`` added.
"""

from __future__ import annotations

import re

from django.db import connection
from django.utils.html import escape

from search import stemming

# Sentinels that cannot occur in indexed text (index.clean_text strips them).
MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_WORDS = 32


def highlight(text: str) -> str:
    return escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


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
            cur.execute(f"DELETE FROM search_fts WHERE rowid IN ({', '.join(['%s'] * len(ids))})", ids)

    def clear(self) -> None:
        with connection.cursor() as cur:
            cur.execute("DELETE FROM search_fts")

    @staticmethod
    def _match(groups: list[set[str]], operator: str, prefix_last: bool) -> str:
        parts = []
        for i, forms in enumerate(groups):
            last = prefix_last and i == len(groups) - 1
            alts = []
            for form in sorted(forms):
                star = "*" if (len(form) >= 4 or (last and len(form) >= 2)) else ""
                alts.append(f'"{form}"{star}')
            parts.append("(" + " OR ".join(alts) + ")")
        return f" {operator} ".join(parts)

    def search(self, terms: list[str], filters: Filters, *, offset: int, limit: int, mode: str, prefix_last: bool):
        groups = [stemming.term_forms(t) for t in terms]
        match = self._match(groups, "AND" if mode == "all" else "OR", prefix_last)
        where, params = filters.sql()
        base = (
            "FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s AND {where}"
        )
        with connection.cursor() as cur:
            cur.execute(f"SELECT COUNT(*) {base}", [match, *params])
            total = cur.fetchone()[0]
            if not total:
                return 0, []
            w = ", ".join(str(x) for x in self.WEIGHTS)
            cur.execute(
                f"SELECT d.id, bm25(search_fts, {w}) AS rank, d.body, d.language {base} "
                f"ORDER BY rank, d.updated_at DESC LIMIT %s OFFSET %s",
                [match, *params, limit, offset],
            )
            rows = cur.fetchall()
        prefixes = {form for forms in groups for form in forms}
        return total, [(pk, -rank, self.snippet(body, language, prefixes)) for pk, rank, body, language in rows]

    @staticmethod
    def snippet(body: str, language: str, forms: set[str]) -> str:
        """The window of the body with the most matching words, matches marked.

        FTS5's snippet() would show the stemmed copy, so the original text is
        marked here: a word matches when its stem starts with a query form.
        """
        words = re.findall(r"\S+", body or "")
        if not words:
            return ""

        def hit(word):
            toks = stemming.tokens(word)
            return any(
                stemming.stem(t, language).startswith(f) or t.startswith(f) for t in toks for f in forms if len(f) >= 2
            )

        hits = [hit(w) for w in words]
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


class PostgresBackend:
    """tsvector weighted title A, labels B, body C in the document's language's config."""

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
            last = prefix_last and i == len(groups) - 1
            alts = [f"{f}:*" if (len(f) >= 4 or (last and len(f) >= 2)) else f for f in sorted(forms)]
            parts.append("(" + " | ".join(alts) + ")")
        return f" {operator} ".join(parts)

    def search(self, terms: list[str], filters: Filters, *, offset: int, limit: int, mode: str, prefix_last: bool):
        groups = [stemming.term_forms(t) for t in terms]
        tsq = self._tsquery(groups, "&" if mode == "all" else "|", prefix_last)
        config_sql = "CASE WHEN d.language = 'nl' THEN 'dutch' ELSE 'english' END::regconfig"
        query_sql = f"to_tsquery({config_sql}, %s)"
        where, params = filters.sql()
        base = f"FROM search_searchdocument d WHERE d.vector @@ {query_sql} AND {where}"
        with connection.cursor() as cur:
            cur.execute(f"SELECT COUNT(*) {base}", [tsq, *params])
            total = cur.fetchone()[0]
            if not total:
                return 0, []
            cur.execute(
                f"SELECT d.id, ts_rank(d.vector, {query_sql}) AS rank, "
                f"ts_headline({config_sql}, d.body, {query_sql}, "
                f"'StartSel=\x02, StopSel=\x03, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \"') "
                f"{base} ORDER BY rank DESC, d.updated_at DESC NULLS LAST LIMIT %s OFFSET %s",
                [tsq, tsq, tsq, *params, limit, offset],
            )
            rows = cur.fetchall()
        return total, [(pk, rank, highlight(headline)) for pk, rank, headline in rows]


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
