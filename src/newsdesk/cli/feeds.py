"""``newsdesk feeds``: add (with discovery), import/export OPML, list with health, remove."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rich.table import Table

from newsdesk.cli._common import add_command, config, console, migrate


def register(commands: Any) -> None:
    parser = add_command(
        commands, "feeds", "Manage subscriptions: add, import, export, list, remove."
    )
    sub = parser.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)

    add = sub.add_parser(
        "add",
        help="Follow a feed URL, or a site URL whose feeds are discovered.",
        description="Follow a feed. Given a web page instead of a feed, newsdesk looks for "
        '<link rel="alternate"> feed links and common feed paths (/feed, /rss.xml, ...).',
    )
    add.add_argument("url")
    add.add_argument("--all", action="store_true", help="subscribe to every discovered feed")
    add.set_defaults(handler=run_add)

    imp = sub.add_parser("import", help="Subscribe to every feed in an OPML file.")
    imp.add_argument("file", type=Path)
    imp.set_defaults(handler=run_import)

    exp = sub.add_parser(
        "export", help="Write the subscriptions as OPML 2.0 (to stdout or a file)."
    )
    exp.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    exp.set_defaults(handler=run_export)

    lst = sub.add_parser("list", help="Every feed with its health: status, errors, next poll.")
    lst.add_argument("--errors", action="store_true", help="only feeds that are failing")
    lst.add_argument("--json", action="store_true", help="print JSON instead of a table")
    lst.set_defaults(handler=run_list)

    rem = sub.add_parser("remove", help="Unsubscribe from a feed (its articles stay).")
    rem.add_argument("url")
    rem.set_defaults(handler=run_remove)


def run_add(args: argparse.Namespace) -> int:
    from newsdesk.jobs.runtime import job_context
    from newsdesk.jobs.subscribe import subscribe_url

    migrate()
    out = console()
    with job_context(config(), queue_backend="inline") as ctx:
        added = subscribe_url(ctx, args.url, every=args.all)
    for item in added:
        verb = "Subscribed to" if item.created else "Already following"
        out.print(f"{verb} {item.feed.url} ({item.feed.source.name})")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from newsdesk.jobs.subscribe import import_opml

    migrate()
    out = console()
    try:
        content = args.file.read_bytes()
    except OSError as error:
        out.print(f"[red]Cannot read {args.file}: {error}[/red]")
        return 2
    report = import_opml(config(), content)
    out.print(
        f"Imported {args.file}: {report.created} new feeds, {report.existing} already followed"
        + (f", {len(report.invalid)} skipped" if report.invalid else "")
    )
    for url, why in report.invalid:
        out.print(f"  skipped {url}: {why}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from newsdesk.jobs.subscribe import export_opml

    migrate()
    data = export_opml()
    if args.output:
        args.output.write_bytes(data)
        console().print(f"Wrote {args.output}")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def _when(value: Any) -> str:
    if value is None:
        return "-"
    from django.utils import timezone

    return str(timezone.localtime(value).strftime("%Y-%m-%d %H:%M"))


COLUMNS = (
    "Feed",
    "Source",
    "Status",
    "Last",
    "Last success",
    "Errors",
    "Last error",
    "Next poll",
    "Articles",
)


def _health_rows(errors_only: bool) -> list[tuple[str, ...]]:
    from newsdesk.store.queries.feeds import feeds_with_health

    feeds = feeds_with_health()
    if errors_only:
        feeds = feeds.filter(error_count__gt=0)
    return [
        (
            feed.url,
            feed.source.name,
            feed.status,
            str(feed.last_status or "-"),
            _when(feed.last_success_at),
            str(feed.error_count),
            " ".join(feed.last_error.split())[:200] or "-",
            _when(feed.next_poll_at),
            str(feed.article_count),  # type: ignore[attr-defined]
        )
        for feed in feeds
    ]


def run_list(args: argparse.Namespace) -> int:
    migrate()
    rows = _health_rows(args.errors)
    out = console()
    if not rows:
        out.print(
            "No feeds."
            if args.errors
            else "No feeds yet. Add one: newsdesk feeds add URL (or feeds import FILE.opml)"
        )
        return 0
    if args.json:
        print(json.dumps([dict(zip(COLUMNS, row, strict=True)) for row in rows], indent=2))
    elif out.is_terminal:
        table = Table(title="Feeds")
        for column in COLUMNS:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*row)
        out.print(table)
    else:  # piped: one tab-separated line per feed, nothing cut
        print("\t".join(COLUMNS))
        for row in rows:
            print("\t".join(row))
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from newsdesk.store.actions.feeds import do_remove_feed
    from newsdesk.store.queries.feeds import feed_by_url

    migrate()
    feed = feed_by_url(args.url)
    if feed is None:
        console().print(f"Not following {args.url}")
        return 1
    do_remove_feed(feed)
    console().print(f"Unsubscribed from {args.url}")
    return 0
