from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from newsdesk.pipeline.enrich.embed import MiniLMEmbedder

from tests.httpserver import LocalServer, RunningServer


@pytest.fixture
def http_server() -> Iterator[LocalServer]:
    """A real HTTP server on 127.0.0.1 with per-test routes."""
    with RunningServer() as server:
        yield server


@pytest.fixture(scope="session")
def minilm() -> MiniLMEmbedder:
    """The real installed embedding model, loaded once for the session (single thread)."""
    from newsdesk.pipeline.enrich.embed import EmbedOptions, MiniLMEmbedder

    return MiniLMEmbedder(EmbedOptions(threads=1))


@pytest.fixture(autouse=True)
def _empty_page_cache() -> Iterator[None]:
    """Each test starts with an empty cache (database rollbacks reuse ids and versions)."""
    yield
    from django.core.cache import caches

    caches["default"].clear()
