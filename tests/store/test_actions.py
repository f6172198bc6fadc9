from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsdesk.pipeline.types import (
    EntryDraft,
    ExtractedArticle,
    ExtractionStatus,
    ParsedFeed,
    Validators,
)
from newsdesk.store.actions.articles import (
    MAX_ATTEMPTS,
    do_lease_pending_articles,
    do_record_extraction,
    do_record_extraction_failure,
    do_upsert_entries,
)
from newsdesk.store.actions.feeds import (
    do_add_feed,
    do_lease_due_feeds,
    do_record_feed_failure,
    do_record_feed_success,
)
from newsdesk.store.actions.sources import do_rename_source
from newsdesk.store.models import Article, ArticleLink, ExtractionState, Feed, FeedStatus

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def entry(n: int, host: str = "news.example.com", **kw: object) -> EntryDraft:
    url = f"https://{host}/story/{n}"
    return EntryDraft(guid=str(kw.pop("guid", url)), url=url, title=f"Story {n}", **kw)  # type: ignore[arg-type]


def test_add_feed_is_idempotent_and_creates_source() -> None:
    first = do_add_feed("https://www.example.com/rss.xml", now=NOW, interval=600, title="Example")
    again = do_add_feed("https://www.example.com/rss.xml", now=NOW, interval=600)
    assert first.created and not again.created
    assert again.feed.pk == first.feed.pk
    assert first.feed.source.domain == "example.com"
    assert first.feed.source.name == "Example"
    assert first.feed.next_poll_at == NOW


def test_upsert_twice_adds_nothing_and_two_feeds_share_articles() -> None:
    rss = do_add_feed("https://news.example.com/rss.xml", now=NOW, interval=600).feed
    atom = do_add_feed("https://news.example.com/atom.xml", now=NOW, interval=600).feed
    entries = [entry(1), entry(2)]
    first = do_upsert_entries(rss, entries, now=NOW)
    second = do_upsert_entries(rss, entries, now=NOW)
    third = do_upsert_entries(atom, entries, now=NOW)
    assert len(first.created) == 2
    assert second.created == [] and second.existing == 2
    assert third.created == [] and third.existing == 2
    assert Article.objects.count() == 2
    article = Article.objects.get(url="https://news.example.com/story/1")
    assert {f.pk for f in article.feeds.all()} == {rss.pk, atom.pk}
    assert article.extraction == ExtractionState.PENDING


def test_same_guid_under_another_url_is_the_same_article() -> None:
    feed = do_add_feed("https://news.example.com/rss.xml", now=NOW, interval=600).feed
    do_upsert_entries(feed, [entry(1, guid="urn:example:1")], now=NOW)
    moved = EntryDraft(
        guid="urn:example:1", url="https://news.example.com/moved/1", title="Story 1"
    )
    result = do_upsert_entries(feed, [moved], now=NOW)
    assert result.created == [] and Article.objects.count() == 1


def test_entries_without_usable_link_are_skipped() -> None:
    feed = do_add_feed("https://news.example.com/rss.xml", now=NOW, interval=600).feed
    result = do_upsert_entries(feed, [EntryDraft(guid="x", url="mailto:a@b.c")], now=NOW)
    assert result.skipped == 1 and Article.objects.count() == 0


def test_extraction_that_finds_a_known_canonical_merges_articles() -> None:
    feed = do_add_feed("https://news.example.com/rss.xml", now=NOW, interval=600).feed
    created = do_upsert_entries(feed, [entry(1), entry(2)], now=NOW).created
    first, second = Article.objects.get(pk=created[0]), Article.objects.get(pk=created[1])
    page = ExtractedArticle(status=ExtractionStatus.OK, title="One", text="Body text here.")
    do_record_extraction(first, page, now=NOW, final_url=first.url, canonical_url=None)
    # The second entry's page says it is the first article (e.g. an AMP or tracking URL).
    kept = do_record_extraction(
        second, page, now=NOW, final_url=second.url, canonical_url=first.url
    )
    assert kept.pk == first.pk
    assert Article.objects.count() == 1
    assert ArticleLink.objects.filter(article=first).count() == 2


