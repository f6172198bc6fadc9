"""A language model behind any OpenAI-compatible ``/v1/chat/completions`` endpoint
(OpenAI, vLLM, llama.cpp's server, Ollama, LM Studio...), over httpx.

Failures map onto :mod:`newsdesk.pipeline.errors`: a 429 waits for its ``Retry-After``
(when that is short enough) and tries again, 5xx and connection errors are retried with
back-off, a timeout or a stream slower than ``total_timeout`` raises
:class:`LLMUnavailable`, and a body that is not a completion raises
:class:`LLMBadResponse`. The client is injected, as everywhere in the pipeline.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

import httpx

from newsdesk.pipeline.errors import LLMBadResponse, LLMError, LLMRateLimited, LLMUnavailable


@dataclass(frozen=True)
class LLMOptions:
    #: e.g. ``http://127.0.0.1:8080/v1`` (``/chat/completions`` is appended).
    base_url: str
    model: str
    api_key: str = ""
    connect_timeout: float = 5.0
    #: Seconds to wait for the next bytes of an answer.
    read_timeout: float = 60.0
    #: Seconds one whole answer may take, streamed or not.
    total_timeout: float = 120.0
    max_retries: int = 2
    #: A 429 asking to wait longer than this fails at once (LLMRateLimited).
    max_retry_wait: float = 20.0
    max_tokens: int = 600
    temperature: float = 0.2


@dataclass(frozen=True)
class Message:
    role: str
    content: str


@dataclass(frozen=True)
class Completion:
    text: str
    prompt_tokens: int
    completion_tokens: int

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class LLM(Protocol):
    model_id: str

    def complete(
        self, messages: Sequence[Message], max_tokens: int | None = None
    ) -> Completion: ...

    def stream(
        self, messages: Sequence[Message], max_tokens: int | None = None
    ) -> Iterator[str]: ...


def estimate_tokens(text: str) -> int:
    """Rough token count (4 characters a token) when the server reports no usage."""
    return max(1, len(text) // 4)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


def _completion_text(payload: Any) -> str:
    try:
        content = payload["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as error:
        raise LLMBadResponse(
            f"the LLM answer has no choices[0].message.content: {error!r}"
        ) from error
    if not isinstance(content, str):
        raise LLMBadResponse("the LLM answer's content is not text")
    return content


def _usage(payload: Any, key: str) -> int | None:
    usage = payload.get("usage") if isinstance(payload, dict) else None
    value = usage.get(key) if isinstance(usage, dict) else None
    return value if isinstance(value, int) else None


class OpenAICompatibleLLM:
    """Chat completions, whole or streamed (server-sent events)."""

    def __init__(
        self,
        options: LLMOptions,
        client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.options = options
        self.model_id = options.model
        self._sleep = sleep
        timeout = httpx.Timeout(options.read_timeout, connect=options.connect_timeout)
        self._client = client or httpx.Client(timeout=timeout)
        self._url = options.base_url.rstrip("/") + "/chat/completions"

    def close(self) -> None:
        self._client.close()

    def _body(
        self, messages: Sequence[Message], max_tokens: int | None, stream: bool
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.options.model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "max_tokens": max_tokens or self.options.max_tokens,
            "temperature": self.options.temperature,
            "stream": stream,
        }
        if stream:
            body["stream_options"] = {"include_usage": True}
        return body

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        if self.options.api_key:
            headers["Authorization"] = f"Bearer {self.options.api_key}"
        return headers

    def _send(self, body: dict[str, Any]) -> httpx.Response:
        """POST with retries; returns an open response with status 200 (caller closes it)."""
        attempt = 0
        while True:
            try:
                request = self._client.build_request(
                    "POST", self._url, json=body, headers=self._headers()
                )
                response = self._client.send(request, stream=True)
            except httpx.TimeoutException as error:
                raise LLMUnavailable(
                    f"the LLM did not answer in time ({type(error).__name__})"
                ) from error
            except httpx.TransportError as error:
                if attempt >= self.options.max_retries:
                    raise LLMUnavailable(f"cannot reach the LLM at {self._url}: {error}") from error
                attempt += 1
                self._sleep(0.5 * 2.0**attempt)
                continue
            if response.status_code == 200:
                return response
            response.read()
            response.close()
            wait = self._retry_wait(response, attempt)
            attempt += 1
            self._sleep(wait)

    def _retry_wait(self, response: httpx.Response, attempt: int) -> float:
        status = response.status_code
        if status == 429:
            wait = parse_retry_after(response.headers.get("Retry-After"))
            if attempt >= self.options.max_retries or (wait or 0) > self.options.max_retry_wait:
                raise LLMRateLimited(
                    "the LLM endpoint is rate limiting us"
                    + (f" (retry after {wait:.0f}s)" if wait is not None else ""),
                    retry_after=wait,
                )
            return wait if wait is not None else 1.0 * 2.0**attempt
        if status >= 500 and attempt < self.options.max_retries:
            return 0.5 * 2.0**attempt
        detail = response.text[:200]
        if status >= 500:
            raise LLMUnavailable(f"the LLM endpoint answered HTTP {status}: {detail}")
        raise LLMError(f"the LLM endpoint answered HTTP {status}: {detail}")

    def complete(self, messages: Sequence[Message], max_tokens: int | None = None) -> Completion:
        deadline = time.monotonic() + self.options.total_timeout
        response = self._send(self._body(messages, max_tokens, stream=False))
        try:
            chunks = []
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise LLMUnavailable("the LLM answer took longer than total_timeout")
            payload = json.loads(b"".join(chunks))
        except httpx.TimeoutException as error:
            raise LLMUnavailable("the LLM stopped sending its answer (read timeout)") from error
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise LLMBadResponse(f"the LLM answer is not JSON: {error}") from error
        finally:
            response.close()
        text = _completion_text(payload)
        prompt = _usage(payload, "prompt_tokens")
        completion = _usage(payload, "completion_tokens")
        return Completion(
            text,
            prompt
            if prompt is not None
            else estimate_tokens(json.dumps([m.content for m in messages])),
            completion if completion is not None else estimate_tokens(text),
        )

    def stream(self, messages: Sequence[Message], max_tokens: int | None = None) -> Iterator[str]:
        """Yield pieces of the answer as they arrive (server-sent events)."""
        deadline = time.monotonic() + self.options.total_timeout
        response = self._send(self._body(messages, max_tokens, stream=True))
        try:
            for line in response.iter_lines():
                if time.monotonic() > deadline:
                    raise LLMUnavailable("the LLM stream took longer than total_timeout")
                piece = self._event_text(line)
                if piece is None:
                    return
                if piece:
                    yield piece
        except httpx.TimeoutException as error:
            raise LLMUnavailable("the LLM stream stalled (read timeout)") from error
        finally:
            response.close()

    @staticmethod
    def _event_text(line: str) -> str | None:
        """The text of one SSE line: ``''`` for none, ``None`` at ``[DONE]``."""
        if not line.startswith("data:"):
            return ""
        data = line[5:].strip()
        if data == "[DONE]":
            return None
        try:
            event = json.loads(data)
            choices = event.get("choices") or []
            delta = choices[0].get("delta") or {} if choices else {}
        except (json.JSONDecodeError, AttributeError, IndexError) as error:
            raise LLMBadResponse(f"malformed event in the LLM stream: {data[:80]!r}") from error
        content = delta.get("content") if isinstance(delta, dict) else None
        return content if isinstance(content, str) else ""
