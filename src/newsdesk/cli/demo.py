"""``newsdesk demo``: follow real feeds (online) or a recorded web (--replay), then serve."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from newsdesk.cli._common import add_command
from newsdesk.cli.serve import add_server_options

NO_SOURCE_MESSAGE = """\
newsdesk demo could not reach the network, and no recorded corpus was given.

The demo needs one of:
  * network access, to follow its default list of public news feeds, or
  * a recorded web to replay offline:  newsdesk demo --replay FILE.warc.gz
"""


def register(commands: Any) -> None:
    parser = add_command(
        commands,
        "demo",
        "Run newsdesk on real feeds (online) or a recorded web (offline).",
        "Set up a demo instance in its own data directory, follow news feeds, crawl them and "
        "serve the site. Online it follows a bundled list of public feeds; with --replay it "
        "runs fully offline on WARC recordings, following every feed recorded in them.",
    )
    parser.add_argument(
        "--replay",
        action="append",
        type=Path,
        metavar="FILE.warc.gz",
        default=[],
        help="answer every request from this WARC file (repeatable); no network is used",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="where the demo keeps its database (default: a 'demo' folder in the data dir)",
    )
    parser.add_argument(
        "--opml",
        type=Path,
        help="follow the feeds of this OPML file instead of the default list",
    )
    parser.add_argument("--no-serve", action="store_true", help="crawl, print a summary, exit")
    add_server_options(parser)
    parser.set_defaults(handler=run, needs_django=False)


def _prepare_environment(args: argparse.Namespace) -> None:
    """Options the demo sets before Django reads its settings."""
    import platformdirs

    data_dir = (
        args.data_dir
        or Path(os.environ.get("NEWSDESK_DATA_DIR") or platformdirs.user_data_dir("newsdesk"))
        / "demo"
    )
    os.environ["NEWSDESK_DATA_DIR"] = str(data_dir)
    os.environ.pop("NEWSDESK_DATABASE_URL", None)
    if args.replay:
        os.environ["NEWSDESK_REPLAY"] = ",".join(str(p.resolve()) for p in args.replay)
        # Nothing leaves this machine: no reason to wait between requests to one "host".
        os.environ["NEWSDESK_HOST_DELAY"] = "0"


def run(args: argparse.Namespace) -> int:
    missing = [p for p in args.replay if not p.is_file()]
    if missing:
        print(f"newsdesk demo: no such file: {missing[0]}", file=sys.stderr)
        return 2
    _prepare_environment(args)
    from newsdesk.cli import _setup_django

    _setup_django()
    from newsdesk.cli._common import config, console, migrate
    from newsdesk.cli.crawl import crawl_with_progress
    from newsdesk.cli.serve import serve
    from newsdesk.demo import default_opml, network_reachable, recorded_feeds
    from newsdesk.jobs.runtime import job_context
    from newsdesk.jobs.subscribe import import_opml, import_outlines
    from newsdesk.pipeline.parse import parse_opml

    out = console()
    cfg = config()
    out.print(f"newsdesk demo: data in {cfg.data_dir}")
    migrate()
    with job_context(cfg) as ctx:
        if args.replay:
            feeds = recorded_feeds(ctx.fetcher.recorded())
            report = import_outlines(cfg, feeds)
            out.print(
                f"Replaying {', '.join(map(str, args.replay))}: "
                f"{len(feeds)} recorded feeds ({report.created} new)"
            )
        else:
            opml = args.opml.read_bytes() if args.opml else default_opml()
            urls = [o.xml_url for o in parse_opml(opml)]
            if not network_reachable(cfg.fetch_options, urls):
                print(NO_SOURCE_MESSAGE, file=sys.stderr)
                return 2
            report = import_opml(cfg, opml)
            out.print(f"Following {len(urls)} public news feeds ({report.created} new)")
        if args.replay or args.no_serve:
            stats = crawl_with_progress(ctx)
            out.print(f"Crawled: {stats.summary()}")
    if args.no_serve:
        return 0
    serve(
        args.host, args.port, threads=args.threads, crawl=True, banner="newsdesk demo is running."
    )
    return 0
