from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.config import Config, load_config
from newsdesk.jobs.context import JobContext
from newsdesk.jobs.queue import InlineQueue
from newsdesk.pipeline.fetch import Fetcher


def make_config(tmp_path: Path, **options: str) -> Config:
    env = {
        "NEWSDESK_DATA_DIR": str(tmp_path),
        "NEWSDESK_SECRET_KEY": "x" * 50,
        # The test site lives on 127.0.0.1: allow exactly that, nothing else private.
        "NEWSDESK_ALLOW_NETWORKS": "127.0.0.1/32",
        "NEWSDESK_HOST_DELAY": "0",
        "NEWSDESK_READ_TIMEOUT": "2",
        "NEWSDESK_CONNECT_TIMEOUT": "2",
    }
    env.update({f"NEWSDESK_{k.upper()}": v for k, v in options.items()})
    return load_config(env)


@pytest.fixture
def job_ctx(tmp_path: Path) -> Iterator[JobContext]:
    config = make_config(tmp_path)
    with Fetcher(config.fetch_options) as fetcher:
        yield JobContext(config=config, fetcher=fetcher, queue=InlineQueue())
