"""Replay transport: answer requests from recorded WARC files instead of the network.

The index (URL -> file and offset) is built in one pass at construction; each request
opens its own file handle, so one transport can serve many threads. Misses are answered
``404`` with ``X-Newsdesk-Replay: miss`` (the Fetcher raises NotRecorded), except
``/robots.txt``, which is a plain 404 (allow all).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader

log = logging.getLogger(__name__)

REPLAY_HEADER = "X-Newsdesk-Replay"
REPLAY_MISS = "miss"
_CHUNK = 64 * 1024
_DROPPED_HEADERS = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
        "content-length",
    }
)


@dataclass(frozen=True)
class ReplayRecord:
    """One recorded response: its URL, Content-Type header and status."""

    url: str
    content_type: str
    status: int


@dataclass(frozen=True)
class _Location:
    path: Path
    offset: int
    record: ReplayRecord


class ReplayTransport(httpx.BaseTransport):
    """An ``httpx.BaseTransport`` serving the ``response`` records of WARC(.gz) files.

    URLs match exactly first, then with the scheme (http/https), a trailing slash and a
    leading ``www.`` toggled. When files record the same URL, the later one wins.
    """

    def __init__(self, files: Sequence[str | Path]) -> None:
        self._index: dict[str, _Location] = {}
        for name in files:
            self._index.update(_index_file(Path(name)))

    def records(self) -> Iterator[ReplayRecord]:
        """Every recorded response, in file order."""
        return (location.record for location in self._index.values())

    def urls(self) -> list[str]:
        """Every recorded URL, in file order."""
        return [record.url for record in self.records()]

    def find(self, url: str | httpx.URL) -> str | None:
        """The recorded URL that answers ``url`` (exact or a normalised variant), if any."""
        for variant in url_variants(httpx.URL(url)):
            if variant in self._index:
                return variant
        return None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        found = self.find(request.url)
        if found is None:
            return _miss(request.url)
        return _serve(self._index[found])


def _index_file(path: Path) -> dict[str, _Location]:
    index: dict[str, _Location] = {}
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            if record.rec_type != "response" or record.http_headers is None:
                continue
            uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>")
            key = _index_key(uri)
            if key is None:
                log.warning("skipping WARC record with an invalid URL %r in %s", uri, path)
                continue
            http = record.http_headers
            status = int(http.get_statuscode() or 0)
            content_type = str(http.get_header("Content-Type") or "")
            info = ReplayRecord(uri, content_type, status)
            index[key] = _Location(path, int(records.get_record_offset()), info)
    return index


def _index_key(uri: str) -> str | None:
    try:
        return str(httpx.URL(uri).copy_with(fragment=None))
    except (httpx.InvalidURL, TypeError):
        return None


def url_variants(url: httpx.URL) -> Iterator[str]:
    """``url`` itself, then with scheme, trailing slash and ``www.`` toggled (all combos)."""
    url = url.copy_with(fragment=None)
    schemes = [url.scheme, {"http": "https", "https": "http"}.get(url.scheme, url.scheme)]
    host = url.host
    hosts = [host, host.removeprefix("www.") if host.startswith("www.") else f"www.{host}"]
    path, sep, query = url.raw_path.partition(b"?")
    paths = [path]
    if path.endswith(b"/") and path != b"/":
        paths.append(path[:-1])
    elif not path.endswith(b"/"):
        paths.append(path + b"/")
    seen: set[str] = set()
    for scheme, name, raw in itertools.product(schemes, hosts, paths):
        variant = str(url.copy_with(scheme=scheme, host=name, raw_path=raw + sep + query))
        if variant not in seen:
            seen.add(variant)
            yield variant


def _miss(url: httpx.URL) -> httpx.Response:
    headers = {"Content-Type": "text/plain; charset=utf-8"}
    if url.path != "/robots.txt":
        headers[REPLAY_HEADER] = REPLAY_MISS
    return httpx.Response(404, headers=headers, content=b"not recorded\n")


def _serve(location: _Location) -> httpx.Response:
    stream = location.path.open("rb")
    try:
        stream.seek(location.offset)
        record = next(iter(ArchiveIterator(stream)))
        http = record.http_headers
        decoded = _decoded_by_warcio(http.get_header("Content-Encoding"))
        headers = [
            (name, value)
            for name, value in http.headers
            if name.lower() not in _DROPPED_HEADERS
            and not (decoded and name.lower() == "content-encoding")
        ]
        body = _RecordStream(stream, record.content_stream())
    except BaseException:
        stream.close()
        raise
    return httpx.Response(int(http.get_statuscode() or 0), headers=headers, stream=body)


def _decoded_by_warcio(content_encoding: str | None) -> bool:
    """warcio's ``content_stream()`` decodes the encodings it supports (gzip, deflate, br)."""
    if not content_encoding:
        return False
    return content_encoding.strip().lower() in BufferedReader.get_supported_decompressors()


class _RecordStream(httpx.SyncByteStream):
    """A record's body read lazily from its own file handle, closed with the response."""

    def __init__(self, file: IO[bytes], body: IO[bytes]) -> None:
        self._file = file
        self._body = body

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self._body.read(_CHUNK):
            yield chunk

    def close(self) -> None:
        self._file.close()
