"""Publisher HTML is rendered inert, whatever got stored."""

from __future__ import annotations

import pytest
from django.test import Client

from newsdesk.serve.web.links import article_path
from newsdesk.store.models import Article, Feed
from tests.serve.conftest import publish

pytestmark = pytest.mark.django_db

HOSTILE = (
    "<p>Hello</p>"
    "<script>alert(1)</script>"
    '<img src="https://img.test/x.png" onerror="alert(2)">'
    '<a href="javascript:alert(3)">click</a>'
    '<p onclick="alert(4)" style="color:red">red</p>'
    '<iframe src="https://evil.test/"></iframe>'
)


def test_hostile_body_html_is_rendered_inert(client: Client, feed: Feed) -> None:
    article = publish(feed, "hostile", html=HOSTILE)
    # The extractor sanitizes, but the page must not trust what is stored.
    assert "<script>" in Article.objects.get(pk=article.pk).body_html

    html = client.get(article_path(article)).content.decode()
    body = html.split('<div class="body">', 1)[1].split("</div>", 1)[0]

    assert "<p>Hello</p>" in body
    assert "script" not in body and "alert" not in body
    assert "onerror" not in body and "onclick" not in body and "style=" not in body
    assert "javascript:" not in body
    assert "iframe" not in body
    assert '<img src="https://img.test/x.png">' in body


def test_hostile_titles_and_summaries_are_escaped(client: Client, feed: Feed) -> None:
    publish(
        feed,
        "t",
        title='<img src=x onerror="alert(1)">Title',
        summary="<script>alert(2)</script>Summary",
    )

    html = client.get("/").content.decode()

    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Title" in html
    assert "<script>" not in html and "alert(2)</script>" not in html
