"""Browse pages: the topics index, "In the news", top-story cards and a story's entities."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from newsdesk.serve.web.browse_views import outlet_line
from newsdesk.store.actions.ai import do_store_ai_output
from newsdesk.store.models import AIOutput, Article, Feed, Story
from newsdesk.store.queries import browse
from tests.serve.conftest import add_feed, make_story, minutes_ago, name_entities, publish

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'


def feeds(*names: str) -> list[Feed]:
    return [
        add_feed(f"https://{n.lower().replace(' ', '')}.test/rss/all.xml", title=n) for n in names
    ]


def set_policy(feed: Feed, policy: str) -> None:
    # No store action sets a display policy (operators use the admin), as in test_pages.
    type(feed.source).objects.filter(pk=feed.source_id).update(display_policy=policy)


def story_summary(story: Story, first: str) -> None:
    do_store_ai_output(
        AIOutput.Kind.STORY_SUMMARY,
        story.pk,
        "v1",
        method="extractive:test",
        payload={
            "sentences": [{"text": first, "citations": []}, {"text": "A second.", "citations": []}],
            "articles": 2,
        },
        now=timezone.now(),
    )


def headings(html: str, level: int = 2) -> list[str]:
    return re.findall(rf"<h{level}[^>]*><a [^>]*>([^<]*)</a>", html)


# --- topics ----------------------------------------------------------------------------


def test_topics_index_counts_sections_and_shows_their_latest_headlines(
    client: Client, feed: Feed, django_assert_num_queries: Any
) -> None:
    for i in range(3):
        publish(feed, f"w{i}", title=f"World {i}", section="World", published=minutes_ago(10 + i))
    publish(feed, "p0", title="Politics old", section="Politics", published=minutes_ago(300))
    publish(feed, "p1", title="Politics new", section="Politics", published=minutes_ago(5))
    publish(feed, "s0", title="Sport only", section="Sport", published=minutes_ago(1))
    publish(feed, "none", title="No section", published=minutes_ago(2))
    publish(feed, "slash", title="Slashed", section="News/UK", published=minutes_ago(3))
    # Stored before "News" was known to name no topic: still no topic.
    publish(feed, "generic", title="Generic", section="News", published=minutes_ago(4))

    with django_assert_num_queries(3):  # content version, sections with counts, headlines
        response = client.get("/topics/")

    html = response.content.decode()
    assert response.status_code == 200
    # Most articles first; equal counts by the most recent article.
    names = re.findall(r'<h2><a href="/t/([^/]+)/">', html)
    assert names == ["World", "Politics", "Sport"]  # no empty or unlinkable section
    assert "3 articles" in html and "1 article<" in html
    world = html.split('href="/t/World/"', 1)[1].split("</li>\n", 2)
    assert "World 0" in world[0] + world[1] and "World 2" not in html  # two, newest first
    assert html.index("World 0") < html.index("World 1")
    politics = html.split('href="/t/Politics/"', 1)[1]
    assert politics.index("Politics new") < politics.index("Politics old")
    assert "counted over the latest 9 articles" in html
    assert '<a href="/topics/" aria-current="page">Topics</a>' in html


def test_topics_index_escapes_hostile_sections_and_titles(client: Client, feed: Feed) -> None:
    section = '"><img src=x onerror=alert(1)>'  # no "/": a topic page takes one segment
    publish(feed, "h", title=HOSTILE, section=section, published=minutes_ago(1))

    html = client.get("/topics/").content.decode()

    assert HOSTILE not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    link = re.search(r'<h2><a href="([^"]+)">', html)
    assert link is not None and client.get(link.group(1)).status_code == 200


def test_topics_index_empty_states(client: Client, feed: Feed) -> None:
    html = client.get("/topics/").content.decode()
    assert "No topics yet" in html and "(0 articles" not in html

    publish(feed, "plain", title="Plain", published=minutes_ago(1))
    html = client.get("/topics/").content.decode()
    assert "No topics yet" in html and "(1 article so far)" in html


def test_topics_count_over_the_latest_articles_only(feed: Feed) -> None:
    publish(feed, "old", title="Old", section="Archive", published=minutes_ago(60))
    publish(feed, "new", title="New", section="World", published=minutes_ago(1))

    counts, span = browse.topics(window=1)

    assert [t.name for t in counts] == ["World"] and span.articles == 1


# --- in the news -----------------------------------------------------------------------


def test_in_the_news_ranks_entities_per_kind_by_stories_then_articles(
    client: Client, django_assert_num_queries: Any
) -> None:
    cnn, bbc, ap = feeds("CNN", "BBC News", "AP")
    a1 = publish(cnn, "a1", title="A1", published=minutes_ago(5))
    a2 = publish(bbc, "a2", title="A2", published=minutes_ago(4))
    copy = publish(ap, "a1-copy", title="A1 copy", published=minutes_ago(4))
    b1 = publish(cnn, "b1", title="B1", published=minutes_ago(3))
    c1 = publish(bbc, "c1", title="C1", published=minutes_ago(2))
    make_story([a1, a2], copies=[copy])
    make_story([b1])
    make_story([c1])
    # Reeves: 3 stories. Starmer: one story, two articles (and a copy, not counted).
    # Lammy: one story, one article. Paris: a place. Nobody names an organisation.
    name_entities(a1, ("Rachel Reeves", "person", 2), ("Keir Starmer", "person", 5))
    name_entities(a2, ("Keir Starmer", "person", 1), ("Paris", "place", 1))
    name_entities(copy, ("Keir Starmer", "person", 1), ("David Lammy", "person", 9))
    name_entities(b1, ("Rachel Reeves", "person", 1), ("David Lammy", "person", 1))
    name_entities(c1, ("Rachel Reeves", "person", 1))

    with django_assert_num_queries(3):  # content version, ranked entities, the window
        response = client.get("/entities/")

    html = response.content.decode()
    people = html.split('id="kind-person"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r">([^<]+)</a>", people) == ["Rachel Reeves", "Keir Starmer", "David Lammy"]
    assert 'href="/entity/person:rachel%20reeves/"' in people
    assert "3 stories · 3 articles" in people
    assert "1 story · 2 articles" in people  # Starmer: the copy is not counted
    assert "1 story · 1 article<" in people  # Lammy: named in the copy, not counted
    places = html.split('id="kind-place"', 1)[1].split("</section>", 1)[0]
    assert ">Paris</a>" in places
    organisations = html.split('id="kind-organization"', 1)[1].split("</section>", 1)[0]
    assert "None named in the latest articles." in organisations
    assert html.index('<h2 id="kind-person">People') < html.index("Places</h2>")
    assert '<a href="/entities/" aria-current="page">In the news</a>' in html
    assert "counted over the latest 5 articles" in html


def test_in_the_news_counts_articles_not_yet_in_a_story(client: Client, feed: Feed) -> None:
    lone = publish(feed, "lone", title="Lone", published=minutes_ago(1))
    name_entities(lone, ("Ada Lovelace", "person", 1))

    html = client.get("/entities/").content.decode()

    assert ">Ada Lovelace</a>" in html and "0 stories · 1 article<" in html


def test_in_the_news_escapes_hostile_names_and_links_by_stored_key(
    client: Client, feed: Feed
) -> None:
    article = publish(feed, "h", title="H", published=minutes_ago(1))
    name_entities(article, (HOSTILE, "organization", 1), ("São Paulo", "place", 1))

    html = client.get("/entities/").content.decode()

    assert HOSTILE not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    links = re.findall(r'class="entity entity-[a-z]+" href="([^"]+)"', html)
    assert len(links) == 2
    for link in links:  # each link finds its entity page, whatever the name holds
        assert client.get(link).status_code == 200


def test_in_the_news_empty_state(client: Client, feed: Feed) -> None:
    publish(feed, "plain", title="Plain", published=minutes_ago(1))

    html = client.get("/entities/").content.decode()

    assert "No people, places or organisations yet" in html
    assert "newsdesk[entities]" in html


# --- top stories -----------------------------------------------------------------------


def test_story_cards_name_outlets_show_an_excerpt_and_the_lead_image(
    client: Client, django_assert_num_queries: Any
) -> None:
    outlets = feeds("BBC News", "Politico", "CNN", "AP", "Reuters", "NPR", "Axios")
    big = [
        publish(f, f"big{i}", title=f"Big {i}", published=minutes_ago(60 - i),
                image="https://img.test/big.jpg" if i == 0 else None)
        for i, f in enumerate(outlets)
    ]  # fmt: skip
    small = [
        publish(f, f"small{i}", title=f"Small {i}", published=minutes_ago(30 - i),
                summary="The lead article's own summary.")
        for i, f in enumerate(outlets[:2])
    ]  # fmt: skip
    story_big = make_story(big)
    make_story(small)
    story_summary(story_big, "Seven outlets report the big event.")

    with django_assert_num_queries(3):  # content version, stories with leads, outlets
        response = client.get("/stories/")

    html = response.content.decode()
    # Most outlets first (a story's headline is its best joined report's title).
    assert headings(html) == ["Big 1", "Small 1"]
    cards = html.split('<article class="card story-card')[1:]
    assert "BBC News, Politico and 5 more" in cards[0]
    assert "7 articles" in cards[0]
    assert (
        '<span class="ai-label">AI-generated</span> Seven outlets report the big event.'
        in (cards[0])
    )
    assert "A second." not in cards[0]  # the first sentence only
    assert (
        'src="https://img.test/big.jpg"' in cards[0]
        and 'referrerpolicy="no-referrer"' in (cards[0])
    )
    assert "BBC News and Politico" in cards[1]
    assert "The lead article&#x27;s own summary." in cards[1]  # no story summary: lead excerpt
    assert "AI-generated" not in cards[1] and "<img" not in cards[1]


def test_story_cards_cost_the_same_queries_for_more_stories(
    client: Client, django_assert_num_queries: Any
) -> None:
    cnn, bbc = feeds("CNN", "BBC News")
    for n in range(6):
        members = [publish(f, f"s{n}-{f.pk}", published=minutes_ago(n + 1)) for f in (cnn, bbc)]
        story = make_story(members)
        if n % 2:
            story_summary(story, f"Summary {n}.")

    with django_assert_num_queries(3):
        html = client.get("/stories/").content.decode()

    assert html.count('class="card story-card') == 6
    assert html.count("AI-generated") == 3


def test_story_cards_follow_the_lead_sources_display_policy(client: Client) -> None:
    (cnn,) = feeds("CNN")
    lead = publish(
        cnn, "lead", title="Lead", text="Secret body text. " * 10,
        image="https://img.test/lead.jpg", published=minutes_ago(5),
    )  # fmt: skip
    make_story([lead])
    set_policy(cnn, "link")

    html = client.get("/stories/").content.decode()

    assert ">Lead</a>" in html
    assert "Secret body text" not in html and "img.test" not in html


def test_story_cards_follow_the_publishers_nosnippet(client: Client) -> None:
    (cnn,) = feeds("CNN")
    lead = publish(
        cnn, "lead", title="Lead", text="Secret body text. " * 10, robots="nosnippet",
        image="https://img.test/lead.jpg", published=minutes_ago(5),
    )  # fmt: skip
    make_story([lead])

    html = client.get("/stories/").content.decode()

    assert "Secret body text" not in html and "img.test" not in html


def test_story_cards_escape_hostile_headlines_and_summaries(client: Client) -> None:
    (cnn,) = feeds("CNN")
    story = make_story([publish(cnn, "h", title=HOSTILE, published=minutes_ago(1))])
    story_summary(story, HOSTILE)

    html = client.get("/stories/").content.decode()

    assert HOSTILE not in html and "<script>alert" not in html
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") == 2


def test_story_cards_empty_state(client: Client, feed: Feed) -> None:
    html = client.get("/stories/").content.decode()

    assert "No stories yet" in html and 'href="/"' in html


def test_outlet_line() -> None:
    assert outlet_line([]) == ""
    assert outlet_line(["A"]) == "A"
    assert outlet_line(["A", "B", "C"]) == "A, B and C"
    assert outlet_line(["A", "B", "C", "D"]) == "A, B and 2 more"


# --- story page ------------------------------------------------------------------------


def test_story_page_lists_the_entities_of_its_articles_most_named_first(
    client: Client, django_assert_num_queries: Any
) -> None:
    cnn, bbc, ap = feeds("CNN", "BBC News", "AP")
    a1 = publish(cnn, "a1", title="A1", published=minutes_ago(5))
    a2 = publish(bbc, "a2", title="A2", published=minutes_ago(4))
    copy = publish(ap, "copy", title="Copy", published=minutes_ago(3))
    story = make_story([a1, a2], copies=[copy])
    name_entities(a1, ("Kyiv", "place", 1), ("Volodymyr Zelensky", "person", 4))
    name_entities(a2, ("Kyiv", "place", 2), ("NATO", "organization", 1), (HOSTILE, "person", 1))
    name_entities(copy, ("Only In The Copy", "person", 7))

    # content version, story, memberships, summary, entities
    with django_assert_num_queries(5):
        html = client.get(f"/story/{story.pk}/").content.decode()

    line = html.split('class="entities story-entities"', 1)[1].split("</p>", 1)[0]
    names = re.findall(r'href="/entity/[^"]+">([^<]+)</a>', line)
    # Two articles first; then by mentions, then by key.
    assert names == [
        "Kyiv",
        "Volodymyr Zelensky",
        "NATO",
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;",
    ]
    assert "Only In The Copy" not in html
    assert 'href="/entity/place:kyiv/"' in line and "AI-generated" in line


def test_story_page_without_entities_has_no_entity_line(client: Client) -> None:
    (cnn,) = feeds("CNN")
    story = make_story([publish(cnn, "a", title="A", published=minutes_ago(1))])

    assert "story-entities" not in client.get(f"/story/{story.pk}/").content.decode()


def test_nav_links_the_browse_pages_everywhere(client: Client, feed: Feed) -> None:
    html = client.get("/").content.decode()
    nav = html.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r">([^<]+)</a></li>", nav) == [
        "Latest",
        "Top stories",
        "Topics",
        "In the news",
        "Sources",
    ]
    assert Article.objects.count() == 0


def test_topic_and_entity_pages_mark_their_index_in_the_nav(client: Client, feed: Feed) -> None:
    article = publish(feed, "w", title="W", section="World", published=minutes_ago(1))
    name_entities(article, ("Lisbon", "place", 1))

    topic = client.get("/t/World/").content.decode()
    entity = client.get("/entity/place:lisbon/").content.decode()

    assert '<a href="/topics/" aria-current="page">Topics</a>' in topic
    assert '<a href="/entities/" aria-current="page">In the news</a>' in entity
