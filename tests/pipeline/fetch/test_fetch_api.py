"""The public surface others code against (changing it breaks jobs, cli and demo)."""

from __future__ import annotations

import inspect

import newsdesk.pipeline.fetch as fetch


def test_exported_members() -> None:
    assert sorted(fetch.__all__) == sorted(
        [
            "REPLAY_HEADER",
            "AddressGuard",
            "Fetcher",
            "GuardedTransport",
            "ReplayRecord",
            "ReplayTransport",
            "check_url",
            "detect_encoding",
            "make_transport",
        ]
    )


def test_signatures() -> None:
    get = inspect.signature(fetch.Fetcher.get)
    assert list(get.parameters) == ["self", "url", "validators", "robots", "accept"]
    assert get.parameters["robots"].kind is inspect.Parameter.KEYWORD_ONLY
    assert list(inspect.signature(fetch.make_transport).parameters) == ["replay", "options"]
    assert list(inspect.signature(fetch.Fetcher).parameters) == ["options", "transport"]
