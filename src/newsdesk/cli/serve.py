"""``newsdesk serve``: the web app, with the crawler running in the background."""

from __future__ import annotations

import argparse
import threading
from typing import Any

from newsdesk.cli._common import add_command, config, console, migrate, stop_on_signals


def register(commands: Any) -> None:
    parser = add_command(
        commands,
        "serve",
        "Serve the web app (and crawl in the background).",
        "Serve newsdesk on HOST:PORT with waitress. The crawler runs in the same process "
        "unless --no-crawl is given. Ctrl-C stops both cleanly: jobs in progress finish "
        "their database writes first.",
    )
    add_server_options(parser)
    parser.add_argument("--no-crawl", action="store_true", help="serve only; do not crawl")
    parser.set_defaults(handler=run)


def add_server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    parser.add_argument("--threads", type=int, default=8, help="web server threads (default 8)")


def run(args: argparse.Namespace) -> int:
    migrate()
    serve(args.host, args.port, threads=args.threads, crawl=not args.no_crawl)
    return 0


def serve(host: str, port: int, *, threads: int, crawl: bool, banner: str = "") -> None:
    """Run the WSGI app until Ctrl-C (or SIGTERM); stop the crawler before returning."""
    from waitress.server import create_server

    from newsdesk.jobs.runtime import job_context
    from newsdesk.jobs.scheduler import crawl_forever
    from newsdesk.serve.wsgi import application

    out = console()
    server = create_server(application, host=host, port=port, threads=threads, ident="newsdesk")
    stop = threading.Event()
    stop_on_signals()
    with job_context(config()) as ctx:
        crawler = threading.Thread(
            target=crawl_forever, args=(ctx, stop), name="newsdesk-crawler", daemon=True
        )
        if crawl:
            crawler.start()
        out.print(banner or "newsdesk is running.")
        out.print(f"Open http://{_display_host(host)}:{port}/ — press Ctrl-C to stop.")
        try:
            server.run()
        except KeyboardInterrupt:
            out.print("\nStopping: finishing jobs in progress...")
        finally:
            stop.set()
            server.close()
            if crawler.is_alive():
                crawler.join(timeout=60)
    out.print("Stopped.")


def _display_host(host: str) -> str:
    if host in {"0.0.0.0", "::", ""}:  # noqa: S104 - only shown to the user
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host
