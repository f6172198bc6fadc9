"""Issue 6: ``Article.robots`` (the publisher's display directives), and, on SQLite only,
a planner statistic.

SQLite only: tell the query planner that an article's extraction state is not selective.

Without statistics SQLite assumes an equality on an indexed column picks few rows, so the
Latest page (``extraction IN ('ok', 'paywalled') ORDER BY listed_at DESC LIMIT 31``) used
the ``article_due`` index and sorted every visible article (184 ms at 20,000 articles)
instead of walking ``article_listed`` and stopping after 31 rows. One hand-written
``sqlite_stat1`` row (a documented way to steer the planner; a later ``ANALYZE`` replaces
it with measured figures, which say the same) fixes the plan; the job queue's lookup of
pending articles keeps using ``article_due``. PostgreSQL gathers its own statistics.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

STATS = "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('newsdesk_article', 'article_due', '1000000 500000 1')"


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("ANALYZE sqlite_schema")  # creates sqlite_stat1 if missing
        cursor.execute(
            "DELETE FROM sqlite_stat1 WHERE tbl = 'newsdesk_article' AND idx = 'article_due'"
        )
        cursor.execute(STATS)
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
