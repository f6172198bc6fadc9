"""Issue 6: ``Article.robots`` (the publisher's display directives), and, on SQLite only,
query planner statistics.

Without statistics SQLite assumes an equality on an indexed column picks few rows, so the
Latest page (``extraction IN ('ok', 'paywalled') ORDER BY listed_at DESC LIMIT 31``) used
the ``article_due`` index and sorted every visible article (184 ms at 20,000 articles)
instead of walking ``article_listed`` and stopping after 31 rows; top stories likewise
sorted every live story (175 ms at 31,000 stories). Hand-written ``sqlite_stat1`` rows (a
documented way to steer the planner; a later ``ANALYZE`` replaces them with measured
figures, which say the same) fix the plans; the job queue's lookup of pending articles and
the clusterer's live stories keep their indexes. PostgreSQL gathers its own statistics.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

#: (table, indexed columns, sqlite_stat1 figures): "a million rows, half share a value".
#: Most articles are extracted and most stories not merged, so these equalities are not
#: selective; the list pages walk their ORDER BY index instead (``article_listed``,
#: ``story_top``) and stop after one page.
STATS = [
    ("newsdesk_article", ("extraction", "next_attempt_at"), "1000000 500000 1"),
    ("newsdesk_story", ("merged_into_id",), "1000000 500000"),
    ("newsdesk_story", ("merged_into_id", "last_seen"), "1000000 500000 1"),
]


def _index_names(cursor: Any, table: str, columns: tuple[str, ...]) -> list[str]:
    cursor.execute(f"PRAGMA index_list('{table}')")
    names = [row[1] for row in cursor.fetchall()]
    found = []
    for name in names:
        cursor.execute(f"PRAGMA index_info('{name}')")
        if tuple(row[2] for row in cursor.fetchall()) == columns:
            found.append(name)
    return found


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("ANALYZE sqlite_schema")  # creates sqlite_stat1 if missing
        for table, columns, stat in STATS:
            for name in _index_names(cursor, table, columns):
                cursor.execute(
                    "DELETE FROM sqlite_stat1 WHERE tbl = %s AND idx = %s", [table, name]
                )
                cursor.execute(
                    "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, %s, %s)",
                    [table, name, stat],
                )
        cursor.execute("ANALYZE sqlite_schema")  # reloads the statistics


class Migration(migrations.Migration):
    dependencies = [("newsdesk", "0006_stories")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="robots",
            field=models.CharField(blank=True, max_length=200, null=True),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
    ]
