"""PostgreSQL: vacuum and analyse the search table after 0003 rewrote every row.

Not atomic, because VACUUM cannot run in a transaction. Without it the table
keeps a dead copy of every row until autovacuum comes by, and the new title
index has no statistics, so the planner would rank every match instead of the
newest ones.
"""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("VACUUM ANALYZE search_searchdocument")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0003_search_speed")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
