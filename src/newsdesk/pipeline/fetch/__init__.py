"""Polite, defensive HTTP fetching: limits, conditional GET, robots.txt, SSRF guard, replay.

>>> with Fetcher(FetchOptions()) as fetcher:  # doctest: +SKIP
...     result = fetcher.get("https://example.org/feed.xml", accept="application/rss+xml")
"""

from __future__ import annotations

import logging

from newsdesk.pipeline.fetch.charset import detect_encoding
from newsdesk.pipeline.fetch.fetcher import Fetcher
from newsdesk.pipeline.fetch.guard import AddressGuard, check_url
from newsdesk.pipeline.fetch.replay import REPLAY_HEADER, ReplayRecord, ReplayTransport
from newsdesk.pipeline.fetch.transport import GuardedTransport, make_transport

__all__ = [
    "REPLAY_HEADER",
    "AddressGuard",
    "Fetcher",
    "GuardedTransport",
    "ReplayRecord",
    "ReplayTransport",
    "check_url",
    "detect_encoding",
    "make_transport",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
