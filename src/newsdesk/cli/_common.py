"""Helpers shared by the CLI commands."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.console import Console

if TYPE_CHECKING:
    from newsdesk.config import Config

Subparsers = "argparse._SubParsersAction[argparse.ArgumentParser]"


def console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def err_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def config() -> Config:
    from django.conf import settings

    cfg: Config = settings.NEWSDESK
    return cfg


def add_command(
    commands: Any, name: str, help_text: str, description: str = ""
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=help_text, description=description or help_text
    )
    return parser


def stop_on_signals(stop: Callable[[], None] | None = None) -> None:
    """Stop cleanly on SIGTERM (a service manager) and SIGINT: call ``stop`` (e.g. an
    event's ``set``, so loops finish their turn), or else raise KeyboardInterrupt. SIGINT
    is set explicitly: a command started in the background by a non-interactive shell
    inherits it as ignored, and Ctrl-C or ``kill -INT`` should still stop it."""
    import signal

    def handler(signum: int, frame: object) -> None:
        if stop is None:
            raise KeyboardInterrupt
        stop()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, handler)


def migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)
