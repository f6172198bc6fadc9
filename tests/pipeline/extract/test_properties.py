"""Property tests: ``extract`` never raises and never returns executable HTML."""

from __future__ import annotations

import re

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.pipeline.extract import ExtractedArticle, ExtractOptions, extract, sanitize_html
from newsdesk.pipeline.extract.siterules import parse_site_rules

RAW_DANGER = re.compile(r"<(?:script|svg|iframe|style|object|embed)", re.I)
URL_DANGER = re.compile(r"^\s*(?:javascript|data|vbscript):", re.I)
FORBIDDEN_TAGS = frozenset({"script", "svg", "iframe", "style", "object", "embed", "math", "form"})
TAGS = ["p", "div", "a", "img", "script", "svg", "style", "iframe", "article", "h1", "span", "b"]
TAGS += ["figure", "figcaption", "picture", "source", "ul", "li", "h2", "main", "time"]
ATTRS = ["href", "src", "onerror", "onclick", "style", "class", "srcdoc"]
VALUES = ["javascript:alert(1)", "data:text/html,x", "/x", "https://e.test/", 'x" onload="y', ""]
VALUES += ["related promo", "caption", "newsletter", "https://e.test/a.jpg 800w, /b.jpg 2x"]

fragment = st.recursive(
    st.text(max_size=40),
    lambda children: st.builds(
        lambda tag, attr, value, inner: f'<{tag} {attr}="{value}">{"".join(inner)}</{tag}>',
        st.sampled_from(TAGS),
        st.sampled_from(ATTRS),
        st.sampled_from(VALUES),
        st.lists(children, max_size=4),
    ),
    max_leaves=20,
)
pages = st.builds(lambda body: f"<html><body>{body}</body></html>", fragment)


def assert_inert_html(html: str) -> None:
    """No executable element, no event handler, no script URL (text may mention them)."""
    assert RAW_DANGER.search(html) is None, html
    if not html.strip():
        return
    parser = lxml.html.HTMLParser(encoding="utf-8")
    root = lxml.html.document_fromstring(f"<div>{html}</div>".encode("utf-8", "replace"), parser)
    for element in root.iter():
        assert element.tag not in FORBIDDEN_TAGS, html
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), html
            assert URL_DANGER.match(value) is None, html


def assert_inert(article: ExtractedArticle) -> None:
    assert_inert_html(article.html)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    assert_inert(extract(text))


@settings(max_examples=100, deadline=None)
@given(st.binary())
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    assert_inert(extract(data))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages)
def test_generated_html_never_raises_and_stays_inert(page: str) -> None:
    assert_inert(extract(page, "https://example.test/a"))


RULES = parse_site_rules(
    '[[site]]\ndomains = ["example.test"]\ndrop = ["div.related", "figcaption"]\n'
    'keep = ["span", "a[href]"]\n'
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages)
def test_site_rules_never_raise_and_stay_inert(page: str) -> None:
    assert_inert(extract(page, "https://www.example.test/a", ExtractOptions(site_rules=RULES)))


@settings(max_examples=150, deadline=None)
@given(fragment)
def test_sanitizer_output_is_inert(html: str) -> None:
    assert_inert_html(sanitize_html(html, "https://example.test/"))
