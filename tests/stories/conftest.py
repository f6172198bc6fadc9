from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.config import load_config
from newsdesk.jobs.cluster_articles import StoryEngine, make_story_engine
from newsdesk.pipeline.enrich.embed import MiniLMEmbedder


@pytest.fixture(scope="session")
def embedder() -> MiniLMEmbedder:
    return MiniLMEmbedder()


@pytest.fixture
def engine(tmp_path: Path, embedder: MiniLMEmbedder) -> StoryEngine:
    config = load_config({"NEWSDESK_DATA_DIR": str(tmp_path), "NEWSDESK_SECRET_KEY": "x" * 50})
    return make_story_engine(config, embedder)
