"""``newsdesk worker`` processes against a real Redis (127.0.0.1:6379) and an SQLite file:
``newsdesk crawl`` with NEWSDESK_QUEUE=dramatiq only schedules; the workers run the jobs."""

from __future__ import annotations

import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.test_cli import cli_env, db_rows, newsdesk
from tests.httpserver import LocalServer
from tests.jobs.site import (
    hang_first_fetch,
    make_stories,
    publish_site,
    wait_for_request,
)
from tests.jobs.test_dramatiq import REDIS, remove_queue_keys


@pytest.fixture
def broker_env() -> Iterator[dict[str, str]]:
    name = f"test-{uuid.uuid4().hex}"
    yield {
        "NEWSDESK_QUEUE": "dramatiq",
        "NEWSDESK_BROKER_URL": REDIS,
        "NEWSDESK_BROKER_QUEUE": name,
    }
    remove_queue_keys(name)


def start_worker(data_dir: Path, env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsdesk.cli", "worker", *args],
        env=cli_env(data_dir, **env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(process: subprocess.Popen[bytes]) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=30)


def test_crawl_schedules_and_worker_processes_run_the_jobs(
    tmp_path: Path, http_server: LocalServer, broker_env: dict[str, str]
) -> None:
    stories = make_stories(3)
    publish_site(http_server, stories)
    assert newsdesk(tmp_path, "feeds", "add", http_server.url("/rss.xml")).returncode == 0
    worker = start_worker(tmp_path, broker_env, "--processes", "2", "--threads", "2")
    try:
        crawl = newsdesk(tmp_path, "crawl", "--once", "--quiet", **broker_env)
    finally:
        assert stop(worker) == 0
    assert crawl.returncode == 0, crawl.stderr
    assert "4 jobs run by workers" in crawl.stdout
    rows = db_rows(tmp_path, "select url, extraction from newsdesk_article order by url")
    assert rows == sorted((http_server.url(f"/news/{s.slug}"), "ok") for s in stories)


def test_a_worker_killed_mid_job_loses_nothing(
    tmp_path: Path, http_server: LocalServer, broker_env: dict[str, str]
) -> None:
    stories = make_stories(2, prefix="slow")
    publish_site(http_server, stories)
    calls = hang_first_fetch(http_server, stories[0])  # the worker is killed while waiting
    env = {**broker_env, "NEWSDESK_JOB_LEASE": "2", "NEWSDESK_READ_TIMEOUT": "60"}
    newsdesk(tmp_path, "feeds", "add", http_server.url("/rss.xml"), **env)
    doomed = start_worker(tmp_path, env, "--threads", "1")
    crawl = subprocess.Popen(
        [sys.executable, "-m", "newsdesk.cli", "crawl", "--once", "--quiet"],
        env=cli_env(tmp_path, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for_request(calls)
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=10)
    rescuer = start_worker(tmp_path, env, "--threads", "1")
    try:
        # The crawl re-leases the article once the dead worker's lease (2 s) expires.
        _, err = crawl.communicate(timeout=60)
    finally:
        assert stop(rescuer) == 0
    assert crawl.returncode == 0, err
    assert len(calls) == 2
    rows = db_rows(tmp_path, "select url, extraction from newsdesk_article order by url")
    assert rows == sorted((http_server.url(f"/news/{s.slug}"), "ok") for s in stories)


def test_worker_without_redis_says_so(tmp_path: Path) -> None:
    result = newsdesk(
        tmp_path, "worker", NEWSDESK_QUEUE="dramatiq", NEWSDESK_BROKER_URL="redis://127.0.0.1:9/0"
    )
    assert result.returncode == 2
    assert "cannot reach the job broker NEWSDESK_BROKER_URL=redis://127.0.0.1:9/0" in result.stderr
