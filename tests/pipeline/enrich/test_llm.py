"""The OpenAI-compatible client against a real local server speaking the protocol."""

from __future__ import annotations

import pytest
from tests.openai_server import OpenAIServer, Reply

from newsdesk.pipeline.enrich.llm import LLMOptions, Message, OpenAICompatibleLLM, parse_retry_after
from newsdesk.pipeline.errors import LLMBadResponse, LLMError, LLMRateLimited, LLMUnavailable

HELLO = [Message("system", "Be brief."), Message("user", "Say hello.")]


def make_llm(
    server: OpenAIServer, waits: list[float] | None = None, **options: float
) -> OpenAICompatibleLLM:
    settings = LLMOptions(
        base_url=server.base_url, model="test-model", api_key="sk-test", **options
    )  # type: ignore[arg-type]
    record = waits if waits is not None else []
    return OpenAICompatibleLLM(settings, sleep=record.append)


def test_complete_sends_the_protocol_and_reads_text_and_usage(openai_server: OpenAIServer) -> None:
    openai_server.queue(Reply("Hello there."))
    result = make_llm(openai_server).complete(HELLO)

    assert result.text == "Hello there."
    assert (result.prompt_tokens, result.completion_tokens) == (100, 2)
    body = openai_server.requests[0]
    assert body["model"] == "test-model" and body["stream"] is False
    assert body["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Say hello."},
    ]
    assert openai_server.headers[0]["Authorization"] == "Bearer sk-test"


def test_stream_yields_pieces_as_they_come(openai_server: OpenAIServer) -> None:
    openai_server.queue(Reply("one two three"))
    pieces = list(make_llm(openai_server).stream(HELLO))

    assert len(pieces) == 3
    assert "".join(pieces).split() == ["one", "two", "three"]
    assert openai_server.requests[0]["stream"] is True


def test_429_waits_for_retry_after_then_succeeds(openai_server: OpenAIServer) -> None:
    openai_server.queue(Reply(status=429, headers={"Retry-After": "3"}), Reply("Finally."))
    waits: list[float] = []

    assert make_llm(openai_server, waits).complete(HELLO).text == "Finally."
    assert waits == [3.0]
    assert len(openai_server.requests) == 2


def test_429_with_a_long_retry_after_fails_at_once(openai_server: OpenAIServer) -> None:
    openai_server.queue(Reply(status=429, headers={"Retry-After": "3600"}))

    with pytest.raises(LLMRateLimited) as caught:
        make_llm(openai_server).complete(HELLO)
    assert caught.value.retry_after == 3600.0 and caught.value.retryable
    assert len(openai_server.requests) == 1


def test_500_is_retried_then_reported(openai_server: OpenAIServer) -> None:
    openai_server.queue(Reply(status=500), Reply("Recovered."))
    assert make_llm(openai_server).complete(HELLO).text == "Recovered."

    openai_server.queue(Reply(status=503))
    with pytest.raises(LLMUnavailable, match="HTTP 503"):
        make_llm(openai_server, max_retries=2).complete(HELLO)
    assert len(openai_server.requests) == 2 + 3


def test_a_client_error_is_not_retried(openai_server: OpenAIServer) -> None:
    openai_server.queue(Reply(status=401))
    with pytest.raises(LLMError, match="HTTP 401") as caught:
        make_llm(openai_server).complete(HELLO)
    assert not caught.value.retryable and len(openai_server.requests) == 1


def test_malformed_json_and_missing_fields(openai_server: OpenAIServer) -> None:
    openai_server.queue(Reply(raw=b"{not json"))
    with pytest.raises(LLMBadResponse, match="not JSON"):
        make_llm(openai_server).complete(HELLO)

    openai_server.queue(Reply(raw=b'{"choices": []}'))
    with pytest.raises(LLMBadResponse, match="choices"):
        make_llm(openai_server).complete(HELLO)


def test_malformed_stream_event(openai_server: OpenAIServer) -> None:
    openai_server.queue(
        Reply(raw_events=['data: {"choices": [{"delta": {"content": "ok"}}]}', "data: {oops"])
    )
    with pytest.raises(LLMBadResponse, match="malformed event"):
        list(make_llm(openai_server).stream(HELLO))


def test_timeout_when_the_server_does_not_answer(openai_server: OpenAIServer) -> None:
    openai_server.queue(Reply(delay=1.0))
    with pytest.raises(LLMUnavailable, match="in time"):
        make_llm(openai_server, read_timeout=0.2).complete(HELLO)


def test_slow_stream_is_cut_at_the_total_timeout(openai_server: OpenAIServer) -> None:
    openai_server.queue(Reply(" ".join(["word"] * 40), chunk_delay=0.05))
    llm = make_llm(openai_server, read_timeout=5.0, total_timeout=0.3)
    received: list[str] = []
    with pytest.raises(LLMUnavailable, match="total_timeout"):
        for piece in llm.stream(HELLO):
            received.append(piece)
    assert 0 < len(received) < 40


def test_unreachable_endpoint() -> None:
    options = LLMOptions(base_url="http://127.0.0.1:9/v1", model="m", max_retries=1)
    with pytest.raises(LLMUnavailable, match="cannot reach"):
        OpenAICompatibleLLM(options, sleep=lambda _s: None).complete(HELLO)


def test_retry_after_forms() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480.0 - 60) == 60.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
