"""Our own URLs for stored objects (the models stay free of web concerns)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import slugify

from newsdesk.store.models import Article, Source

#: Longest slug put into an article URL; the slug is decoration, the id finds the article.
MAX_SLUG_LENGTH = 80


def article_slug(article: Article) -> str:
    """The title as a URL slug (Unicode letters kept), cut on a word boundary."""
    slug = slugify(article.title, allow_unicode=True)
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0]
    return slug


def article_path(article: Article) -> str:
    slug = article_slug(article)
    if not slug:
        return reverse("web:article", kwargs={"pk": article.pk})
    return reverse("web:article_slug", kwargs={"pk": article.pk, "slug": slug})


def source_path(source: Source) -> str:
    return reverse("web:source", kwargs={"domain": source.domain})
