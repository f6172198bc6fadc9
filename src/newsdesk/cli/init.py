"""``newsdesk init``: create or migrate the database; optionally create an admin."""

from __future__ import annotations

import argparse
import getpass
from typing import Any

from newsdesk.cli._common import add_command, config, console, migrate


def register(commands: Any) -> None:
    parser = add_command(
        commands,
        "init",
        "Create or migrate the database (safe to run again).",
        "Create the database, or bring it up to date, and optionally create an admin user "
        "for the operator pages at /admin/.",
    )
    parser.add_argument("--admin", metavar="USERNAME", help="also create this admin user")
    parser.add_argument("--email", default="", help="the admin's e-mail address")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the admin password from standard input"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    out = console()
    cfg = config()
    migrate()
    out.print(f"Database ready: {_describe(cfg.database_url)}")
    if args.admin:
        from newsdesk.store.actions.accounts import do_create_admin

        if args.password_stdin:
            password = input().strip()
        else:
            password = getpass.getpass(f"Password for {args.admin}: ")
        do_create_admin(args.admin, args.email, password)
        out.print(f"Admin user {args.admin!r} created: log in at /admin/")
    return 0


def _describe(url: str) -> str:
    if url.startswith("sqlite:"):
        return url.removeprefix("sqlite:///")
    return url.rsplit("@", maxsplit=1)[-1]
