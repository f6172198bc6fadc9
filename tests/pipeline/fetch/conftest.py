from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest

from newsdesk.pipeline.fetch import Fetcher
from newsdesk.pipeline.types import FetchOptions

#: The test server lives on 127.0.0.1: allow loopback (the SSRF tests use their own options).
LOCAL = FetchOptions(
    allow_networks=("127.0.0.0/8",),
    host_delay=0.0,
    connect_timeout=2.0,
    read_timeout=2.0,
    max_backoff=0.05,
    total_timeout=10.0,
)

MakeFetcher = Callable[..., Fetcher]


@pytest.fixture
def make_fetcher() -> Iterator[MakeFetcher]:
    """Build Fetchers with LOCAL options overridden by keyword; all closed afterwards."""
    made: list[Fetcher] = []

    def make(**overrides: object) -> Fetcher:
        fetcher = Fetcher(replace(LOCAL, **overrides))  # type: ignore[arg-type]
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        fetcher.close()


@pytest.fixture
def fetcher(make_fetcher: MakeFetcher) -> Fetcher:
    return make_fetcher()
