from __future__ import annotations

from django.db import models

from newsdesk.store.models.feeds import Feed, Source


class ExtractionState(models.TextChoices):
    """Where an article's page stands. ``pending`` rows are the extraction job queue."""

    PENDING = "pending", "Waiting to be fetched"
    OK = "ok", "Extracted"
    PAYWALLED = "paywalled", "Paywalled (partial)"
    CONSENT_WALL = "consent_wall", "Consent wall"
    NOT_ARTICLE = "not_article", "Not an article"
    EMPTY = "empty", "No body found"
    NOT_HTML = "not_html", "Not HTML"
    TOO_LARGE = "too_large", "Too large"
    FAILED = "failed", "Failed"
    BLOCKED = "blocked", "Blocked (robots.txt or address)"


class Article(models.Model):
    """One article, stored once however many feeds or URLs lead to it."""

    url = models.URLField(max_length=2000, unique=True, help_text="Canonical URL.")
    link = models.URLField(
        max_length=2000, blank=True, help_text="The URL as the publisher gave it (fetched)."
    )
    guid = models.CharField(max_length=2000, blank=True)
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="articles")
    feeds = models.ManyToManyField(Feed, related_name="articles", blank=True)
    title = models.CharField(max_length=1000, blank=True)
    authors = models.JSONField(default=list, blank=True)
    published = models.DateTimeField(null=True, blank=True)
    modified = models.DateTimeField(null=True, blank=True)
    image = models.URLField(max_length=2000, blank=True)
    image_caption = models.CharField(max_length=1000, blank=True)
    language = models.CharField(max_length=20, blank=True)
    section = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True, help_text="The feed's or page's description.")
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True, help_text="Sanitized (nh3) at extraction time.")
    #: What keyword search reads besides the text: the character pairs of its Chinese and
    #: Japanese runs (``pipeline.searchquery.ideograph_pairs``); null when it has none.
    #: Nullable without a default: SQLite adds it in place (keeping the search triggers).
    search_terms = models.TextField(null=True, blank=True, editable=False)
    word_count = models.PositiveIntegerField(default=0)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    discovered_at = models.DateTimeField(auto_now_add=True)
    #: What lists sort by: the publication time, or the discovery time of undated
    #: articles (one indexed column, so "latest" pages never sort the whole table).
    listed_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    extraction = models.CharField(
        max_length=20, choices=ExtractionState.choices, default=ExtractionState.PENDING
    )
    extraction_error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    leased_until = models.DateTimeField(null=True, blank=True)
    #: The publisher's robots directives that limit display ("noarchive,max-snippet:120");
    #: null until extracted. Nullable without a default: SQLite adds it in place.
    robots = models.CharField(max_length=200, null=True, blank=True)

    class Meta:
        ordering = ["-published", "-id"]
        indexes = [
            models.Index(fields=["-published", "-id"], name="article_latest"),
            models.Index(fields=["-listed_at", "-id"], name="article_listed"),
            models.Index(fields=["source", "-published"], name="article_source_latest"),
            models.Index(fields=["extraction", "next_attempt_at"], name="article_due"),
            models.Index(fields=["source", "guid"], name="article_source_guid"),
            models.Index(fields=["section", "-published"], name="article_section_latest"),
        ]

    def __str__(self) -> str:
        return self.title or self.url

    @property
    def sort_time(self) -> object:
        return self.published or self.discovered_at


class ArticleLink(models.Model):
    """Every URL known to lead to an article (feed links, redirects, canonical links)."""

    url = models.URLField(max_length=2000, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="links")

    def __str__(self) -> str:
        return self.url
