"""The allow-list sanitizer leaves nothing executable behind."""

from __future__ import annotations

import pytest

from newsdesk.pipeline.extract import sanitize_html


@pytest.mark.parametrize(
    "dirty",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt&#58;alert(1)">x</a>',
        '<a href=" javascript:alert(1)">x</a>',
        '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
        "<svg><script>alert(1)</script></svg>",
        '<svg onload="alert(1)"></svg>',
        '<iframe src="https://evil.test"></iframe>',
        "<style>p{}</style><p style='x'>t</p>",
        '<form action="https://evil.test"><input name=a></form>',
        '<math><a xlink:href="javascript:alert(1)">x</a></math>',
        '<p onclick="x()" onmouseover="y()">t</p>',
    ],
)
def test_dangerous_markup_is_removed(dirty: str) -> None:
    clean = sanitize_html(dirty, base_url="https://example.test/")
    lowered = clean.lower()
    for needle in ("<script", "javascript:", "data:", "onerror", "onclick", "onload", "<svg"):
        assert needle not in lowered
    for needle in ("<iframe", "<style", "<form", "<input", "style="):
        assert needle not in lowered


def test_links_are_absolute_and_nofollow() -> None:
    clean = sanitize_html('<a href="/x">x</a>', base_url="https://example.test/a/")
    assert clean == '<a href="https://example.test/x" rel="nofollow noopener noreferrer">x</a>'


def test_mailto_links_survive_but_not_as_image_sources() -> None:
    clean = sanitize_html('<a href="mailto:a@b.test">m</a><img src="mailto:a@b.test">')
    assert 'href="mailto:a@b.test"' in clean
    assert "<img>" in clean


def test_relative_urls_without_a_base_are_dropped() -> None:
    clean = sanitize_html('<img src="/a.png" alt="A" width="10">')
    assert "src" not in clean
    assert 'alt="A"' in clean


def test_allowed_structure_is_kept() -> None:
    html = (
        "<h2>H</h2><p><em>e</em> <strong>s</strong><br></p><ul><li>i</li></ul>"
        "<blockquote>q</blockquote><figure><figcaption>c</figcaption></figure>"
        "<table><tr><td>1</td></tr></table><pre><code>x</code></pre>"
    )
    assert sanitize_html(html) == html.replace("<table><tr>", "<table><tbody><tr>").replace(
        "</tr></table>", "</tr></tbody></table>"
    )
