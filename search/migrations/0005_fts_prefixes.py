"""SQLite: prefix indexes for prefixes of 2 to 8 letters (0003 made them for 2 and 3).

Every query word of 4 letters or more (and the unfinished last word of
as-you-type) is a prefix query, and without an index of that length FTS5 merges
the lists of every word with that prefix, on every statement: for a word in
every document ("velora*") that was most of a search. Costs about four times
the FTS index (about 90 MB more at 55,000 documents). The stemmed text is
copied over. Nothing to do on PostgreSQL.
"""

from django.db import migrations


def _rebuild_fts(schema_editor, prefix: str) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in [
        "DROP TABLE IF EXISTS search_fts_new",
        "CREATE VIRTUAL TABLE search_fts_new USING fts5("
        f"title, labels, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '{prefix}')",
        "INSERT INTO search_fts_new (rowid, title, labels, body) SELECT rowid, title, labels, body FROM search_fts",
        "DROP TABLE search_fts",
        "ALTER TABLE search_fts_new RENAME TO search_fts",
    ]:
        schema_editor.execute(sql)


def forward(apps, schema_editor):
    _rebuild_fts(schema_editor, "2 3 4 5 6 7 8")


def backward(apps, schema_editor):
    _rebuild_fts(schema_editor, "2 3")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_search_vacuum")]
    operations = [migrations.RunPython(forward, backward)]