@pytest.mark.parametrize(
    ("page_date", "expected"),
    [
        # The page writes out only the day (stored at midnight): the feed's time on it.
        (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 1, 9, 0, tzinfo=UTC)),
        # Another day, or a time of its own: the page's.
        (datetime(2026, 2, 27, tzinfo=UTC), datetime(2026, 2, 27, tzinfo=UTC)),
        (datetime(2026, 3, 1, 8, 30, tzinfo=UTC), datetime(2026, 3, 1, 8, 30, tzinfo=UTC)),
    ],
)
def test_a_page_date_without_a_time_keeps_the_feeds_time_that_day(
    page_date: datetime, expected: datetime
) -> None:
    feed = do_add_feed("https://news.example.com/rss.xml", now=NOW, interval=600).feed
    listed = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    pk = do_upsert_entries(feed, [entry(1, published=listed)], now=NOW).created[0]
    article = Article.objects.get(pk=pk)
    result = ExtractedArticle(status=ExtractionStatus.OK, text="Words.", published=page_date)
    stored = do_record_extraction(
        article, result, now=NOW, final_url=article.url, canonical_url=None
    )
    assert stored.published == expected and stored.listed_at == expected


def test_extraction_keeps_feed_metadata_the_page_lacks() -> None:
    feed = do_add_feed("https://news.example.com/rss.xml", now=NOW, interval=600).feed
    published = NOW - timedelta(hours=3)
    pk = do_upsert_entries(
        feed, [entry(1, published=published, authors=("Ann Lee",))], now=NOW
    ).created[0]
    article = Article.objects.get(pk=pk)
    result = ExtractedArticle(status=ExtractionStatus.OK, text="Some words in a body.")
    stored = do_record_extraction(
        article, result, now=NOW, final_url=article.url, canonical_url=None
    )
    assert stored.title == "Story 1"
    assert stored.published == published
    assert stored.authors == ["Ann Lee"]
    assert stored.word_count == 5
    assert stored.extraction == ExtractionState.OK


def test_feed_leases_exclude_each_other_and_expire() -> None:
    feed = do_add_feed("https://news.example.com/rss.xml", now=NOW, interval=600).feed
    lease = timedelta(minutes=5)
    assert [f.pk for f in do_lease_due_feeds(NOW, 10, lease)] == [feed.pk]
    assert do_lease_due_feeds(NOW + timedelta(minutes=1), 10, lease) == []
    # The worker holding it died: after the lease, the feed is handed out again.
    assert [f.pk for f in do_lease_due_feeds(NOW + timedelta(minutes=6), 10, lease)] == [feed.pk]


def test_article_leases_exclude_each_other_and_expire() -> None:
    feed = do_add_feed("https://news.example.com/rss.xml", now=NOW, interval=600).feed
    created = do_upsert_entries(feed, [entry(1)], now=NOW).created
    lease = timedelta(minutes=5)
    assert do_lease_pending_articles(NOW, 10, lease) == created
    assert do_lease_pending_articles(NOW, 10, lease) == []
    assert do_lease_pending_articles(NOW + timedelta(minutes=6), 10, lease) == created


