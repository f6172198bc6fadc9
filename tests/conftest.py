from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.httpserver import LocalServer, RunningServer


@pytest.fixture
def http_server() -> Iterator[LocalServer]:
    """A real HTTP server on 127.0.0.1 with per-test routes."""
    with RunningServer() as server:
        yield server
