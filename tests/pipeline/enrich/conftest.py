from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.openai_server import OpenAIServer, RunningOpenAIServer


@pytest.fixture
def openai_server() -> Iterator[OpenAIServer]:
    with RunningOpenAIServer() as server:
        yield server
