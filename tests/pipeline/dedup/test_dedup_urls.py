"""canonicalize_url / url_hash: examples and properties."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.pipeline.dedup.urls import canonicalize_url, is_tracking_param, url_hash


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTP://WWW.Example.COM/Path/", "http://www.example.com/Path/"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com/#!/story/1", "https://example.com/#!/story/1"),
        ("https://example.com/a?", "https://example.com/a"),
        ("https://example.com/a?b=2&a=1&c", "https://example.com/a?a=1&b=2&c"),
        ("https://example.com/a?a=2&a=1", "https://example.com/a?a=2&a=1"),
        (
            "https://example.com/a?utm_source=x&UTM_Medium=y&utm_campaign=z&id=7",
            "https://example.com/a?id=7",
        ),
        (
            "https://example.com/a?fbclid=1&gclid=2&dclid=3&msclkid=4&mc_cid=5&mc_eid=6"
            "&igshid=7&_ga=8&ref=hn&ref_src=twsrc&cmpid=9&ocid=10&p=42&article=9",
            "https://example.com/a?article=9&p=42",
        ),
        (
            "https://example.com/%7euser/a%2fb?q=%e2%82%ac",
            "https://example.com/~user/a%2Fb?q=%E2%82%AC",
        ),
        ("https://example.com/caf\u00e9 bar", "https://example.com/caf%C3%A9%20bar"),
        ("https://example.com/a/./b/../c", "https://example.com/a/c"),
        ("https://bücher.example/", "https://xn--bcher-kva.example/"),
        ("https://EXAMPLE.com./a", "https://example.com/a"),
        ("http://[2001:DB8::1]:80/x", "http://[2001:db8::1]/x"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("https://example.com/a?x=a+b&y=a%20b", "https://example.com/a?x=a+b&y=a%20b"),
        ("https://example.com/a?q=a%26b%3Dc", "https://example.com/a?q=a%26b%3Dc"),
    ],
)
def test_examples(url: str, canonical: str) -> None:
    assert canonicalize_url(url) == canonical


def test_relative_urls_resolve_against_base() -> None:
    assert canonicalize_url("../b?utm_medium=x", "https://Example.com/a/c/") == (
        "https://example.com/a/b"
    )
    assert canonicalize_url("//cdn.example/x", "https://example.com/") == "https://cdn.example/x"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "mailto:a@b.example",
        "javascript:alert(1)",
        "/relative",
        "http://[::1",
        "http://a:99999/",
        "ftp://a/",
    ],
)
def test_non_http_or_unreadable_urls_come_back_stripped(url: str) -> None:
    assert canonicalize_url(f" {url} ") == url


def test_url_hash() -> None:
    assert url_hash("https://Example.com/a?utm_source=x") == url_hash("https://example.com/a")
    assert len(url_hash("https://example.com/a")) == 64
    assert url_hash("https://example.com/a") != url_hash("https://example.com/b")


def test_is_tracking_param() -> None:
    assert is_tracking_param("utm_anything")
    assert is_tracking_param("FBCLID")
    assert not is_tracking_param("id")
    assert not is_tracking_param("page")


HOSTS = st.sampled_from(
    ["example.com", "EXAMPLE.org", "bücher.de", "[::1]", "a.b.c", "xn--bcher-kva.de"]
)
PARTS = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
QUERY_KEYS = st.one_of(
    st.sampled_from(["utm_source", "UTM_campaign", "utm_", "id", "p", "fbclid", "a", "%75tm_x"]),
    PARTS,
)


@st.composite
def http_urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP"]))
    port = draw(st.sampled_from(["", ":80", ":443", ":8080"]))
    path = "/".join(draw(st.lists(PARTS, max_size=4)))
    pairs = draw(st.lists(st.tuples(QUERY_KEYS, PARTS), max_size=5))
    query = "&".join(f"{k}={v}" for k, v in pairs)
    fragment = draw(st.sampled_from(["", "#x", "#!/y"]))
    return f"{scheme}://{draw(HOSTS)}{port}/{path}?{query}{fragment}"


ANY_URL = st.one_of(http_urls(), st.text(max_size=80))


@settings(max_examples=500, deadline=None)  # a property test, not a timing test (shared CPU)
@given(url=ANY_URL)
def test_idempotent_and_never_raises(url: str) -> None:
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once


@settings(max_examples=300, deadline=None)  # a property test, not a timing test (shared CPU)
@given(url=ANY_URL, base=st.one_of(st.none(), http_urls(), st.text(max_size=30)))
def test_never_raises_with_any_base(url: str, base: str | None) -> None:
    once = canonicalize_url(url, base)
    assert canonicalize_url(once) == once


@settings(max_examples=500, deadline=None)  # a property test, not a timing test (shared CPU)
@given(url=http_urls())
def test_removes_every_utm_param(url: str) -> None:
    canonical = canonicalize_url(url)
    query = urlsplit(canonical).query
    assert not any(key.lower().startswith("utm_") for key, _ in parse_qsl(query))
    assert canonical.startswith(("http://", "https://"))
    assert "#" not in canonical or "#!" in canonical
