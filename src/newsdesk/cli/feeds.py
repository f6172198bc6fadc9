"""``newsdesk feeds``: add (with discovery), import/export OPML, list with health, remove."""

from __future__ import annotations

import argparse
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


def run_list(args: argparse.Namespace) -> int:
    from newsdesk.store.queries.feeds import feeds_with_health

    migrate()
    feeds = feeds_with_health()
    if args.errors:
        feeds = feeds.filter(error_count__gt=0)
    table = Table(title="Feeds", show_lines=False)
    for column in (
        "Feed",
        "Source",
        "Status",
        "Last",
        "Last success",
        "Errors",
        "Last error",
        "Next poll",
        "Articles",
    ):
        table.add_column(column, overflow="fold")
    count = 0
    for feed in feeds:
        count += 1
        table.add_row(
            feed.url,
            feed.source.name,
            feed.status,
            str(feed.last_status or "-"),
            _when(feed.last_success_at),
            str(feed.error_count),
            feed.last_error[:120] or "-",
            _when(feed.next_poll_at),
            str(feed.article_count),  # type: ignore[attr-defined]
        )
    out = console()
    if count == 0:
        out.print("No feeds yet. Add one: newsdesk feeds add URL (or feeds import FILE.opml)")
        return 0
    out.print(table)
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
