"""Web benchmark: requests per second and p50/p99 latency of newsdesk's pages (top stories,
story, article, Latest, search) at 1, 8 and 32 concurrent clients on loopback, against the
same article HTML served as a static file by the same server software (waitress) in the
same run.

    python bench/web.py [--articles 100000] [--database-url postgres://...] [--seconds 5]
                        [--data-dir DIR]   # reuse a seeded SQLite database between runs

Rows: ``article`` asks for one article again and again (a popular page: after the first
request it is a page-cache hit for these anonymous clients); ``article*`` asks for a
different article each time out of 20,000 (mostly cache misses: the rendering path);
``search`` cycles through 200 two-word queries drawn from the corpus' vocabulary.

The text is drawn from a synthetic vocabulary with a Zipf distribution (a few very common
words, a long tail), so search terms have realistic posting-list lengths. Stories group
1-12 articles from different outlets; every article has four related articles. On PostgreSQL
the seeded database is vacuumed and analysed first, as autovacuum keeps a live one.

Seeding writes rows in bulk (a benchmark fixture, not an application write path), so the
search index triggers / generated column do their real work. The servers run as separate
processes (``newsdesk serve --no-crawl`` and a one-file waitress app), so the load
generator's threads do not share their GIL.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
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

SYLLABLES = [
    "ka", "lo", "mi", "ne", "ro", "ta", "vi", "su", "pe", "da", "ri", "mo", "le", "sa",
    "to", "ni", "ba", "ge", "fu", "ko", "ma", "re", "ti", "no", "ha", "se", "zu", "wa",
]  # fmt: skip
COMMON = ["the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as"]


def vocabulary(size: int, rng: random.Random) -> list[str]:
    """``size`` distinct words: a dozen function words, then 2-4 syllable pseudo-words."""
    words = list(COMMON)
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def zipf_sampler(words: list[str], rng: random.Random, s: float = 1.07):
    """Draws words with probability proportional to 1 / rank**s (Zipf's law)."""
    weights = list(itertools.accumulate(1 / (rank**s) for rank in range(1, len(words) + 1)))

    def draw(k: int) -> list[str]:
        return rng.choices(words, cum_weights=weights, k=k)

    return draw


def seed(count: int) -> dict[str, object]:
    from django.core.management import call_command
    from django.db import connection, transaction

    from newsdesk.serve.web.links import article_path
    from newsdesk.store.actions.feeds import do_add_feed
    from newsdesk.store.models import (
        Article,
        ExtractionState,
        Story,
    )

    call_command("migrate", verbosity=0)
    rng = random.Random(6)
    words = vocabulary(30_000, rng)
    draw = zipf_sampler(words, rng)
    if Article.objects.count() < count:
        now = datetime.now(UTC)
        feeds = [
            do_add_feed(
                f"https://site{i}.example/feed.xml", now=now, interval=1800, title=f"Site {i}"
            ).feed
            for i in range(50)
        ]
        started = time.perf_counter()
        batch: list[Article] = []
        for n in range(count):
            text_words = draw(300)
            title = draw(8)
            text = "\n\n".join(" ".join(text_words[i : i + 60]) for i in range(0, 300, 60))
            feed = feeds[n % len(feeds)]
            batch.append(
                Article(
                    url=f"https://site{n % 50}.example/a/{n}",
                    link=f"https://site{n % 50}.example/a/{n}",
                    source_id=feed.source_id,
                    title=" ".join(title).capitalize(),
                    authors=["A. Writer"],
                    published=now - timedelta(minutes=count - n),
                    listed_at=now - timedelta(minutes=count - n),
                    section=rng.choice(["World", "Politics", "Business", "Sport"]),
                    summary=" ".join(text_words[:32]),
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
        seed_stories(rng)
        print(f"seeded stories in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    if connection.vendor == "postgresql":
        # A live database has statistics and a visibility map (autovacuum); a bulk load
        # has neither until autovacuum catches up, which would time autovacuum, not us.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    middle = Article.objects.get(pk=ids[len(ids) // 2])
    many = [article_path(a) for a in Article.objects.filter(pk__in=rng.sample(ids, 20_000))]
    story = Story.objects.order_by("-source_count", "-last_seen", "-pk").first()
    queries = ["/search/?q=" + "+".join(rng.sample(words[200:3000], 2)) for _ in range(200)]
    return {
        "stories": "/stories/",
        "story": f"/story/{story.pk}/" if story else "/stories/",
        "article": article_path(middle),
        "article*": many,
        "latest": "/",
        "search": queries,
    }


def seed_stories(rng: random.Random) -> None:
    """Stories of 1-12 consecutive articles (different outlets); four related each."""
    from django.db import transaction

    from newsdesk.store.models import (
        Article,
        MembershipKind,
        RelatedArticle,
        Story,
        StoryMembership,
    )

    rows = list(Article.objects.order_by("pk").values_list("pk", "source_id", "published", "title"))
    sequence = 0
    stories, members, related = [], [], []
    i = 0
    while i < len(rows):
        size = min(len(rows) - i, 1 + int(rng.expovariate(0.35)) % 12)
        group = rows[i : i + size]
        i += size
        first = group[0]
        stories.append(
            (
                Story(
                    key=first[0],
                    headline=first[3],
                    language="en",
                    first_seen=group[0][2],
                    last_seen=group[-1][2],
                    article_count=size,
                    source_count=len({g[1] for g in group}),
                    first_article_id=first[0],
                ),
                group,
            )
        )
    with transaction.atomic():
        Story.objects.bulk_create([s for s, _ in stories], batch_size=2000)
    for story, group in stories:
        for n, (pk, _source, published, _title) in enumerate(group):
            sequence += 1
            members.append(
                StoryMembership(
                    article_id=pk,
                    story_id=story.pk,
                    kind=MembershipKind.NEW if n == 0 else MembershipKind.JOINED,
                    time=published,
                    sequence=sequence,
                )
            )
            others = [g[0] for g in group if g[0] != pk][:4]
            while len(others) < 4:
                others.append(rows[rng.randrange(len(rows))][0])
            related.extend(
                RelatedArticle(
                    article_id=pk, related_id=o, rank=r, score=0.5, same_story=r < size - 1
                )
                for r, o in enumerate(others)
            )
    with transaction.atomic():
        StoryMembership.objects.bulk_create(members, batch_size=2000)
        RelatedArticle.objects.bulk_create(related, batch_size=2000)


def load(
    port: int, paths: str | list[str], clients: int, seconds: float
) -> tuple[float, float, float]:
    """(requests per second, p50 ms, p99 ms) with ``clients`` keep-alive connections; a
    list of paths is cycled through (each client starts at its own offset)."""
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    cycle = [paths] if isinstance(paths, str) else paths

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        n = offset
        while time.perf_counter() < deadline:
            path = cycle[n % len(cycle)]
            n += 1
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

    threads = [threading.Thread(target=client, args=(k * 997,)) for k in range(clients)]
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
    for _ in range(300):
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
serve(app, host="127.0.0.1", port=int(sys.argv[2]), threads=int(sys.argv[3]), _quiet=True)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--threads", type=int, default=8, help="waitress threads (both servers)")
    parser.add_argument("--pages", default="", help="comma-separated subset of the rows")
    parser.add_argument("--data-dir", default="", help="keep the SQLite database here")
    args = parser.parse_args()
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="newsdesk-webbench-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, NEWSDESK_DATA_DIR=str(data_dir), NEWSDESK_LOG_LEVEL="ERROR",
               DJANGO_SETTINGS_MODULE="newsdesk.settings")  # fmt: skip
    if args.database_url:
        env["NEWSDESK_DATABASE_URL"] = args.database_url
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    paths = seed(args.articles)
    if args.pages:
        paths = {k: v for k, v in paths.items() if k in args.pages.split(",")}
    vendor = connection.vendor
    connection.close()
    app_port, static_port = 8765, 8766
    app = subprocess.Popen(
        [sys.executable, "-m", "newsdesk.cli", "serve", "--no-crawl", "--port", str(app_port),
         "--threads", str(args.threads)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    static = None
    try:
        wait_for(app_port)
        conn = http.client.HTTPConnection("127.0.0.1", app_port)
        conn.request("GET", seed_article(paths))
        html_file = data_dir / "article.html"
        html_file.write_bytes(conn.getresponse().read())
        static = subprocess.Popen(
            [sys.executable, "-c", STATIC_APP, str(html_file), str(static_port), str(args.threads)],
            stderr=subprocess.DEVNULL,
        )
        wait_for(static_port)
        print(
            f"\n{args.articles} articles on {vendor}; {args.seconds:.0f}s a cell; "
            f"waitress, {args.threads} threads; static = the article page's "
            f"{html_file.stat().st_size} bytes\n"
        )
        header = ("page", "clients", "rps", "p50 ms", "p99 ms", "static rps", "ratio")
        print("| {:<9}| {:>7} | {:>7} | {:>7} | {:>7} | {:>10} | {:>6} |".format(*header))
        print("|---|---|---|---|---|---|---|")
        for clients in [int(c) for c in args.clients.split(",")]:
            ceiling = load(static_port, "/", clients, args.seconds)
            for name, path in paths.items():
                rps, p50, p99 = load(app_port, path, clients, args.seconds)  # type: ignore[arg-type]
                ratio = rps / ceiling[0]
                print(
                    f"| {name:<9}| {clients:>7} | {rps:>7.0f} | {p50:>7.1f} | {p99:>7.1f} "
                    f"| {ceiling[0]:>10.0f} | {ratio:>6.2f} |",
                    flush=True,
                )
            print(
                f"| {'static':<9}| {clients:>7} | {ceiling[0]:>7.0f} | {ceiling[1]:>7.1f} "
                f"| {ceiling[2]:>7.1f} | {'':>10} | {'':>6} |",
                flush=True,
            )
    finally:
        app.terminate()
        if static is not None:
            static.terminate()
    return 0


def seed_article(paths: dict[str, object]) -> str:
    """The path whose HTML becomes the static baseline: the article page."""
    first = paths.get("article") or next(iter(paths.values()))
    return first if isinstance(first, str) else str(first[0])  # type: ignore[index]


if __name__ == "__main__":
    raise SystemExit(main())
