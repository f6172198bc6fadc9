"""``newsdesk demo``: see the product working in one command.

Online, it follows the bundled list of public news feeds (``default_feeds.opml``). With
``--replay FILE.warc.gz`` it runs the whole pipeline offline on a recorded web: every feed
recorded in the WARC is followed and every page is answered from the recording.
"""

from __future__ import annotations

from dataclasses import replace
from importlib.resources import files

from newsdesk.pipeline.errors import FetchError, HTTPStatusError
from newsdesk.pipeline.fetch import Fetcher, make_transport
from newsdesk.pipeline.types import FetchOptions, OutlineEntry

FEED_TYPES = ("rss", "atom", "feed+json", "/xml", "+xml")


def default_opml() -> bytes:
    """The bundled OPML of real public news feeds, a few dozen across regions and topics."""
    return files("newsdesk.demo").joinpath("default_feeds.opml").read_bytes()


def recorded_feeds(records: list[tuple[str, str]]) -> list[OutlineEntry]:
    """Feeds among recorded ``(url, content_type)`` pairs (a WARC's responses)."""
    feeds = []
    for url, content_type in records:
        kind = content_type.split(";")[0].strip().lower()
        if any(marker in kind for marker in FEED_TYPES) and "html" not in kind:
            feeds.append(OutlineEntry(xml_url=url))
    return feeds


def network_reachable(options: FetchOptions, urls: list[str], attempts: int = 3) -> bool:
    """Whether any of the first ``attempts`` feed URLs answers at all (quickly, no retries)."""
    quick = replace(options, retries=0, connect_timeout=5.0, read_timeout=5.0, host_delay=0.0)
    with Fetcher(quick, transport=make_transport((), quick)) as fetcher:
        for url in urls[:attempts]:
            try:
                fetcher.get(url)
            except HTTPStatusError:
                return True  # an HTTP answer, even an error, means the network works
            except FetchError:
                continue
            return True
    return False
