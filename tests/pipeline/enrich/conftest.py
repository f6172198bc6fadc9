from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.openai_server import OpenAIServer, RunningOpenAIServer

from newsdesk.pipeline.enrich.embed import EmbedOptions, MiniLMEmbedder


@pytest.fixture(scope="session")
def minilm() -> MiniLMEmbedder:
    """The real installed embedding model, loaded once for the session."""
    return MiniLMEmbedder(EmbedOptions(threads=1))


@pytest.fixture
def openai_server() -> Iterator[OpenAIServer]:
    with RunningOpenAIServer() as server:
        yield server
