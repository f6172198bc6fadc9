"""The ``dramatiq`` queue backend against a real Redis on 127.0.0.1:6379: the scheduler
sends named jobs, real Dramatiq workers (threads here, ``newsdesk worker`` processes in
the CLI tests) run them against the real database. Each test uses its own queue name and
removes its keys afterwards."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from newsdesk.config import Config
from newsdesk.jobs.context import JobContext
from newsdesk.jobs.distributed import DramatiqQueue, make_broker, make_worker
from newsdesk.jobs.queue import RAN_ELSEWHERE, InlineQueue
from newsdesk.jobs.scheduler import crawl_once
from newsdesk.jobs.subscribe import subscribe_url
from newsdesk.pipeline.errors import ConfigError
from newsdesk.pipeline.fetch import Fetcher
from newsdesk.store.actions.articles import do_lease_pending_articles
from newsdesk.store.models import Article, ExtractionState, Feed
from tests.httpserver import LocalServer, Request, Response
from tests.jobs.conftest import make_config
from tests.jobs.site import article_html, make_stories, publish_site

REDIS = "redis://127.0.0.1:6379/0"


def remove_queue_keys(queue_name: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS)
    keys = [*client.scan_iter(f"dramatiq:{queue_name}*")]
    keys += [*client.scan_iter(f"dramatiq:__acks__.*.{queue_name}*")]
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def config(tmp_path: Path) -> Iterator[Config]:
    name = f"test-{uuid.uuid4().hex}"
    yield make_config(tmp_path, queue="dramatiq", broker_url=REDIS, broker_queue=name)
    remove_queue_keys(name)


@pytest.fixture
def worker_ctx(config: Config) -> Iterator[JobContext]:
    """The worker machine's context: its own fetcher; its jobs submit nothing."""
    with Fetcher(config.fetch_options) as fetcher:
        yield JobContext(config=config, fetcher=fetcher, queue=InlineQueue())


def start_worker(config: Config, ctx: JobContext, threads: int = 2) -> Any:
    worker = make_worker(config, ctx, threads)
    worker.start()
    return worker


def stop_worker(worker: Any) -> None:
    worker.stop()
    worker.broker.close()


@pytest.mark.django_db(transaction=True)
def test_scheduled_jobs_run_in_a_dramatiq_worker(
    http_server: LocalServer, config: Config, worker_ctx: JobContext
) -> None:
    stories = make_stories(3)
    publish_site(http_server, stories)
    queue = DramatiqQueue.connect(config)
    with Fetcher(config.fetch_options) as fetcher:
        ctx = JobContext(config=config, fetcher=fetcher, queue=queue)
        subscribe_url(JobContext(config, fetcher, InlineQueue()), http_server.url("/"))
        worker = start_worker(config, worker_ctx)
        try:
            stats = crawl_once(ctx)
        finally:
            stop_worker(worker)
            queue.shutdown()
    assert Feed.objects.get().last_status == 200
    assert stats.ran_elsewhere == 4  # one feed, three articles
    rows = sorted(Article.objects.values_list("url", "extraction"))
    assert rows == sorted((http_server.url(f"/news/{s.slug}"), "ok") for s in stories)


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_does_not_flood_the_broker(config: Config) -> None:
    small = DramatiqQueue(make_broker(config), config.broker_queue, backlog=3, lease=60)
    done: list[object] = []
    with Fetcher(config.fetch_options) as fetcher:
        ctx = JobContext(config=config, fetcher=fetcher, queue=small)
        for pk in (1, 2):
            small.submit(ctx, "extract_article", (pk,), done.append)
        # No worker: both wait in Redis, one slot is left and nothing has finished.
        assert small.free_slots() == 1
        assert small.wait_idle(timeout=0.1) is False
        assert done == []
        worker = start_worker(config, ctx)
        try:
            assert small.wait_idle(timeout=20)
        finally:
            stop_worker(worker)
        assert done == [RAN_ELSEWHERE, RAN_ELSEWHERE]  # no result comes back
        assert small.free_slots() == 3
    small.shutdown()


@pytest.mark.django_db(transaction=True)
def test_a_message_delivered_twice_processes_the_row_once(
    http_server: LocalServer, config: Config, worker_ctx: JobContext
) -> None:
    stories = make_stories(1)
    publish_site(http_server, stories)
    url = http_server.url(f"/news/{stories[0].slug}")
    fetches: list[str] = []

    def page(request: Request) -> Response:
        fetches.append(request.path)
        return 200, {"Content-Type": "text/html"}, article_html(stories[0], url).encode()

    http_server.handle(f"/news/{stories[0].slug}", page)
    subscribe_url(worker_ctx, http_server.url("/"))
    crawl_once(worker_ctx)  # inline: the feed is polled and its one article extracted
    fetches.clear()
    Article.objects.update(extraction=ExtractionState.PENDING)
    [pk] = do_lease_pending_articles(worker_ctx.clock(), limit=5, lease=timedelta(minutes=5))

    queue = DramatiqQueue.connect(config)
    for _ in range(2):  # the same job twice, as a broker redelivers it
        queue.submit(worker_ctx, "extract_article", (pk,))
    worker = start_worker(config, worker_ctx, threads=1)
    try:
        assert queue.wait_idle(timeout=20)
    finally:
        stop_worker(worker)
        queue.shutdown()
    assert fetches == [f"/news/{stories[0].slug}"]
    assert Article.objects.get(pk=pk).extraction == ExtractionState.OK


def test_unreachable_redis_is_a_clear_error(tmp_path: Path) -> None:
    config = make_config(tmp_path, queue="dramatiq", broker_url="redis://127.0.0.1:9/0")
    with pytest.raises(ConfigError, match=r"cannot reach the job broker .*127\.0\.0\.1:9"):
        make_broker(config)


def test_missing_extra_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dramatiq.brokers.redis", None)
    config = make_config(tmp_path, queue="dramatiq", broker_url=REDIS)
    with pytest.raises(ConfigError, match=r"pip install 'newsdesk\[distributed\]'"):
        make_broker(config)


def test_unknown_queue_backend_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="NEWSDESK_QUEUE"):
        make_config(tmp_path, queue="celery")
