"""The Fetcher against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections.abc import Iterator

import brotli
import pytest
from tests.httpserver import LocalServer, Request, Response
from tests.pipeline.fetch.conftest import MakeFetcher

from newsdesk.pipeline.errors import (
    ConnectFailed,
    ContentDecodingError,
    FetchTimeout,
    HTTPStatusError,
    InvalidURL,
    TooManyRedirects,
)
from newsdesk.pipeline.fetch import Fetcher
from newsdesk.pipeline.types import FetchOptions, Validators

MiB = 1024 * 1024


def test_get_sends_honest_headers_and_returns_the_page(
    http_server: LocalServer, fetcher: Fetcher
) -> None:
    http_server.route("/page", "<p>héllo</p>", headers={"ETag": '"v1"', "X-Extra": "yes"})

    result = fetcher.get(http_server.url("/page"), accept="text/html")

    assert (result.status, result.text(), result.encoding) == (200, "<p>héllo</p>", "utf-8")
    assert result.url == result.final_url == http_server.url("/page")
    assert result.content_type == "text/html; charset=utf-8"
    assert result.headers["x-extra"] == "yes"
    assert result.validators == Validators(etag='"v1"', last_modified=None)
    assert not (result.not_modified or result.truncated or result.redirects)
    sent = http_server.hits("/page")[0].headers
    assert sent["User-Agent"] == FetchOptions().user_agent
    assert sent["Accept"] == "text/html"
    assert sent["Accept-Encoding"] == "gzip, deflate, br"


def test_header_charset_latin1_page(http_server: LocalServer, fetcher: Fetcher) -> None:
    body = "<p>Caf\u00e9 \u2013 \u201cquoted\u201d</p>".encode("cp1252")
    http_server.route("/l1", body, content_type="text/html; charset=ISO-8859-1")

    result = fetcher.get(http_server.url("/l1"))

    assert result.encoding == "cp1252"  # what browsers decode ISO-8859-1 as
    assert result.text() == "<p>Caf\u00e9 \u2013 \u201cquoted\u201d</p>"


def test_meta_only_charset(http_server: LocalServer, fetcher: Fetcher) -> None:
    body = '<html><head><meta charset="windows-1251"></head><p>Привет</p>'.encode("cp1251")
    http_server.route("/meta", body, content_type="text/html")

    result = fetcher.get(http_server.url("/meta"))

    assert result.encoding == "cp1251"
    assert "Привет" in result.text()


def test_http_equiv_charset(http_server: LocalServer, fetcher: Fetcher) -> None:
    body = (
        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15"><p>€</p>'
    ).encode("iso-8859-15")
    http_server.route("/equiv", body, content_type="text/html")

    assert fetcher.get(http_server.url("/equiv")).text().endswith("<p>€</p>")


def test_bom_wins(http_server: LocalServer, fetcher: Fetcher) -> None:
    body = "\ufeff<p>naïve</p>".encode("utf-16-le")
    http_server.route("/bom", body, content_type="text/html; charset=iso-8859-1")

    result = fetcher.get(http_server.url("/bom"))

    assert result.encoding == "utf-16-le"
    assert result.text() == "<p>naïve</p>"


def test_header_charset_beats_conflicting_meta(http_server: LocalServer, fetcher: Fetcher) -> None:
    body = '<meta charset="iso-8859-1"><p>Zürich</p>'.encode()
    http_server.route("/conflict", body, content_type="text/html; charset=utf-8")

    result = fetcher.get(http_server.url("/conflict"))

    assert result.encoding == "utf-8"
    assert "Zürich" in result.text()


def test_binary_types_have_no_encoding(http_server: LocalServer, fetcher: Fetcher) -> None:
    http_server.route("/img", b"\x89PNG\r\n\x1a\n\x00\xff", content_type="image/png")

    result = fetcher.get(http_server.url("/img"))

    assert result.encoding is None
    assert result.content == b"\x89PNG\r\n\x1a\n\x00\xff"


# --- conditional GET ----------------------------------------------------------------------


def test_conditional_get_not_modified(http_server: LocalServer, fetcher: Fetcher) -> None:
    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"abc"':
            return 304, {"ETag": '"abc"'}, b""
        return 200, {"ETag": '"abc"', "Content-Type": "application/rss+xml"}, b"<rss/>"

    http_server.handle("/feed", handler)
    last_modified = "Wed, 21 Oct 2015 07:28:00 GMT"

    first = fetcher.get(http_server.url("/feed"))
    second = fetcher.get(http_server.url("/feed"), Validators('"abc"', last_modified))

    assert first.validators.etag == '"abc"'
    assert second.not_modified and second.status == 304 and second.content == b""
    assert second.validators == Validators('"abc"', last_modified)  # kept verbatim
    sent = http_server.hits("/feed")[1].headers
    assert sent["If-None-Match"] == '"abc"'
    assert sent["If-Modified-Since"] == last_modified
    assert "If-None-Match" not in http_server.hits("/feed")[0].headers


# --- error statuses -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "retryable", "gone"), [(404, False, False), (410, False, True), (500, True, False)]
)
def test_error_statuses_raise(
    http_server: LocalServer, fetcher: Fetcher, status: int, retryable: bool, gone: bool
) -> None:
    http_server.route("/err", "nope", status=status)

    with pytest.raises(HTTPStatusError) as caught:
        fetcher.get(http_server.url("/err"))

    assert caught.value.status == status
    assert caught.value.retryable is retryable
    assert caught.value.gone is gone
    assert http_server.url("/err") in str(caught.value)
    assert len(http_server.hits("/err")) == 1  # only 429/503 are retried


def test_429_with_retry_after_then_success(
    http_server: LocalServer, make_fetcher: MakeFetcher
) -> None:
    times: list[float] = []

    def handler(_request: Request) -> Response:
        times.append(time.monotonic())
        if len(times) == 1:
            return 429, {"Retry-After": "1", "Content-Type": "text/plain"}, b"slow down"
        return 200, {"Content-Type": "text/plain"}, b"ok"

    http_server.handle("/busy", handler)

    result = make_fetcher(max_backoff=5.0).get(http_server.url("/busy"))

    assert result.content == b"ok"
    assert len(times) == 2
    assert times[1] - times[0] >= 0.9  # Retry-After honoured (the cap is max_backoff)


def test_retry_after_beyond_max_backoff_is_returned_to_caller(
    http_server: LocalServer, make_fetcher: MakeFetcher
) -> None:
    http_server.route("/later", "", status=503, headers={"Retry-After": "3600"})
    fetcher = make_fetcher(max_backoff=5.0)

    with pytest.raises(HTTPStatusError) as caught:
        fetcher.get(http_server.url("/later"))

    assert (caught.value.status, caught.value.retry_after) == (503, 3600.0)
    assert caught.value.retryable
    assert len(http_server.hits("/later")) == 1


def test_503_retried_with_backoff_until_exhausted(
    http_server: LocalServer, make_fetcher: MakeFetcher
) -> None:
    http_server.route("/down", "", status=503)

    with pytest.raises(HTTPStatusError):
        make_fetcher(retries=2).get(http_server.url("/down"))

    assert len(http_server.hits("/down")) == 3


def test_read_timeout(http_server: LocalServer, make_fetcher: MakeFetcher) -> None:
    http_server.route("/slow", "late", delay=1.0)

    with pytest.raises(FetchTimeout, match="/slow"):
        make_fetcher(read_timeout=0.1, retries=0).get(http_server.url("/slow"))


def test_total_timeout_stops_slow_drip_bodies(
    http_server: LocalServer, make_fetcher: MakeFetcher
) -> None:
    def drip() -> Iterator[bytes]:
        for _ in range(50):
            time.sleep(0.05)
            yield b"x"

    http_server.handle("/drip", lambda _r: (200, {"Content-Type": "text/plain"}, drip()))

    with pytest.raises(FetchTimeout, match="total timeout"):
        make_fetcher(total_timeout=0.3, retries=0).get(http_server.url("/drip"))


def test_connection_refused(make_fetcher: MakeFetcher) -> None:
    with LocalServerPort() as port, pytest.raises(ConnectFailed, match=f"127.0.0.1:{port}"):
        make_fetcher(retries=1).get(f"http://127.0.0.1:{port}/")


class LocalServerPort:
    """A loopback port that nothing listens on (bound, then released)."""

    def __enter__(self) -> int:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return int(sock.getsockname()[1])

    def __exit__(self, *exc: object) -> None:
        return None


# --- redirects ------------------------------------------------------------------------------


def test_redirect_chain_records_hops_and_final_url(
    http_server: LocalServer, fetcher: Fetcher
) -> None:
    http_server.route("/a", "", status=301, headers={"Location": "/b"})
    http_server.route("/b", "", status=302, headers={"Location": http_server.url("/c")})
    http_server.route("/c", "done")

    result = fetcher.get(http_server.url("/a"))

    assert result.content == b"done"
    assert result.final_url == http_server.url("/c")
    assert result.redirects == (http_server.url("/a"), http_server.url("/b"))
    assert not result.permanently_moved  # one hop was temporary


def test_permanent_redirect_is_flagged(http_server: LocalServer, fetcher: Fetcher) -> None:
    http_server.route("/old", "", status=308, headers={"Location": "/new"})
    http_server.route("/new", "here")

    assert fetcher.get(http_server.url("/old")).permanently_moved


def test_redirect_loop(http_server: LocalServer, fetcher: Fetcher) -> None:
    http_server.route("/x", "", status=302, headers={"Location": "/y"})
    http_server.route("/y", "", status=302, headers={"Location": "/x"})

    with pytest.raises(TooManyRedirects, match="loop"):
        fetcher.get(http_server.url("/x"))


def test_too_many_redirects(http_server: LocalServer, make_fetcher: MakeFetcher) -> None:
    for i in range(10):
        http_server.route(f"/r{i}", "", status=302, headers={"Location": f"/r{i + 1}"})

    with pytest.raises(TooManyRedirects, match="more than 3"):
        make_fetcher(max_redirects=3).get(http_server.url("/r0"))
    assert len(http_server.requests) == 4


def test_redirect_to_non_http_scheme(http_server: LocalServer, fetcher: Fetcher) -> None:
    http_server.route("/file", "", status=302, headers={"Location": "file:///etc/passwd"})

    with pytest.raises(InvalidURL):
        fetcher.get(http_server.url("/file"))


def test_cookies_live_for_one_redirect_chain_only(
    http_server: LocalServer, fetcher: Fetcher
) -> None:
    http_server.route(
        "/consent", "", status=302, headers={"Location": "/article", "Set-Cookie": "ok=1; Path=/"}
    )
    http_server.route("/article", "text")

    fetcher.get(http_server.url("/consent"))
    fetcher.get(http_server.url("/article"))

    first, second = http_server.hits("/article")
    assert first.headers.get("Cookie") == "ok=1"
    assert "Cookie" not in second.headers


# --- size limits ----------------------------------------------------------------------------


def _zeros(total: int, chunk: int = MiB) -> Iterator[bytes]:
    block = b"\0" * chunk
    for _ in range(total // chunk):
        yield block


def test_huge_streamed_body_is_cut_with_bounded_memory(
    http_server: LocalServer, make_fetcher: MakeFetcher
) -> None:
    import tracemalloc

    http_server.handle(
        "/huge", lambda _r: (200, {"Content-Type": "application/octet-stream"}, _zeros(100 * MiB))
    )
    fetcher = make_fetcher(max_bytes=2 * MiB)

    tracemalloc.start()
    try:
        result = fetcher.get(http_server.url("/huge"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert result.truncated
    assert len(result.content) == 2 * MiB
    assert peak < 20 * MiB  # the server side alone holds 1 MiB blocks


def test_body_of_exactly_max_bytes_is_not_truncated(
    http_server: LocalServer, make_fetcher: MakeFetcher
) -> None:
    http_server.route("/exact", b"a" * 1000, content_type="text/plain")

    result = make_fetcher(max_bytes=1000).get(http_server.url("/exact"))

    assert (len(result.content), result.truncated) == (1000, False)


def _gzip_bomb(size: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [compressor.compress(block) for block in _zeros(size)]
    return b"".join([*parts, compressor.flush()])


def _brotli_bomb(size: int) -> bytes:
    compressor = brotli.Compressor(quality=5)
    parts = [compressor.process(block) for block in _zeros(size)]
    return b"".join([*parts, compressor.finish()])


@pytest.mark.parametrize(("coding", "bomb"), [("gzip", _gzip_bomb), ("br", _brotli_bomb)])
def test_compression_bomb_is_cut_at_max_decoded_bytes(
    http_server: LocalServer, make_fetcher: MakeFetcher, coding: str, bomb: object
) -> None:
    import tracemalloc

    assert callable(bomb)
    payload: bytes = bomb(200 * MiB)
    assert len(payload) < MiB
    http_server.route("/bomb", payload, headers={"Content-Encoding": coding})
    fetcher = make_fetcher(max_bytes=MiB)

    tracemalloc.start()
    try:
        result = fetcher.get(http_server.url("/bomb"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert result.truncated
    assert len(result.content) == MiB
    assert peak < 16 * MiB


@pytest.mark.parametrize(
    ("coding", "encode"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data, wbits=-zlib.MAX_WBITS)),  # raw deflate
        ("br", brotli.compress),
    ],
)
def test_content_encodings_are_decoded(
    http_server: LocalServer, fetcher: Fetcher, coding: str, encode: object
) -> None:
    assert callable(encode)
    text = "<p>" + "Grüße, " * 20_000 + "</p>"
    http_server.route("/enc", encode(text.encode()), headers={"Content-Encoding": coding})

    result = fetcher.get(http_server.url("/enc"))

    assert result.text() == text
    assert not result.truncated


def test_corrupt_gzip_raises(http_server: LocalServer, fetcher: Fetcher) -> None:
    http_server.route("/bad", b"\x1f\x8b\x08\x00garbage" * 10, headers={"Content-Encoding": "gzip"})

    with pytest.raises(ContentDecodingError, match="gzip"):
        fetcher.get(http_server.url("/bad"))


# --- politeness and threads -------------------------------------------------------------------


def test_host_delay_spaces_requests(http_server: LocalServer, make_fetcher: MakeFetcher) -> None:
    times: list[float] = []

    def handler(_request: Request) -> Response:
        times.append(time.monotonic())
        return 200, {"Content-Type": "text/plain"}, b"ok"

    http_server.handle("/polite", handler)
    fetcher = make_fetcher(host_delay=0.3, host_concurrency=4)

    threads = [
        threading.Thread(target=fetcher.get, args=(http_server.url("/polite"),)) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    times.sort()
    assert len(times) == 4
    # Starts are host_delay (0.3 s) apart, even from 4 threads: the four arrivals span at
    # least 3 x 0.3 s less arrival jitter (one late arrival on a loaded machine can shorten
    # a single gap, but not the whole span by much). Unspaced, they would span milliseconds.
    assert times[-1] - times[0] >= 0.6, times


def test_shared_fetcher_is_thread_safe_and_limits_concurrency_per_host(
    http_server: LocalServer, make_fetcher: MakeFetcher
) -> None:
    lock = threading.Lock()
    in_flight = [0, 0]  # current, maximum

    def handler(request: Request) -> Response:
        with lock:
            in_flight[0] += 1
            in_flight[1] = max(in_flight)
        time.sleep(0.02)
        with lock:
            in_flight[0] -= 1
        return 200, {"Content-Type": "text/plain"}, request.path.encode()

    for i in range(40):
        http_server.handle(f"/t{i}", handler)
    fetcher = make_fetcher(host_concurrency=2)
    results: dict[int, bytes] = {}
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            results[i] = fetcher.get(http_server.url(f"/t{i}")).content
        except BaseException as error:  # collected and re-checked below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert results == {i: f"/t{i}".encode() for i in range(40)}
    assert in_flight[1] <= 2
