"""Reading a response body with a hard limit on both raw and *decoded* bytes.

httpx decodes gzip/deflate/br itself, but without bounding the output of one call: a
64 KiB chunk of a gzip bomb inflates to ~64 MB at once. We read the raw stream and decode
with our own incremental decoders that never produce more than one chunk per step.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Iterable, Iterator

import brotli
import httpx

from newsdesk.pipeline.errors import ContentDecodingError, FetchTimeout

CHUNK = 64 * 1024
Decoder = Callable[[Iterator[bytes]], Iterator[bytes]]


def read_body(response: httpx.Response, max_bytes: int, deadline: float) -> tuple[bytes, bool]:
    """At most ``max_bytes`` decoded bytes of ``response`` and whether more were cut off.

    Raises FetchTimeout once ``deadline`` (``time.monotonic()``) passes while reading, and
    ContentDecodingError for a corrupt gzip/deflate/br body.
    """
    url = str(response.request.url)
    raw = _RawLimit(response.iter_raw(), max_bytes + CHUNK, deadline, url)
    coding = response.headers.get("Content-Encoding", "")
    try:
        content, truncated = take(decode(raw, coding), max_bytes)
    except (zlib.error, brotli.error) as error:
        raise ContentDecodingError(f"corrupt {coding} body from {url}: {error}") from error
    return content, truncated or raw.exceeded


def take(chunks: Iterable[bytes], max_bytes: int) -> tuple[bytes, bool]:
    """Concatenate ``chunks`` up to ``max_bytes``; True when anything was left over."""
    buffer = bytearray()
    for chunk in chunks:
        room = max_bytes - len(buffer)
        if len(chunk) > room:
            buffer += chunk[:room]
            return bytes(buffer), True
        buffer += chunk
    return bytes(buffer), False


def decode(raw: Iterator[bytes], content_encoding: str) -> Iterator[bytes]:
    """Undo ``content_encoding`` (e.g. ``"gzip"`` or ``"deflate, br"``) lazily.

    Unknown codings are passed through, as browsers and httpx do.
    """
    stream = raw
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    for coding in reversed(codings):
        decoder = _DECODERS.get(coding)
        if decoder is not None:
            stream = decoder(stream)
    return stream


def _inflate(chunks: Iterator[bytes], wbits: int) -> Iterator[bytes]:
    decompressor = zlib.decompressobj(wbits)
    for chunk in chunks:
        data = chunk
        while True:
            out = decompressor.decompress(data, CHUNK)
            if out:
                yield out
            if decompressor.eof:
                return
            data = decompressor.unconsumed_tail
            # A full chunk may leave output pending even when all input is consumed.
            if not data and len(out) < CHUNK:
                break
    tail = decompressor.flush()
    if tail:
        yield tail


def _gunzip(chunks: Iterator[bytes]) -> Iterator[bytes]:
    return _inflate(chunks, 16 + zlib.MAX_WBITS)


def _deflate(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """HTTP "deflate" is zlib-wrapped by spec, raw deflate in some servers: accept both."""
    first = b""
    for first in chunks:
        if first:
            break
    zlib_header = len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0
    wbits = zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS
    return _inflate(_prepend(first, chunks), wbits)


def _prepend(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def _unbrotli(chunks: Iterator[bytes]) -> Iterator[bytes]:
    decompressor = brotli.Decompressor()
    for chunk in chunks:
        out: bytes = decompressor.process(chunk, output_buffer_limit=CHUNK)
        if out:
            yield out
        while not decompressor.can_accept_more_data():
            out = decompressor.process(b"", output_buffer_limit=CHUNK)
            if out:
                yield out
        if decompressor.is_finished():
            return
    while not decompressor.is_finished():  # drain output held back by the limit
        out = decompressor.process(b"", output_buffer_limit=CHUNK)
        if not out:
            return
        yield out


_DECODERS: dict[str, Decoder] = {
    "gzip": _gunzip,
    "x-gzip": _gunzip,
    "deflate": _deflate,
    "br": _unbrotli,
}


class _RawLimit:
    """Iterates raw chunks until ``limit`` bytes (sets ``exceeded``) or the deadline."""

    def __init__(self, chunks: Iterator[bytes], limit: int, deadline: float, url: str) -> None:
        self._chunks = chunks
        self._left = limit
        self._deadline = deadline
        self._url = url
        self.exceeded = False

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        if self._left <= 0:
            self.exceeded = True
            raise StopIteration
        chunk = next(self._chunks)
        if time.monotonic() > self._deadline:
            raise FetchTimeout(f"reading {self._url} took longer than the total timeout")
        self._left -= len(chunk)
        return chunk
