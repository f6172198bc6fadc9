from __future__ import annotations

from django.db import models


class Source(models.Model):
    """A publisher (outlet), identified by its registrable host name."""

    class DisplayPolicy(models.TextChoices):
        FULL = "full", "Full text"
        EXCERPT = "excerpt", "Excerpt and link"
        LINK = "link", "Link only"

    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=253, unique=True)
    homepage = models.URLField(max_length=2000, blank=True)
    icon = models.URLField(max_length=2000, blank=True)
    display_policy = models.CharField(
        max_length=10, choices=DisplayPolicy.choices, default=DisplayPolicy.FULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FeedStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ERROR = "error", "Failing"
    GONE = "gone", "Gone (410)"
    PAUSED = "paused", "Paused"


class Feed(models.Model):
    """A subscribed feed. The row is also the job's state: due time, lease, errors."""

    url = models.URLField(max_length=2000, unique=True)
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="feeds")
    title = models.CharField(max_length=500, blank=True)
    site_url = models.URLField(max_length=2000, blank=True)
    format = models.CharField(max_length=20, blank=True)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=FeedStatus.choices, default=FeedStatus.ACTIVE)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_entry_at = models.DateTimeField(null=True, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    interval = models.PositiveIntegerField(default=1800, help_text="Seconds between polls.")
    next_poll_at = models.DateTimeField(db_index=True)
    leased_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["source__name", "url"]

    def __str__(self) -> str:
        return self.title or self.url