def test_feed_success_and_failure_are_recorded_on_the_row() -> None:
    feed = do_add_feed("https://news.example.com/rss.xml", now=NOW, interval=600).feed
    do_record_feed_failure(feed, "HTTPStatusError: HTTP 500", now=NOW, retry_in=1200, status=500)
    feed.refresh_from_db()
    assert (feed.status, feed.error_count, feed.last_status) == (FeedStatus.ERROR, 1, 500)
    assert feed.next_poll_at == NOW + timedelta(seconds=1200)
    parsed = ParsedFeed(format="rss20", title="Example News")
    do_record_feed_success(
        feed,
        parsed,
        Validators('"abc"', "Sun, 01 Mar 2026 10:00:00 GMT"),
        status=200,
        now=NOW,
        interval=900,
    )
    feed = Feed.objects.select_related("source").get(pk=feed.pk)
    assert (feed.status, feed.error_count, feed.last_error) == (FeedStatus.ACTIVE, 0, "")
    assert feed.etag == '"abc"' and feed.last_modified == "Sun, 01 Mar 2026 10:00:00 GMT"
    assert feed.source.name == "Example News"


def _poll(feed: Feed, title: str) -> None:
    do_record_feed_success(
        feed,
        ParsedFeed(format="rss20", title=title),
        Validators(None, None),
        status=200,
        now=NOW,
        interval=900,
    )


@pytest.mark.parametrize(
    ("first", "second", "name"),
    [
        ("The Daily Example (page 2)", "The Daily Example", "The Daily Example"),
        ("Example > World News", "Example > Technology", "Example"),
        ("Example News - Sport", "Example News - Business", "Example News"),
        ("Example: World", "Example: Sport", "Example"),
        ("Rest Of Example", "Rest of Example", "Rest Of Example"),
        # Two spellings of one name share a first word, not a name: the first title stays.
        ("El Ejemplo", "El Éjemplo", "El Ejemplo"),
        ("Le Exemple", "Le Exemple.fr", "Le Exemple"),
    ],
)
def test_a_publishers_feeds_name_its_source_by_the_words_they_share(
    first: str, second: str, name: str
) -> None:
    one = do_add_feed("https://news.example.com/a.xml", now=NOW, interval=600).feed
    two = do_add_feed("https://news.example.com/b.xml", now=NOW, interval=600).feed
    _poll(one, first)
    assert Feed.objects.get(pk=one.pk).source.name == first
    _poll(two, second)
    _poll(one, first)  # later polls keep the shared name
    assert Feed.objects.get(pk=one.pk).source.name == name


def test_feed_titles_never_override_an_operators_name_for_a_source() -> None:
    one = do_add_feed("https://news.example.com/a.xml", now=NOW, interval=600).feed
    two = do_add_feed("https://news.example.com/b.xml", now=NOW, interval=600).feed
    _poll(one, "Example > World")
    do_rename_source(one.source, "Example Daily")
    _poll(two, "Example > Sport")
    assert Feed.objects.get(pk=two.pk).source.name == "Example Daily"
    three = do_add_feed("https://other.example.org/rss.xml", now=NOW, interval=600).feed
    _poll(three, "Other Outlet")
    _poll(
        do_add_feed("https://other.example.org/x.xml", now=NOW, interval=600).feed, "Nothing Alike"
    )
    assert Feed.objects.get(pk=three.pk).source.name == "Other Outlet"


def test_gone_feed_stops_polling() -> None:
    feed = do_add_feed("https://news.example.com/rss.xml", now=NOW, interval=600).feed
    do_record_feed_failure(feed, "HTTP 410", now=NOW, retry_in=600, status=410, gone=True)
    assert do_lease_due_feeds(NOW + timedelta(days=30), 10, timedelta(minutes=5)) == []


def test_extraction_failures_back_off_then_give_up() -> None:
    feed = do_add_feed("https://news.example.com/rss.xml", now=NOW, interval=600).feed
    pk = do_upsert_entries(feed, [entry(1)], now=NOW).created[0]
    for _ in range(MAX_ATTEMPTS):
        article = Article.objects.get(pk=pk)
        do_record_extraction_failure(article, "FetchTimeout: slow", now=NOW, retryable=True)
    article = Article.objects.get(pk=pk)
    assert article.extraction == ExtractionState.FAILED
    assert article.attempts == MAX_ATTEMPTS
    assert article.extraction_error == "FetchTimeout: slow"
