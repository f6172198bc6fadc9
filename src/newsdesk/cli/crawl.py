"""``newsdesk crawl``: poll due feeds, fetch and extract new articles."""

from __future__ import annotations

import argparse
import threading
import time
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsdesk.cli._common import add_command, config, console, migrate, stop_on_signals


def register(commands: Any) -> None:
    parser = add_command(
        commands,
        "crawl",
        "Poll due feeds, fetch and extract new articles.",
        "Poll every feed that is due, store new entries and fetch and extract their pages. "
        "With --once, stop when nothing is left to do; otherwise keep crawling until Ctrl-C.",
    )
    parser.add_argument("--once", action="store_true", help="one pass, then exit")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from newsdesk.jobs.runtime import job_context

    migrate()
    out = console()
    started = time.monotonic()
    with job_context(config()) as ctx:
        if args.once:
            stats = crawl_with_progress(ctx, quiet=args.quiet)
        else:
            from newsdesk.jobs.scheduler import crawl_forever

            stop = threading.Event()
            stop_on_signals(stop.set)
            out.print("Crawling; press Ctrl-C to stop.")
            stats = crawl_forever(ctx, stop)  # returns once the jobs in progress are done
            out.print(f"Stopped after {time.monotonic() - started:.1f}s: {stats.summary()}")
            return 130
    out.print(f"Done in {time.monotonic() - started:.1f}s: {stats.summary()}")
    return 0


def crawl_with_progress(ctx: Any, *, quiet: bool = False) -> Any:
    """``crawl_once`` with a live progress bar of feeds polled and pages extracted."""
    from newsdesk.jobs.scheduler import crawl_once
    from newsdesk.store.queries.feeds import due_counts

    if quiet:
        return crawl_once(ctx)
    feeds_due, articles_due = due_counts(ctx.clock())
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console(), transient=False) as progress:
        feeds = progress.add_task("Feeds   ", total=feeds_due)
        pages = progress.add_task("Articles", total=articles_due)
        lock = threading.Lock()

        def on_done(kind: str) -> None:
            with lock:
                if kind == "feed":
                    progress.advance(feeds)
                    _, pending = due_counts(ctx.clock())  # new entries became work
                    progress.update(pages, total=progress.tasks[pages].completed + pending)
                else:
                    progress.advance(pages)
                    task = progress.tasks[pages]
                    if task.total is not None and task.completed > task.total:
                        # articles being fetched when the total was read were not "due"
                        progress.update(pages, total=task.completed)

        return crawl_once(ctx, on_done=on_done)
