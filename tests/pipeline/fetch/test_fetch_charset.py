"""Charset detection: BOM, HTTP header, XML declaration / meta, statistical guess."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.pipeline.fetch.body import decode, take
from newsdesk.pipeline.fetch.charset import detect_encoding, normalize_encoding, parse_content_type
from newsdesk.pipeline.fetch.retry import parse_retry_after


@pytest.mark.parametrize(
    ("content", "content_type", "expected"),
    [
        (b"plain ascii", "text/plain", "utf-8"),
        ("é".encode(), "text/html", "utf-8"),
        (b"\xef\xbb\xbfx", "text/html; charset=windows-1252", "utf-8"),
        (b'<?xml version="1.0" encoding="ISO-8859-2"?><rss/>', "application/rss+xml", "iso8859-2"),
        (b'<?xml version="1.0" encoding="UTF-16"?><rss/>', "text/xml", "utf-8"),
        (b"<meta charset=gb2312>", "text/html", "gb18030"),
        (b"<meta charset=utf-7>+ADw-script+AD4-", "text/html", "utf-8"),  # UTF-7 refused
        (b"x", 'text/html; charset="Shift_JIS"', "cp932"),
        (b"x", "text/html; charset=no-such-charset", "utf-8"),
        (b"\x00\x01", "application/octet-stream", None),
        (b"{}", "application/feed+json", "utf-8"),
    ],
)
def test_detect_encoding(content: bytes, content_type: str, expected: str | None) -> None:
    assert detect_encoding(content, content_type) == expected


def test_statistical_guess_for_undeclared_legacy_text() -> None:
    text = (
        "Президент провёл совещание с членами правительства. "  # noqa: RUF001 (Cyrillic)
        "Обсуждались вопросы экономики, здравоохранения и образования. "
        "Министр финансов доложил о бюджете."  # noqa: RUF001 (Cyrillic)
    )
    assert detect_encoding(text.encode("cp1251"), "text/plain") == "cp1251"


def test_utf8_cut_mid_character_is_still_utf8() -> None:
    assert detect_encoding("naïve ü".encode()[:-1], "text/plain") == "utf-8"


def test_parse_content_type() -> None:
    assert parse_content_type('Text/HTML; Charset="utf-8"; x=y') == ("text/html", "utf-8")
    assert parse_content_type(None) == ("", None)


def test_normalize_rejects_non_text_codecs() -> None:
    assert normalize_encoding("base64") is None
    assert normalize_encoding("rot13") is None
    assert normalize_encoding("latin-1") == "cp1252"


@given(
    st.binary(max_size=2048),
    st.sampled_from(["text/html", "text/xml", "", "text/plain; charset=x"]),
)
def test_detection_never_raises_and_always_decodes(content: bytes, content_type: str) -> None:
    encoding = detect_encoding(content, content_type)
    assert encoding is not None
    codecs.lookup(encoding)
    content.decode(encoding, errors="replace")


@given(st.lists(st.binary(max_size=300), max_size=20), st.integers(min_value=0, max_value=3000))
def test_take_never_exceeds_the_limit(chunks: list[bytes], limit: int) -> None:
    content, truncated = take(iter(chunks), limit)
    whole = b"".join(chunks)
    assert content == whole[:limit]
    assert truncated == (len(whole) > limit)


def test_unknown_content_coding_passes_through() -> None:
    assert b"".join(decode(iter([b"raw"]), "zstd")) == b"raw"


@given(st.text(max_size=40))
def test_retry_after_never_raises(value: str) -> None:
    from datetime import UTC, datetime

    seconds = parse_retry_after(value, datetime(2026, 1, 1, tzinfo=UTC))
    assert seconds is None or seconds >= 0
