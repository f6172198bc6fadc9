# ruff: noqa: S608  (the statements interpolate fixed table and column names only)
# Keyword search for Chinese and Japanese: the character pairs of an article's runs of
# ideographs and kana (``pipeline.searchquery.ideograph_pairs``) are stored in
# ``search_terms`` and indexed with the text (SQLite: a fourth FTS5 column kept by the
# triggers; PostgreSQL: part of the generated ``search_vector``), because both tokenizers
# read a whole unspaced clause as one word. Nullable without a default, so SQLite adds the
# column in place.

from django.db import migrations, models

from newsdesk.pipeline.scripts import IDEOGRAPHS
from newsdesk.pipeline.searchquery import ideograph_pairs

#: Articles are read and written back this many at a time.
BATCH = 500
TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"


def _sqlite(columns: list[str]) -> list[str]:
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    fts = "newsdesk_article_fts"
    return [
        f"DROP TRIGGER IF EXISTS {fts}_ai",
        f"DROP TRIGGER IF EXISTS {fts}_ad",
        f"DROP TRIGGER IF EXISTS {fts}_au",
        f"DROP TABLE IF EXISTS {fts}",
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='newsdesk_article', "
        f"content_rowid='id', {TOKENIZE})",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON newsdesk_article BEGIN "
        f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON newsdesk_article BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {names} ON newsdesk_article BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def _postgres(pairs: bool) -> list[str]:
    extra = (
        " || setweight(to_tsvector('simple'::regconfig, coalesce(search_terms, '')), 'C')"
        if pairs
        else ""
    )
    return [
        "DROP INDEX IF EXISTS newsdesk_article_search",
        "ALTER TABLE newsdesk_article DROP COLUMN IF EXISTS search_vector",
        "ALTER TABLE newsdesk_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B') || "
        "setweight(to_tsvector('english'::regconfig, left(coalesce(body_text, ''), 100000)), 'C')"
        f"{extra}) STORED",
        "CREATE INDEX newsdesk_article_search ON newsdesk_article USING GIN (search_vector)",
    ]


STATEMENTS = {
    True: {
        "sqlite": _sqlite(["title", "summary", "body_text", "search_terms"]),
        "postgresql": _postgres(True),
    },
    False: {"sqlite": _sqlite(["title", "summary", "body_text"]), "postgresql": _postgres(False)},
}


def _index(pairs: bool):
    def run(apps, schema_editor):
        for statement in STATEMENTS[pairs].get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def fill_search_terms(apps, schema_editor):
    article = apps.get_model("newsdesk", "Article")
    pattern = f"[{IDEOGRAPHS}]"
    ids = list(
        article.objects.filter(
            models.Q(title__regex=pattern)
            | models.Q(summary__regex=pattern)
            | models.Q(body_text__regex=pattern)
        ).values_list("pk", flat=True)
    )
    for start in range(0, len(ids), BATCH):
        batch = list(
            article.objects.filter(pk__in=ids[start : start + BATCH]).only(
                "title", "summary", "body_text"
            )
        )
        for row in batch:
            row.search_terms = ideograph_pairs(row.title, row.summary, row.body_text) or None
        article.objects.bulk_update(batch, ["search_terms"])


class Migration(migrations.Migration):
    dependencies = [
        ("newsdesk", "0012_entities_merged_into"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_terms",
            field=models.TextField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_search_terms, migrations.RunPython.noop),
        migrations.RunPython(_index(pairs=True), _index(pairs=False)),
    ]
