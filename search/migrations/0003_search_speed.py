"""Indexes and storage for bounded ranking (see search.backends).

PostgreSQL:
- a GIN index on the title part (weight A) of ``vector``, to find the older
  documents that match in their title;
- ``vector`` stored inline and uncompressed where it fits (STORAGE MAIN), the
  body moved out of line instead (EXTERNAL): every candidate's vector is read
  for matching and ranking, and decompressing it was most of the cost. The
  existing rows are rewritten so the new storage applies to them too.
SQLite: the FTS5 table again, now with prefix indexes for 2- and 3-letter
prefixes: as-you-type asks for "st*", which otherwise merges the lists of every
word starting with "st" on each keystroke. The stemmed text is copied over.
(0005 widens these to 2 to 8 letters.)
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE INDEX IF NOT EXISTS search_document_title_gin ON search_searchdocument USING GIN (ts_filter(vector, '{a}'))",
    "ALTER TABLE search_searchdocument ALTER COLUMN vector SET STORAGE MAIN, ALTER COLUMN body SET STORAGE EXTERNAL",
    "UPDATE search_searchdocument SET vector = vector || ''::tsvector, body = body || ''",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_title_gin",
    "ALTER TABLE search_searchdocument ALTER COLUMN vector SET STORAGE EXTENDED, ALTER COLUMN body SET STORAGE EXTENDED",
]


def _sqlite_fts(prefix: str) -> list[str]:
    options = f", prefix = '{prefix}'" if prefix else ""
    return [
        "DROP TABLE IF EXISTS search_fts_new",
        "CREATE VIRTUAL TABLE search_fts_new USING fts5("
        f"title, labels, body, tokenize = 'unicode61 remove_diacritics 2'{options})",
        "INSERT INTO search_fts_new (rowid, title, labels, body) SELECT rowid, title, labels, body FROM search_fts",
        "DROP TABLE search_fts",
        "ALTER TABLE search_fts_new RENAME TO search_fts",
    ]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = PG_FORWARD if vendor == "postgresql" else _sqlite_fts("2 3") if vendor == "sqlite" else []
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = PG_BACKWARD if vendor == "postgresql" else _sqlite_fts("") if vendor == "sqlite" else []
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]
    operations = [migrations.RunPython(forward, backward)]
