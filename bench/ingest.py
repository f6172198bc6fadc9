"""Ingest benchmark: articles per second through the whole newsdesk pipeline (parse feeds,
fetch pages from a WARC replay, extract, store in SQLite) against bare
``trafilatura.extract`` on the same pages, in the same run. Prints a table with the ratio
and each side's peak memory (each side runs in its own process).

    python bench/ingest.py --replay ../shared/data/replay/news.warc.gz [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_pipeline(replay: Path, workers: int, urls_out: Path) -> dict[str, float]:
    data_dir = Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))
    os.environ.update(
        NEWSDESK_DATA_DIR=str(data_dir),
        NEWSDESK_REPLAY=str(replay),
        NEWSDESK_HOST_DELAY="0",
        NEWSDESK_WORKERS=str(workers),
        NEWSDESK_QUEUE="thread",
        NEWSDESK_LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="newsdesk.settings",
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from newsdesk.demo import recorded_feeds
    from newsdesk.jobs.runtime import job_context
    from newsdesk.jobs.scheduler import crawl_once
    from newsdesk.jobs.subscribe import import_outlines
    from newsdesk.store.models import Article, ExtractionState

    call_command("migrate", verbosity=0)
    with job_context(settings.NEWSDESK) as ctx:
        feeds = recorded_feeds(ctx.fetcher.recorded())
        started = time.perf_counter()
        import_outlines(settings.NEWSDESK, feeds)
        stats = crawl_once(ctx)
        seconds = time.perf_counter() - started
    urls = list(
        Article.objects.filter(extraction=ExtractionState.OK).values_list("link", flat=True)
    )
    urls_out.write_text("\n".join(urls))
    return {
        "pages": float(stats.extracted),
        "feeds": float(stats.feeds_polled),
        "stored": float(Article.objects.count()),
        "seconds": seconds,
        "peak_mb": peak_mb(),
    }


def run_baseline(replay: Path, urls_in: Path) -> dict[str, float]:
    import trafilatura

    from newsdesk.pipeline.fetch import Fetcher, make_transport
    from newsdesk.pipeline.types import FetchOptions

    options = FetchOptions(host_delay=0, respect_robots=False)
    pages = []
    with Fetcher(options, transport=make_transport([replay], options)) as fetcher:
        for url in urls_in.read_text().split():
            page = fetcher.get(url)
            pages.append(page.text() if page.encoding else page.content)
    started = time.perf_counter()
    extracted = sum(1 for html in pages if trafilatura.extract(html))
    seconds = time.perf_counter() - started
    return {
        "pages": float(len(pages)),
        "extracted": float(extracted),
        "seconds": seconds,
        "peak_mb": peak_mb(),
    }


def part(name: str, args: argparse.Namespace, urls: Path) -> dict[str, float]:
    cmd = [
        sys.executable,
        __file__,
        "--replay",
        str(args.replay),
        "--workers",
        str(args.workers),
        "--part",
        name,
        "--urls",
        str(urls),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"bench/ingest.py: the {name} part failed:\n{done.stderr}")
    out = done.stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replay", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=2, help="worker threads (default 2)")
    parser.add_argument("--part", choices=["pipeline", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--urls", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.replay.is_file():
        print(f"bench/ingest.py: no replay corpus at {args.replay}; skipping")
        return 0
    if args.part == "pipeline":
        print(json.dumps(run_pipeline(args.replay.resolve(), args.workers, args.urls)))
        return 0
    if args.part == "baseline":
        print(json.dumps(run_baseline(args.replay.resolve(), args.urls)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        urls = Path(tmp) / "urls.txt"
        pipeline = part("pipeline", args, urls)
        baseline = part("baseline", args, urls)
    ours = pipeline["pages"] / pipeline["seconds"]
    theirs = baseline["pages"] / baseline["seconds"]
    print(f"Ingest benchmark on {args.replay.name} ({args.workers} worker threads, SQLite)\n")
    print(f"| {'what':<66} | {'pages':>5} | {'seconds':>7} | {'pages/s':>7} | {'peak MB':>7} |")
    print(f"|{'-' * 68}|{'-' * 7}|{'-' * 9}|{'-' * 9}|{'-' * 9}|")
    print(
        f"| {'newsdesk: parse feeds, fetch (replay), extract, store':<66} | "
        f"{pipeline['pages']:>5.0f} | {pipeline['seconds']:>7.1f} | {ours:>7.1f} | "
        f"{pipeline['peak_mb']:>7.0f} |"
    )
    print(
        f"| {'baseline: bare trafilatura.extract on the same pages (in memory)':<66} | "
        f"{baseline['pages']:>5.0f} | {baseline['seconds']:>7.1f} | {theirs:>7.1f} | "
        f"{baseline['peak_mb']:>7.0f} |"
    )
    print(
        f"\nratio newsdesk / trafilatura: {ours / theirs:.2f} "
        f"({pipeline['feeds']:.0f} feeds polled, {pipeline['stored']:.0f} articles stored)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
