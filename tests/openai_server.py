"""A canned OpenAI-compatible ``/v1/chat/completions`` server on 127.0.0.1 (a fake of a
service outside our stack). Tests queue behaviours; each request takes the next one (the
last one repeats). Request bodies are recorded as parsed JSON."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One canned behaviour."""

    text: str = "An answer."
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    #: Raw body instead of a completion (malformed JSON and the like).
    raw: bytes | None = None
    #: Seconds to wait before answering.
    delay: float = 0.0
    #: Seconds between streamed chunks.
    chunk_delay: float = 0.0
    #: Raw SSE lines to send instead of well-formed events.
    raw_events: list[str] | None = None


def completion(text: str, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "model": model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
        ],
        "usage": {
            "prompt_tokens": 100,
            "completion_tokens": len(text.split()),
            "total_tokens": 100 + len(text.split()),
        },
    }


def events(text: str, reply: Reply) -> Iterator[bytes]:
    if reply.raw_events is not None:
        for line in reply.raw_events:
            yield f"{line}\n\n".encode()
        return
    for word in text.split(" "):
        chunk = {"choices": [{"index": 0, "delta": {"content": word + " "}}]}
        yield f"data: {json.dumps(chunk)}\n\n".encode()
        if reply.chunk_delay:
            time.sleep(reply.chunk_delay)
    yield b'data: {"choices": [], "usage": {"prompt_tokens": 100, "completion_tokens": 5}}\n\n'
    yield b"data: [DONE]\n\n"


@dataclass
class OpenAIServer:
    replies: list[Reply] = field(default_factory=lambda: [Reply()])
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    port: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def queue(self, *replies: Reply) -> None:
        self.replies = list(replies)

    def next_reply(self) -> Reply:
        return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]


def _handler(server: OpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            server.requests.append(body)
            server.headers.append(dict(self.headers.items()))
            reply = server.next_reply()
            if reply.delay:
                time.sleep(reply.delay)
            if self.path != "/v1/chat/completions":
                self._send(404, b"not found", "text/plain")
            elif reply.status != 200 or reply.raw is not None:
                self._send(
                    reply.status,
                    reply.raw or b'{"error": {"message": "nope"}}',
                    "application/json",
                    reply.headers,
                )
            elif body.get("stream"):
                self._stream(reply)
            else:
                data = json.dumps(completion(reply.text, body.get("model", ""))).encode()
                self._send(200, data, "application/json")

        def _send(
            self, status: int, data: bytes, kind: str, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                return  # the client gave up (timeout tests)

        def _stream(self, reply: Reply) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                for piece in events(reply.text, reply):
                    self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                    self.wfile.flush()
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler


class RunningOpenAIServer:
    def __init__(self) -> None:
        self.fake = OpenAIServer()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.fake))
        self._httpd.daemon_threads = True
        self.fake.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> OpenAIServer:
        self._thread.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
