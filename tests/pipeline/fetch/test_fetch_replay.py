"""The WARC replay transport, through the same Fetcher code path as the network."""

from __future__ import annotations

import gzip
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.pipeline.errors import BlockedAddress, HTTPStatusError, NotRecorded
from newsdesk.pipeline.fetch import Fetcher, ReplayRecord, ReplayTransport, make_transport
from newsdesk.pipeline.fetch.replay import url_variants
from newsdesk.pipeline.types import FetchOptions

OPTIONS = FetchOptions(host_delay=0.0)
FEED = b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel/></rss>'
PAGE = "<html><p>Straße</p></html>".encode()

Record = tuple[str, str, list[tuple[str, str]], bytes]


def write_warc(path: Path, records: list[Record]) -> Path:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, status, headers, body in records:
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http
            )
            writer.write_record(record)
    return path


@pytest.fixture
def warc(tmp_path: Path) -> Path:
    html = [("Content-Type", "text/html; charset=utf-8")]
    return write_warc(
        tmp_path / "site.warc.gz",
        [
            (
                "https://news.example/feed.xml",
                "200 OK",
                [("Content-Type", "application/rss+xml"), ("ETag", '"f1"')],
                FEED,
            ),
            ("http://news.example/story", "200 OK", [*html, ("Connection", "close")], PAGE),
            ("https://www.news.example/section/", "200 OK", html, b"section"),
            (
                "https://news.example/zipped",
                "200 OK",
                [*html, ("Content-Encoding", "gzip")],
                gzip.compress(PAGE),
            ),
            ("https://news.example/moved", "301 Moved Permanently", [("Location", "/story")], b""),
            ("https://news.example/removed", "410 Gone", html, b"gone"),
        ],
    )


@pytest.fixture
def replay(warc: Path) -> Iterator[Fetcher]:
    fetcher = Fetcher(OPTIONS, transport=make_transport([warc], OPTIONS))
    yield fetcher
    fetcher.close()


def test_exact_match_serves_status_headers_and_body(replay: Fetcher) -> None:
    result = replay.get("https://news.example/feed.xml")

    assert (result.status, result.content) == (200, FEED)
    assert result.content_type == "application/rss+xml"
    assert result.validators.etag == '"f1"'
    assert result.encoding == "utf-8"


def test_http_https_fallback_and_hop_by_hop_headers_dropped(replay: Fetcher) -> None:
    result = replay.get("https://news.example/story")

    assert result.text() == "<html><p>Straße</p></html>"
    assert result.final_url == "https://news.example/story"
    assert "connection" not in result.headers


def test_www_and_trailing_slash_variants(replay: Fetcher) -> None:
    assert replay.get("https://news.example/section").content == b"section"


def test_content_encoding_is_decoded_and_dropped(replay: Fetcher) -> None:
    result = replay.get("https://news.example/zipped")

    assert result.content == PAGE
    assert "content-encoding" not in result.headers


def test_recorded_redirects_and_errors(replay: Fetcher) -> None:
    moved = replay.get("https://news.example/moved")
    assert moved.final_url == "https://news.example/story"
    assert moved.content == PAGE and moved.permanently_moved

    with pytest.raises(HTTPStatusError) as caught:
        replay.get("https://news.example/removed")
    assert caught.value.gone


def test_miss_raises_not_recorded(replay: Fetcher) -> None:
    with pytest.raises(NotRecorded, match=r"news\.example/nothing"):
        replay.get("https://news.example/nothing")


def test_robots_miss_allows_all(replay: Fetcher) -> None:
    assert replay.get("https://news.example/feed.xml", robots=True).status == 200


def test_literal_private_addresses_are_still_refused(replay: Fetcher) -> None:
    with pytest.raises(BlockedAddress):
        replay.get("http://169.254.169.254/latest/meta-data/")


def test_records_and_urls(warc: Path) -> None:
    transport = ReplayTransport([warc])

    assert transport.urls()[:2] == ["https://news.example/feed.xml", "http://news.example/story"]
    assert next(transport.records()) == ReplayRecord(
        "https://news.example/feed.xml", "application/rss+xml", 200
    )
    with Fetcher(OPTIONS, transport=transport) as fetcher:
        assert ("https://news.example/feed.xml", "application/rss+xml") in fetcher.recorded()


def test_later_files_win(warc: Path, tmp_path: Path) -> None:
    newer = write_warc(
        tmp_path / "newer.warc.gz",
        [("https://news.example/feed.xml", "200 OK", [("Content-Type", "text/xml")], b"<new/>")],
    )
    with Fetcher(OPTIONS, transport=make_transport([warc, newer])) as fetcher:
        assert fetcher.get("https://news.example/feed.xml").content == b"<new/>"


def test_live_fetcher_has_nothing_recorded() -> None:
    with Fetcher(OPTIONS) as fetcher:
        assert fetcher.recorded() == []


def test_replay_is_thread_safe(replay: Fetcher) -> None:
    urls = ["https://news.example/feed.xml", "https://news.example/story"] * 20
    results: list[bytes] = []
    lock = threading.Lock()

    def work(url: str) -> None:
        content = replay.get(url).content
        with lock:
            results.append(content)

    threads = [threading.Thread(target=work, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == sorted([FEED, PAGE] * 20)


def test_url_variants_start_with_the_exact_url() -> None:
    variants = list(url_variants(httpx.URL("http://example.com/a?q=1#frag")))

    assert variants[0] == "http://example.com/a?q=1"
    assert "https://www.example.com/a/?q=1" in variants
    assert len(variants) == len(set(variants)) == 8
