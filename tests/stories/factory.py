"""Build extracted articles through the real actions, for the story tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsdesk.pipeline.types import EntryDraft, ExtractedArticle, ExtractionStatus
from newsdesk.store.actions.articles import do_record_extraction, do_upsert_entries
from newsdesk.store.actions.feeds import do_add_feed
from newsdesk.store.models import Article

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)

KURSK = (
    "Ukrainian forces pushed deeper into the Kursk region of Russia on Tuesday, and the "
    "Russian defence ministry said it was sending reserves to the border. Kyiv said its "
    "troops had taken control of several villages near Sudzha, a town with a gas transit "
    "station. Moscow called the incursion a provocation and ordered evacuations from "
    "districts along the frontier, while President Zelensky said the operation would "
    "continue until Russia agreed to a just peace. Residents described long queues of cars "
    "leaving Kursk as air raid sirens sounded through the night."
)
FED = (
    "The Federal Reserve left interest rates unchanged on Wednesday and signalled that it "
    "still expects to cut borrowing costs later this year as inflation cools. Chair Jerome "
    "Powell told reporters that the labour market remained strong and that the central bank "
    "would move carefully. Markets rose after the announcement, with Treasury yields "
    "falling and the dollar weakening against major currencies."
)
PROTEST = (
    "Thousands of people marched through downtown Los Angeles on Saturday to protest "
    "immigration raids, and police declared an unlawful assembly after some protesters "
    "blocked a freeway. The mayor urged calm and said the city would not cooperate with "
    "federal agents. National Guard troops were deployed around federal buildings."
)


def stored_article(
    host: str,
    n: int,
    title: str,
    text: str,
    *,
    published: datetime | None = None,
    fetched: datetime | None = None,
    language: str = "en",
    section: str = "news",
) -> Article:
    feed = do_add_feed(f"https://{host}/rss.xml", now=T0, interval=600).feed
    url = f"https://{host}/{section}/{n}"
    created = do_upsert_entries(feed, [EntryDraft(guid=url, url=url, title=title)], now=T0)
    article = Article.objects.get(pk=created.created[0])
    result = ExtractedArticle(
        status=ExtractionStatus.OK,
        title=title,
        text=text,
        published=published or T0,
        language=language,
    )
    when = fetched or (published or T0) + timedelta(minutes=5)
    return do_record_extraction(article, result, now=when, final_url=url, canonical_url=None)
