"""Readers' things: profile (ban), login attempts (throttling), follows and saved articles."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from newsdesk.store.models.articles import Article
from newsdesk.store.models.feeds import Source


class Profile(models.Model):
    """What newsdesk keeps about a reader beyond Django's user: moderation state."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="newsdesk_profile"
    )
    banned_at = models.DateTimeField(null=True, blank=True)
    ban_reason = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"profile of user {self.user_id}"


class LoginAttempt(models.Model):
    """A failed log-in, kept for a while to throttle password guessing."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["ip", "at"], name="loginattempt_ip_at")]

    def __str__(self) -> str:
        return f"{self.username} at {self.at:%Y-%m-%d %H:%M}"


class Folder(models.Model):
    """A reader's folder (a label, in reader apps) for the sources they follow: each
    followed source is in at most one folder (``Follow.folder``), or in none."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="folders"
    )
    name = models.CharField(max_length=100)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="folder_name_once"),
        ]

    def __str__(self) -> str:
        return f"folder {self.name!r} of user {self.user_id}"


class Follow(models.Model):
    """A reader follows a source, a topic (an article's section) or an entity (a person,
    place or organisation named in articles)."""

    class Kind(models.TextChoices):
        SOURCE = "source", "Source"
        TOPIC = "topic", "Topic"
        ENTITY = "entity", "Entity"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    source = models.ForeignKey(Source, on_delete=models.CASCADE, null=True, blank=True)
    topic = models.CharField(max_length=200, blank=True)
    entity = models.ForeignKey(
        "newsdesk.Entity", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    #: The reader's folder for a followed source (source follows only); none when unfiled.
    folder = models.ForeignKey(
        Folder, on_delete=models.SET_NULL, null=True, blank=True, related_name="follows"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "source"],
                condition=models.Q(kind="source"),
                name="follow_source_once",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"], condition=models.Q(kind="topic"), name="follow_topic_once"
            ),
            models.UniqueConstraint(
                fields=["user", "entity"],
                condition=models.Q(kind="entity"),
                name="follow_entity_once",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.user_id} follows {self.kind} {self.source_id or self.entity_id or self.topic}"
        )


class SavedArticle(models.Model):
    """An article a reader saved to read later (and offline)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="save_article_once"),
        ]
        indexes = [models.Index(fields=["user", "-saved_at"], name="saved_latest")]

    def __str__(self) -> str:
        return f"{self.user_id} saved {self.article_id}"


class ReadArticle(models.Model):
    """An article a reader has read, as a reader app (Fever API) reports it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_articles"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="read_article_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.article_id}"


class AppPassword(models.Model):
    """A reader app's credential (Fever API): only the SHA-256 of the Fever key,
    md5("username:app password"), is kept; the app password itself never is."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="app_password"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"app password of user {self.user_id}"
