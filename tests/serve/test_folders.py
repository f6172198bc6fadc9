"""A reader's folders and OPML on the account page: file followed sources in folders (a
CSRF-protected form), download the subscriptions as OPML with folders, import an OPML file
(only the site's feeds for readers, the address checks for operators), hostile files."""

from __future__ import annotations

import dataclasses
import re
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from newsdesk.pipeline.parse import parse_opml
from newsdesk.serve.web.subscriptions import MAX_OPML_BYTES, MAX_OPML_FEEDS
from newsdesk.store.actions.folders import do_file_sources
from newsdesk.store.actions.follows import do_follow_source, do_unfollow_source
from newsdesk.store.models import Feed, Folder, Follow, Source
from newsdesk.store.queries.accounts import sources_by_folder
from tests.jobs.conftest import make_config
from tests.serve.conftest import PASSWORD, add_feed, make_user

pytestmark = pytest.mark.django_db

BBC = "https://www.bbc.co.uk/news/rss.xml"
GUARDIAN = "https://www.theguardian.com/world/rss"


@pytest.fixture
def sources(feed: Feed) -> dict[str, Source]:
    """Three of the site's sources: CNN (the ``feed`` fixture), BBC News, The Guardian."""
    bbc = add_feed(BBC, title="BBC News")
    guardian = add_feed(GUARDIAN, title="The Guardian")
    return {"cnn": feed.source, "bbc": bbc.source, "guardian": guardian.source}


def follow_all(user: Any, sources: dict[str, Source]) -> None:
    for source in sources.values():
        do_follow_source(user.pk, source, now=timezone.now())


def grouped(user: Any) -> list[tuple[str, list[str]]]:
    return [(g.name, [s.name for s in g.sources]) for g in sources_by_folder(user.pk)]


