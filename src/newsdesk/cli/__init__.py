"""The ``newsdesk`` command line."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from newsdesk import __version__
from newsdesk.pipeline.errors import NewsdeskError


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    import django

    django.setup()


def build_parser() -> argparse.ArgumentParser:
    from newsdesk.cli import (
        crawl,
        demo,
        entities,
        extract,
        feeds,
        init,
        serve,
        stories,
        summarize,
        worker,
    )

    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="A self-hostable AI news aggregator: follow publishers, extract their "
        "articles, read them in a fast web app. Options come from NEWSDESK_* environment "
        "variables or a TOML file (NEWSDESK_CONFIG); see docs/configuration.md.",
    )
    parser.add_argument("--version", action="version", version=f"newsdesk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (
        init,
        feeds,
        crawl,
        serve,
        extract,
        demo,
        stories,
        summarize,
        entities,
        worker,
    ):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if getattr(args, "needs_django", True):
            _setup_django()
        code: int = args.handler(args)
    except NewsdeskError as error:
        print(f"newsdesk: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nnewsdesk: interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
