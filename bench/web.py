"""Web benchmark: requests per second and p50/p99 latency of newsdesk's pages (latest,
article, search) at 1, 8 and 32 concurrent clients on loopback, against the same HTML
served as a static file by the same server software (waitress) in the same run.

    python bench/web.py [--articles 100000] [--database-url postgres://...] [--seconds 5]

Seeding writes rows in bulk (a benchmark fixture, not an application write path), so the
search index triggers / generated column do their real work. The servers run as separate
processes (``newsdesk serve --no-crawl`` and a one-file waitress app), so the load
generator's threads do not share their GIL.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

WORDS = [
    "earthquake", "coast", "rescue", "budget", "parliament", "election", "storm", "market",
    "energy", "climate", "health", "school", "court", "police", "border", "trade", "football",
    "science", "space", "water", "city", "council", "minister", "report", "vote", "strike",
    "rail", "price", "housing", "farm", "river", "fire", "bank", "tech", "chip",
]  # fmt: skip


def seed(count: int) -> dict[str, str]:
    from django.core.management import call_command
    from django.db import transaction

    from newsdesk.serve.web.links import article_path
    from newsdesk.store.actions.feeds import do_add_feed
    from newsdesk.store.models import Article, ExtractionState

    call_command("migrate", verbosity=0)
    rng = random.Random(6)
    now = datetime.now(UTC)
    feeds = [
        do_add_feed(
            f"https://site{i}.example/feed.xml", now=now, interval=1800, title=f"Site {i}"
        ).feed
        for i in range(50)
    ]
    batch: list[Article] = []
    started = time.perf_counter()
    for n in range(count):
        words = [rng.choice(WORDS) for _ in range(300)]
        text = "\n\n".join(" ".join(words[i : i + 60]) for i in range(0, 300, 60))
        feed = feeds[n % len(feeds)]
        batch.append(
            Article(
                url=f"https://site{n % 50}.example/a/{n}",
                link=f"https://site{n % 50}.example/a/{n}",
                source_id=feed.source_id,
                title=" ".join(words[:8]).capitalize(),
                authors=["A. Writer"],
                published=now - timedelta(minutes=n),
                listed_at=now - timedelta(minutes=n),
                section=rng.choice(["World", "Politics", "Business", "Sport"]),
                summary=" ".join(words[8:40]),
                body_text=text,
                body_html="".join(f"<p>{p}</p>" for p in text.split("\n\n")),
                word_count=300,
                extraction=ExtractionState.OK,
            )
        )
        if len(batch) == 2000:
            with transaction.atomic():
                Article.objects.bulk_create(batch)
            batch = []
    if batch:
        with transaction.atomic():
            Article.objects.bulk_create(batch)
    print(f"seeded {count} articles in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    middle = Article.objects.order_by("-published")[count // 2]
    return {
        "latest": "/",
        "article": article_path(middle),
        "search": "/search/?q=earthquake+budget",
    }


def load(port: int, path: str, clients: int, seconds: float) -> tuple[float, float, float]:
    """(requests per second, p50 ms, p99 ms) with ``clients`` keep-alive connections."""
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{path}: HTTP {response.status}")
            mine.append(time.perf_counter() - start)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(latencies) / elapsed, statistics.median(latencies) * 1000, p99 * 1000


def wait_for(port: int) -> None:
    for _ in range(200):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on port {port} did not start")


STATIC_APP = """
import sys
from waitress import serve
body = open(sys.argv[1], "rb").read()
def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                              ("Content-Length", str(len(body)))])
    return [body]
serve(app, host="127.0.0.1", port=int(sys.argv[2]), threads=8, _quiet=True)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", default="1,8,32")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="newsdesk-webbench-"))
    env = dict(os.environ, NEWSDESK_DATA_DIR=str(data_dir), NEWSDESK_LOG_LEVEL="ERROR",
               DJANGO_SETTINGS_MODULE="newsdesk.settings")  # fmt: skip
    if args.database_url:
        env["NEWSDESK_DATABASE_URL"] = args.database_url
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    paths = seed(args.articles)
    vendor = connection.vendor
    connection.close()
    app_port, static_port = 8765, 8766
    app = subprocess.Popen(
        [sys.executable, "-m", "newsdesk.cli", "serve", "--no-crawl", "--port", str(app_port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    static = None
    try:
        wait_for(app_port)
        conn = http.client.HTTPConnection("127.0.0.1", app_port)
        conn.request("GET", paths["article"])
        html_file = data_dir / "article.html"
        html_file.write_bytes(conn.getresponse().read())
        static = subprocess.Popen(
            [sys.executable, "-c", STATIC_APP, str(html_file), str(static_port)]
        )
        wait_for(static_port)
        print(f"\n{args.articles} articles on {vendor}; {args.seconds:.0f}s a cell; waitress\n")
        header = ("page", "clients", "rps", "p50 ms", "p99 ms", "static rps", "ratio")
        print("{:<10}{:>8}{:>10}{:>9}{:>9}{:>12}{:>8}".format(*header))
        for clients in [int(c) for c in args.clients.split(",")]:
            ceiling = load(static_port, "/", clients, args.seconds)
            for name, path in paths.items():
                rps, p50, p99 = load(app_port, path, clients, args.seconds)
                ratio = rps / ceiling[0]
                print(
                    f"{name:<10}{clients:>8}{rps:>10.0f}{p50:>9.1f}{p99:>9.1f}"
                    f"{ceiling[0]:>12.0f}{ratio:>8.2f}"
                )
            print(
                f"{'static':<10}{clients:>8}{ceiling[0]:>10.0f}{ceiling[1]:>9.1f}{ceiling[2]:>9.1f}"
            )
    finally:
        app.terminate()
        if static is not None:
            static.terminate()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