def headings(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h3[^>]*>(.*?)</h3>", page)]


def opml_file(body: str, name: str = "feeds.opml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body.encode(), content_type="text/x-opml")


def opml(*outlines: str) -> str:
    return (
        f'<?xml version="1.0"?><opml version="2.0"><head/><body>{"".join(outlines)}</body></opml>'
    )


def state() -> tuple[int, int, int]:
    return Follow.objects.count(), Folder.objects.count(), Feed.objects.count()


# --- folders on the account page -------------------------------------------------------------


def test_a_reader_files_followed_sources_in_folders(
    client: Client, reader: Any, sources: dict[str, Source]
) -> None:
    follow_all(reader, sources)
    client.force_login(reader)
    page = client.get("/account/").content.decode()
    assert headings(page) == ["Sources in no folder"]
    assert '<label for="folder-of-' in page and 'list="folder-names"' in page

    for key, folder in [("bbc", "  World   news "), ("cnn", "World news"), ("guardian", "Long")]:
        response = client.post("/account/folders/", {"source": sources[key].pk, "folder": folder})
        assert response.status_code == 302
        assert response["Location"] == "/account/#follows-title"
    assert grouped(reader) == [("Long", ["The Guardian"]), ("World news", ["BBC News", "CNN"])]
    page = client.get("/account/").content.decode()
    assert headings(page) == ["Long (folder)", "World news (folder)"]
    assert "The Guardian is in the folder Long." in page  # the message after the move

    client.post("/account/folders/", {"source": sources["guardian"].pk, "folder": ""})
    assert grouped(reader) == [("World news", ["BBC News", "CNN"]), ("", ["The Guardian"])]
    assert list(Folder.objects.values_list("name", flat=True)) == ["World news"]  # "Long" went
    do_unfollow_source(reader.pk, sources["bbc"])
    do_unfollow_source(reader.pk, sources["cnn"])
    assert not Folder.objects.exists()  # emptied by unfollowing: gone too


def test_filing_refuses_bad_names_unfollowed_sources_and_forged_posts(
    client: Client, reader: Any, sources: dict[str, Source]
) -> None:
    do_follow_source(reader.pk, sources["cnn"], now=timezone.now())
    client.force_login(reader)
    for data in [
        {"source": sources["bbc"].pk, "folder": "News"},  # not followed
        {"source": sources["cnn"].pk, "folder": "x" * 101},
        {"source": sources["cnn"].pk, "folder": "bad\x00name"},
        {"source": "999999", "folder": "News"},
        {"source": "abc", "folder": "News"},
    ]:
        response = client.post("/account/folders/", data, follow=True)
        assert response.status_code == 200
        assert 'class="message message-error"' in response.content.decode()
    assert not Folder.objects.exists() and Follow.objects.get().folder is None

    anonymous = Client()
    gone = anonymous.post("/account/folders/", {"source": sources["cnn"].pk, "folder": "News"})
    assert gone.status_code == 302 and gone["Location"].startswith("/account/login/")
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(reader)
    refused = forged.post("/account/folders/", {"source": sources["cnn"].pk, "folder": "News"})
    assert refused.status_code == 403 and not Folder.objects.exists()
    assert forged.get("/account/folders/").status_code == 405


# --- OPML export --------------------------------------------------------------------------


def test_the_opml_export_nests_folders_and_needs_a_login(
    client: Client, reader: Any, sources: dict[str, Source]
) -> None:
    assert client.get("/account/subscriptions.opml")["Location"].startswith("/account/login/")
    client.force_login(reader)
    everything = parse_opml(client.get("/account/subscriptions.opml").content)
    assert len(everything) == 3  # following nothing, a reader has every source
    assert {o.category for o in everything} == {None}

    follow_all(reader, sources)
    client.post("/account/folders/", {"source": sources["bbc"].pk, "folder": "World"})
    response = client.get("/account/subscriptions.opml")
    assert response["Content-Type"] == "text/x-opml; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert 'filename="newsdesk-subscriptions.opml"' in response["Content-Disposition"]
    body = response.content.decode()
    assert '<opml version="2.0">' in body and "<title>reader on newsdesk</title>" in body
    assert re.search(r'<outline text="World" title="World">\s*<outline type="rss"', body)
    outlines = parse_opml(response.content)
    assert [(o.title, o.xml_url, o.category) for o in outlines] == [
        ("CNN", sources["cnn"].feeds.get().url, None),
        ("The Guardian", GUARDIAN, None),
        ("BBC News", BBC, "World"),
    ]
    page = client.get("/account/").content.decode()
    assert 'href="/account/subscriptions.opml"' in page


# --- OPML import --------------------------------------------------------------------------


def test_an_opml_round_trip_reproduces_the_folders(
    client: Client, reader: Any, sources: dict[str, Source]
) -> None:
    follow_all(reader, sources)
    client.force_login(reader)
    client.post("/account/folders/", {"source": sources["bbc"].pk, "folder": "World"})
    client.post("/account/folders/", {"source": sources["cnn"].pk, "folder": "World"})
    client.post("/account/folders/", {"source": sources["guardian"].pk, "folder": "Papers"})
    exported = client.get("/account/subscriptions.opml").content

    other = make_user("other")
    client.force_login(other)
    page = client.post(
        "/account/subscriptions/import", {"opml": opml_file(exported.decode())}, follow=True
    ).content.decode()
    assert "You follow 3 sources from the file (3 moved into folders)." in page
    assert (
        grouped(other)
        == grouped(reader)
        == [
            ("Papers", ["The Guardian"]),
            ("World", ["BBC News", "CNN"]),
        ]
    )
    assert client.get("/account/subscriptions.opml").content == exported.replace(
        b"reader on newsdesk", b"other on newsdesk"
    )
    assert Feed.objects.count() == 3  # nothing new for the site

    again = client.post("/account/subscriptions/import", {"opml": opml_file(exported.decode())})
    assert again.status_code == 302 and grouped(other) == grouped(reader)  # idempotent


def test_a_reader_imports_only_the_sites_feeds(
    client: Client, reader: Any, sources: dict[str, Source]
) -> None:
    client.force_login(reader)
    body = opml(
        '<outline text="Tech"><outline text="Ars" xmlUrl="https://feeds.arstechnica.com/x"/>'
        f'<outline text="BBC" xmlUrl="{BBC}"/></outline>',
        '<outline text="The Guardian" type="rss" xmlUrl="https://www.theguardian.com/" />',
        '<outline text="Local" xmlUrl="http://127.0.0.1:8000/rss"/>',
        '<outline text="Script" xmlUrl="javascript:alert(1)"/>',
    )
    page = client.post(
        "/account/subscriptions/import", {"opml": opml_file(body)}, follow=True
    ).content.decode()
    assert "You follow 2 sources from the file (1 moved into folders)." in page
    assert "3 feed(s) were not followed" in page and "ask its operator" in page
    assert "not a public address" in page
    # A source's home page names it too (as for quickadd in reader apps).
    assert grouped(reader) == [("Tech", ["BBC News"]), ("", ["The Guardian"])]
    assert Feed.objects.count() == 3


def test_an_operators_import_adds_new_public_feeds_only(
    client: Client, sources: dict[str, Source], settings: Any, tmp_path: Path
) -> None:
    operator = make_user("operator")
    type(operator).objects.filter(pk=operator.pk).update(is_staff=True)
    client.force_login(operator)
    body = opml(
        '<outline text="Tech"><outline text="Ars Technica" xmlUrl="https://feeds.arstechnica.com/x"'
        ' htmlUrl="https://arstechnica.com/"/></outline>',
        '<outline text="Local" xmlUrl="http://127.0.0.1:8000/rss"/>',
    )
    page = client.post(
        "/account/subscriptions/import", {"opml": opml_file(body)}, follow=True
    ).content.decode()
    assert "You follow 1 source from the file" in page and "not a public address" in page
    assert Feed.objects.filter(url="https://feeds.arstechnica.com/x").exists()
    assert not Feed.objects.filter(url__contains="127.0.0.1").exists()
    assert grouped(operator) == [("Tech", ["Ars Technica"])]

    config = make_config(tmp_path)  # allows 127.0.0.1, as an operator may configure
    settings.NEWSDESK = dataclasses.replace(settings.NEWSDESK, allow_networks=config.allow_networks)
    client.post("/account/subscriptions/import", {"opml": opml_file(body)})
    assert Feed.objects.filter(url="http://127.0.0.1:8000/rss").exists()


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<opml version="2.0"><body><outline text="&d;" xmlUrl="https://www.bbc.co.uk/news/rss.xml"/>
</body></opml>"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<opml version="2.0"><body><outline text="&x;" xmlUrl="https://www.bbc.co.uk/news/rss.xml"/>
</body></opml>"""


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<opml><body><outline xmlUrl=", "not a readable OPML file"),
        ("this is not XML at all", "not a readable OPML file"),
        ("", "not a readable OPML file"),
        (BILLION_LAUGHS, "not a readable OPML file"),
        (EXTERNAL_ENTITY, "not a readable OPML file"),
        ('<rss version="2.0"><channel/></rss>', "not &lt;opml&gt;"),
        ('<opml version="2.0"><head/></opml>', "has no &lt;body&gt;"),
        (opml('<outline text="Only a folder"/>'), "names no feeds"),
        (
            opml(*[f'<outline text="{i}" xmlUrl="{BBC}?{i}"/>' for i in range(MAX_OPML_FEEDS + 1)]),
            f"more than {MAX_OPML_FEEDS} feeds",
        ),
        (opml(f'<outline text="{"x" * MAX_OPML_BYTES}" xmlUrl="{BBC}"/>'), "larger than 1024 KB"),
        ("\xff\xfe<opml>", "not a readable OPML file"),
    ],
    ids=[
        "truncated",
        "text",
        "empty",
        "billion-laughs",
        "external-entity",
        "rss",
        "no-body",
        "no-feeds",
        "too-many-feeds",
        "too-large",
        "stray-characters",
    ],
)
def test_hostile_or_broken_files_change_nothing(
    client: Client, reader: Any, sources: dict[str, Source], body: str, reason: str
) -> None:
    do_follow_source(reader.pk, sources["cnn"], now=timezone.now())
    client.force_login(reader)
    before = state()
    response = client.post("/account/subscriptions/import", {"opml": opml_file(body)}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in page or "larger than" in page
    assert reason in page
    assert state() == before and grouped(reader) == [("", ["CNN"])]


def test_import_needs_a_login_a_file_and_the_csrf_token(
    client: Client, reader: Any, sources: dict[str, Source]
) -> None:
    body = opml(f'<outline text="BBC" xmlUrl="{BBC}"/>')
    anonymous = client.post("/account/subscriptions/import", {"opml": opml_file(body)})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/account/login/")
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(reader)
    assert (
        forged.post("/account/subscriptions/import", {"opml": opml_file(body)}).status_code == 403
    )
    client.force_login(reader)
    missing = client.post("/account/subscriptions/import", {}, follow=True).content.decode()
    assert "Choose an OPML file to import." in missing
    assert not Follow.objects.exists()


def test_the_account_page_round_trip_over_http(live_server: Any, transactional_db: Any) -> None:
    """As a browser does without JavaScript: log in, file a source, download, upload."""
    bbc = add_feed(BBC, title="BBC News")
    reader = make_user("ann")
    do_follow_source(reader.pk, bbc.source, now=timezone.now())

    def logged_in(name: str) -> httpx.Client:
        http = httpx.Client(base_url=live_server.url, timeout=10, follow_redirects=True)
        form = http.get("/account/login/").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert token is not None
        http.post(
            "/account/login/",
            data={"username": name, "password": PASSWORD, "csrfmiddlewaretoken": token[1]},
            headers={"Referer": f"{live_server.url}/account/login/"},
        )
        return http

    def csrf(http: httpx.Client) -> dict[str, str]:
        page = http.get("/account/").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        return {"csrfmiddlewaretoken": token[1]}

    referer = {"Referer": f"{live_server.url}/account/"}
    with closing(logged_in("ann")) as ann:
        moved = ann.post(
            "/account/folders/",
            data={"source": str(bbc.source_id), "folder": "World", **csrf(ann)},
            headers=referer,
        )
        assert moved.status_code == 200 and "BBC News is in the folder World." in moved.text
        exported = ann.get("/account/subscriptions.opml")
        assert exported.headers["content-type"] == "text/x-opml; charset=utf-8"
    make_user("bob")
    with closing(logged_in("bob")) as bob:
        imported = bob.post(
            "/account/subscriptions/import",
            data=csrf(bob),
            files={"opml": ("ann.opml", exported.content, "text/x-opml")},
            headers=referer,
        )
        assert "You follow 1 source from the file (1 moved into folders)." in imported.text
        assert re.search(r"<h3[^>]*>World", imported.text)


def test_the_account_page_costs_the_same_queries_however_many_follows(
    client: Client, reader: Any, sources: dict[str, Source]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(reader)
    do_follow_source(reader.pk, sources["cnn"], now=timezone.now())
    with CaptureQueriesContext(connection) as few:
        client.get("/account/")
    for index in range(6):
        source = add_feed(f"https://news{index}.example/feeds/rss", title=f"News {index}").source
        do_follow_source(reader.pk, source, now=timezone.now())
        do_file_sources(reader.pk, {source.pk: f"Folder {index % 2}"}, now=timezone.now())
    with CaptureQueriesContext(connection) as many:
        page = client.get("/account/").content.decode()
    assert headings(page) == ["Folder 0 (folder)", "Folder 1 (folder)", "Sources in no folder"]
    assert len(many.captured_queries) == len(few.captured_queries)
