"""``newsdesk extract``: run the extractor on one page (a URL or a file) and print it."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from newsdesk.cli._common import add_command, console


def register(commands: Any) -> None:
    parser = add_command(
        commands,
        "extract",
        "Extract one article page (URL or file) and print the result.",
        "Run newsdesk's extractor on a page: a URL (fetched politely, with the SSRF guard) or "
        "a local HTML file ('-' for standard input). Prints title, authors, date and body.",
    )
    parser.add_argument("source", metavar="URL|FILE")
    parser.add_argument("--url", help="the page's original URL (for a file: resolves links)")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.set_defaults(handler=run, needs_django=False)


def _read(source: str, url: str | None) -> tuple[str | bytes, str | None]:
    if source == "-":
        return sys.stdin.buffer.read(), url
    if source.startswith(("http://", "https://")):
        from newsdesk.config import load_config
        from newsdesk.pipeline.fetch import Fetcher, make_transport

        cfg = load_config()
        options = cfg.fetch_options
        with Fetcher(options, transport=make_transport(cfg.replay, options)) as fetcher:
            page = fetcher.get(source, robots=cfg.respect_robots)
        return (page.text() if page.encoding else page.content), url or page.final_url
    return Path(source).read_bytes(), url


def _json_value(value: object) -> str:
    """Datetimes as ISO 8601; anything else (enums) as its string value."""
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def run(args: argparse.Namespace) -> int:
    from newsdesk.pipeline.extract import extract

    try:
        html, url = _read(args.source, args.url)
    except OSError as error:
        print(f"newsdesk: cannot read {args.source}: {error}", file=sys.stderr)
        return 2
    result = extract(html, url=url)
    if args.json:
        print(json.dumps(asdict(result), default=_json_value, ensure_ascii=False, indent=2))
        return 0 if result.ok else 1
    out = console()
    out.print(f"[bold]{result.title or '(no title)'}[/bold]")
    meta = [
        ", ".join(result.authors) or None,
        result.published.isoformat() if result.published else None,
        result.site_name,
        result.language,
    ]
    out.print(" · ".join(m for m in meta if m) or "(no metadata)")
    if result.image:
        out.print(f"Image: {result.image}")
    out.print(f"Status: {result.status.value}" + (f" ({result.error})" if result.error else ""))
    out.print()
    out.print(result.text or "(no body text)", markup=False)
    return 0 if result.ok else 1
