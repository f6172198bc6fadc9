from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.config import load_config
from newsdesk.jobs.cluster_articles import StoryEngine
from newsdesk.jobs.context import JobContext
from newsdesk.jobs.queue import InlineQueue
from newsdesk.jobs.scheduler import crawl_once
from newsdesk.pipeline.fetch import Fetcher
from newsdesk.store.models import StoryMembership
from tests.stories.factory import FED, KURSK, stored_article

pytestmark = pytest.mark.django_db


def test_crawl_clusters_extracted_articles_in_arrival_order(
    engine: StoryEngine, tmp_path: Path
) -> None:
    first = stored_article("bbc.co.uk", 1, "Ukraine pushes into Kursk", KURSK)
    second = stored_article("ft.com", 2, "Fed holds rates steady", FED)
    config = load_config({"NEWSDESK_SECRET_KEY": "x" * 50, "NEWSDESK_DATA_DIR": str(tmp_path)})
    with Fetcher(config.fetch_options) as fetcher:
        ctx = JobContext(config=config, fetcher=fetcher, queue=InlineQueue(), stories=engine)
        stats = crawl_once(ctx)
    assert stats.clustered == 2
    rows = list(StoryMembership.objects.order_by("sequence").values_list("article_id", flat=True))
    assert rows == [first.pk, second.pk]
    assert not engine.busy.is_set()
    assert crawl_once(ctx).clustered == 0
