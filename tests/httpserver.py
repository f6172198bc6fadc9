"""A real HTTP server on 127.0.0.1 for tests: register routes, point the code at ``url()``.

Each route answers with a fixed status/headers/body, or calls a handler that gets the
request (method, path, headers) and returns ``(status, headers, body)``. Requests are
recorded so tests can assert what the client sent (conditional GET headers, User-Agent).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: Mapping[str, str]


Response = tuple[int, Mapping[str, str], bytes | Iterator[bytes]]
Handler = Callable[[Request], Response]


@dataclass
class LocalServer:
    routes: dict[str, Handler] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    port: int = 0

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(
        self,
        path: str,
        body: bytes | str = b"",
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        content_type: str = "text/html; charset=utf-8",
        delay: float = 0.0,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        hdrs = {"Content-Type": content_type, **(headers or {})}

        def handler(_request: Request) -> Response:
            if delay:
                time.sleep(delay)
            return status, hdrs, data

        self.routes[path] = handler

    def handle(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]


def _make_handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return

        def _serve(self) -> None:
            request = Request(self.command, self.path, dict(self.headers.items()))
            server.requests.append(request)
            handler = server.routes.get(self.path) or server.routes.get(self.path.split("?")[0])
            if handler is None:
                status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
            else:
                status, headers, body = handler(request)
            self.send_response(status)
            streamed = not isinstance(body, bytes)
            for key, value in headers.items():
                self.send_header(key, value)
            if streamed:
                self.send_header("Transfer-Encoding", "chunked")
            elif "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))  # type: ignore[arg-type]
            self.end_headers()
            if self.command == "HEAD":
                return
            try:
                if isinstance(body, bytes):
                    self.wfile.write(body)
                else:
                    for chunk in body:
                        self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = _serve  # noqa: N815
        do_HEAD = _serve  # noqa: N815
        do_POST = _serve  # noqa: N815

    return _Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up early (a size limit, a timeout) is expected here."""


class RunningServer:
    """Context manager: start a :class:`LocalServer` on a free port, stop it afterwards."""

    def __init__(self) -> None:
        self.state = LocalServer()
        self._httpd = _QuietServer(("127.0.0.1", 0), _make_handler(self.state))
        self.state.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self.state

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
