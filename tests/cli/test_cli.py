"""The ``newsdesk`` command as a user runs it: separate processes, their own SQLite file."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.httpserver import LocalServer
from tests.jobs.site import (
    article_html,
    hang_first_fetch,
    make_stories,
    publish_site,
    wait_for_request,
)

COMMANDS = ["init", "feeds", "crawl", "serve", "extract", "demo", "entities"]


def cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    env.update(
        NEWSDESK_DATA_DIR=str(data_dir),
        NEWSDESK_ALLOW_NETWORKS="127.0.0.1/32",
        NEWSDESK_HOST_DELAY="0",
        NEWSDESK_READ_TIMEOUT="3",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def newsdesk(
    data_dir: Path, *args: str, timeout: float = 60, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", *args],
        env=cli_env(data_dir, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def db_rows(data_dir: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(data_dir / "newsdesk.sqlite3") as db:
        return db.execute(sql).fetchall()


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(tmp_path: Path, command: str) -> None:
    result = newsdesk(tmp_path, command, "--help")
    assert result.returncode == 0
    assert "usage: newsdesk " + command in result.stdout


def test_add_crawl_list_crawl_again(tmp_path: Path, http_server: LocalServer) -> None:
    publish_site(http_server, make_stories(3))
    assert newsdesk(tmp_path, "init").returncode == 0
    added = newsdesk(tmp_path, "feeds", "add", http_server.url("/"))
    assert added.returncode == 0, added.stderr
    assert "Subscribed to " + http_server.url("/rss.xml") in added.stdout

    first = newsdesk(tmp_path, "crawl", "--once", "--quiet")
    assert first.returncode == 0, first.stderr
    assert "3 new articles, 3 extracted" in first.stdout

    listing = newsdesk(tmp_path, "feeds", "list")
    assert "Harbour Times" in listing.stdout and "200" in listing.stdout

    again = newsdesk(tmp_path, "crawl", "--once", "--quiet")
    assert "0 new articles" in again.stdout
    assert db_rows(tmp_path, "select count(*) from newsdesk_article") == [(3,)]

    exported = newsdesk(tmp_path, "feeds", "export")
    assert http_server.url("/rss.xml") in exported.stdout
    other = tmp_path / "other"
    opml = tmp_path / "subs.opml"
    opml.write_text(exported.stdout)
    imported = newsdesk(other, "feeds", "import", str(opml))
    assert "1 new feeds" in imported.stdout


def test_feeds_list_shows_errors(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.route("/rss.xml", "", status=500)
    opml = tmp_path / "one.opml"
    outline = f'<outline text="Broken" xmlUrl="{http_server.url("/rss.xml")}"/>'
    opml.write_text(f'<opml version="2.0"><body>{outline}</body></opml>')
    newsdesk(tmp_path, "feeds", "import", str(opml))
    newsdesk(tmp_path, "crawl", "--once", "--quiet")
    listing = newsdesk(tmp_path, "feeds", "list", "--errors")
    assert "HTTP 500" in listing.stdout and "error" in listing.stdout


def test_extract_a_file_as_json(tmp_path: Path) -> None:
    story = make_stories(1)[0]
    page = tmp_path / "page.html"
    page.write_text(article_html(story, "https://harbour.example/news/story-1"))
    result = newsdesk(tmp_path, "extract", str(page), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == story.title
    assert data["authors"] == ["Maria Jensen"]
    assert data["published"].startswith("2026-02-10T07:00:00")
    assert "public park" in data["text"]


def test_demo_without_network_or_replay_says_so(tmp_path: Path) -> None:
    opml = tmp_path / "unreachable.opml"
    # Port 9 on 127.0.0.1: connection refused, the same answer as no network.
    opml.write_text(
        '<opml version="2.0"><body><outline xmlUrl="http://127.0.0.1:9/feed"/></body></opml>'
    )
    result = newsdesk(tmp_path, "demo", "--opml", str(opml), "--no-serve", timeout=30)
    assert result.returncode == 2
    assert "could not reach the network" in result.stderr
    assert "--replay FILE.warc.gz" in result.stderr


def test_worker_killed_mid_job_only_delays_the_work(
    tmp_path: Path, http_server: LocalServer
) -> None:
    stories = make_stories(2, prefix="slow")
    publish_site(http_server, stories)
    calls = hang_first_fetch(http_server, stories[0])  # the worker is killed while waiting
    env = {"NEWSDESK_JOB_LEASE": "2", "NEWSDESK_READ_TIMEOUT": "60", "NEWSDESK_WORKERS": "1"}
    newsdesk(tmp_path, "feeds", "add", http_server.url("/rss.xml"), **env)
    worker = subprocess.Popen(
        [sys.executable, "-m", "newsdesk.cli", "crawl", "--once", "--quiet"],
        env=cli_env(tmp_path, **env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_request(calls)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    time.sleep(2.5)  # the killed worker's lease runs out

    result = newsdesk(tmp_path, "crawl", "--once", "--quiet", **env)
    assert result.returncode == 0, result.stderr
    rows = db_rows(tmp_path, "select url, extraction from newsdesk_article order by url")
    assert rows == sorted((http_server.url(f"/news/{s.slug}"), "ok") for s in stories)


def test_serve_shows_articles_and_stops_cleanly(tmp_path: Path, http_server: LocalServer) -> None:
    stories = make_stories(2)
    publish_site(http_server, stories)
    newsdesk(tmp_path, "feeds", "add", http_server.url("/rss.xml"))
    newsdesk(tmp_path, "crawl", "--once", "--quiet")
    port = _free_port()
    server = _start_in_background(tmp_path, "serve", "--port", str(port))
    try:
        page = _get_when_up(f"http://127.0.0.1:{port}/")
        assert page.status_code == 200
        assert stories[0].title in page.text
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=60)
    assert server.returncode == 0, output
    assert "Stopped." in output


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_crawl_stops_cleanly_on_a_signal(
    tmp_path: Path, http_server: LocalServer, signum: signal.Signals
) -> None:
    """A service manager's SIGTERM and Ctrl-C stop `newsdesk crawl` after its jobs,
    also when the shell that started it left SIGINT ignored (a background start)."""
    publish_site(http_server, make_stories(1))
    newsdesk(tmp_path, "feeds", "add", http_server.url("/rss.xml"))
    crawler = _start_in_background(tmp_path, "crawl", "--quiet")
    try:
        assert crawler.stdout is not None
        assert "Crawling" in crawler.stdout.readline()
    finally:
        crawler.send_signal(signum)
        output, _ = crawler.communicate(timeout=60)
    assert crawler.returncode == 130, output
    assert "Stopped after" in output


def _start_in_background(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    """A newsdesk command as a non-interactive shell starts one in the background: with
    SIGINT ignored (Ctrl-C must still stop it)."""
    return subprocess.Popen(
        [sys.executable, "-m", "newsdesk.cli", *args],
        env=cli_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),  # noqa: PLW1509
    )


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _get_when_up(url: str, timeout: float = 30) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
