"""``newsdesk worker``: run jobs from the Redis broker (``NEWSDESK_QUEUE=dramatiq``)."""

from __future__ import annotations

import argparse
import multiprocessing
import signal
import threading
from typing import Any

from newsdesk.cli._common import add_command, config, console, migrate


def register(commands: Any) -> None:
    parser = add_command(
        commands,
        "worker",
        "Run jobs from the Redis broker (the dramatiq queue backend).",
        "Run feed, extraction, clustering and enrichment jobs that `newsdesk crawl` or "
        "`newsdesk serve` with NEWSDESK_QUEUE=dramatiq put into Redis (NEWSDESK_BROKER_URL). "
        "Start one or more on any machine that reaches the database and Redis; stop with "
        "Ctrl-C or SIGTERM (running jobs finish).",
    )
    parser.add_argument("--threads", type=int, default=4, help="job threads per process")
    parser.add_argument("--processes", type=int, default=1, help="worker processes")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.threads < 1 or args.processes < 1:
        console().print("--threads and --processes must be at least 1")
        return 2
    migrate()
    from newsdesk.jobs.distributed import make_broker

    make_broker(config()).close()  # a clear error now when Redis or the extra is missing
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    console().print(
        f"Worker: {args.processes} process(es) x {args.threads} threads; Ctrl-C to stop."
    )
    if args.processes == 1:
        _run_one(args.threads, stop)
        return 0
    spawn = multiprocessing.get_context("spawn")
    children = [spawn.Process(target=_child, args=(args.threads,)) for _ in range(args.processes)]
    for child in children:
        child.start()
    stop.wait()
    for child in children:
        if child.pid is not None:
            child.terminate()  # SIGTERM: each child finishes its running jobs
    for child in children:
        child.join()
    return 0


def _run_one(threads: int, stop: threading.Event) -> None:
    from newsdesk.jobs.distributed import run_worker

    run_worker(config(), threads, stop)


def _child(threads: int) -> None:
    """One worker process of ``--processes``: its own Django setup and job context."""
    from newsdesk.cli import _setup_django

    _setup_django()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent forwards Ctrl-C as SIGTERM
    _run_one(threads, stop)
