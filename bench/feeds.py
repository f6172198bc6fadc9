"""Benchmark feedparser against fastfeedparser on the replay corpus.

Reads every feed response of ``/work/shared/data/replay/news.warc.gz`` (or the WARC given as
the first argument), parses it with both libraries and prints a table: feeds/s, entries
found, agreement on entry links and dates, and the speed ratio. A second table does the same
for broken copies of the feeds (cut in the middle; bare ``&`` in a title), which is where
the two parsers differ most: a feed reader sees truncated and sloppy XML every day.

Run: ``.venv/bin/python bench/feeds.py [path/to/news.warc.gz] [--repeat N]``.
The corpus is for development only: it is never committed or used in tests.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DEFAULT_WARC = Path("/work/shared/data/replay/news.warc.gz")

Entry = tuple[str, datetime | None]  # (link, published)


def read_feeds(warc: Path) -> list[tuple[str, bytes]]:
    from warcio.archiveiterator import ArchiveIterator

    feeds: list[tuple[str, bytes]] = []
    with warc.open("rb") as f:
        for rec in ArchiveIterator(f):
            if rec.rec_type != "response":
                continue
            ctype = rec.http_headers.get_header("Content-Type") or ""
            if "xml" in ctype or "rss" in ctype or "atom" in ctype:
                url = rec.rec_headers.get_header("WARC-Target-URI")
                feeds.append((url, rec.content_stream().read()))
    return feeds


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def with_feedparser(body: bytes) -> list[Entry]:
    import calendar

    import feedparser

    parsed = feedparser.parse(body)
    out: list[Entry] = []
    for e in parsed.entries:
        stamp = e.get("published_parsed") or e.get("updated_parsed")
        when = datetime.fromtimestamp(calendar.timegm(stamp), UTC) if stamp else None
        out.append((e.get("link", ""), when))
    return out


def with_fastfeedparser(body: bytes) -> list[Entry]:
    import fastfeedparser
    from dateutil import parser as dateparser

    parsed = fastfeedparser.parse(body)
    out: list[Entry] = []
    for e in parsed.get("entries", []):
        raw = e.get("published") or e.get("updated")
        when = _utc(dateparser.isoparse(raw)) if raw else None
        out.append((e.get("link") or "", when))
    return out


def with_newsdesk(body: bytes) -> list[Entry]:
    from newsdesk.pipeline.parse import parse_feed

    parsed = parse_feed(body, "https://example.org/feed")
    return [(e.url, e.published) for e in parsed.entries]


PARSERS: dict[str, Callable[[bytes], list[Entry]]] = {
    "feedparser": with_feedparser,
    "fastfeedparser": with_fastfeedparser,
    # "newsdesk.parse_feed": with_newsdesk,
}


@dataclass
class Row:
    name: str
    seconds: float = 0.0
    feeds: int = 0
    failed: int = 0
    entries: int = 0
    links_agree: int = 0
    dates_agree: int = 0
    compared: int = 0


def run(
    name: str, bodies: list[bytes], repeat: int, reference: list[list[Entry]] | None
) -> tuple[Row, list[list[Entry]]]:
    fn = PARSERS[name]
    row = Row(name)
    results: list[list[Entry]] = []
    start = time.perf_counter()
    for _ in range(repeat):
        results = []
        for body in bodies:
            try:
                results.append(fn(body))
            except Exception:  # noqa: BLE001 - a bench counts every failure, whatever it is
                results.append([])
                row.failed += 1
    row.seconds = (time.perf_counter() - start) / repeat
    row.failed //= repeat
    row.feeds = len(bodies)
    row.entries = sum(len(r) for r in results)
    if reference is not None:
        for mine, ref in zip(results, reference, strict=True):
            row.compared += len(ref)
            row.links_agree += len({link for link, _ in mine} & {link for link, _ in ref})
            row.dates_agree += len(set(mine) & set(ref))
    return row, results


def broken_copies(bodies: Iterable[bytes]) -> list[bytes]:
    """Each feed cut at 60 % of its length, and with a bare ``&`` in the first title."""
    out: list[bytes] = []
    for body in bodies:
        out.append(body[: len(body) * 6 // 10])
        out.append(body.replace(b"<title>", b"<title>Q&A ", 2))
    return out


def print_table(title: str, rows: list[Row], baseline: Row) -> None:
    print(f"\n{title}")
    head = f"{'parser':<22}{'feeds/s':>9}{'failed':>8}{'entries':>9}{'links=':>9}{'dates=':>9}"
    print(head + f"{'x feedparser':>14}")
    print("-" * (len(head) + 14))
    for row in rows:
        rate = row.feeds / row.seconds if row.seconds else float("inf")
        ratio = baseline.seconds / row.seconds if row.seconds else float("inf")
        links = f"{row.links_agree / row.compared:.1%}"
        dates = f"{row.dates_agree / row.compared:.1%}"
        print(
            f"{row.name:<22}{rate:>9.1f}{row.failed:>8}{row.entries:>9}"
            f"{links:>9}{dates:>9}{ratio:>13.2f}x"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warc", nargs="?", type=Path, default=DEFAULT_WARC)
    parser.add_argument("--repeat", type=int, default=3)
    args: Any = parser.parse_args(argv)
    feeds = read_feeds(args.warc)
    bodies = [body for _, body in feeds]
    print(f"{len(bodies)} feeds, {sum(map(len, bodies)) / 1e6:.1f} MB, mean of {args.repeat} runs")
    # The reference is feedparser on the clean feeds (all of them parse with bozo == 0).
    _, clean_ref = run("feedparser", bodies, 1, None)
    broken_ref = [ref for ref in clean_ref for _ in range(2)]
    for title, corpus, reference in (
        ("clean feeds", bodies, clean_ref),
        ("broken copies", broken_copies(bodies), broken_ref),
    ):
        rows = [run(name, corpus, args.repeat, reference)[0] for name in PARSERS]
        print_table(f"{title} ({len(corpus)} documents)", rows, rows[0])


if __name__ == "__main__":
    main()
