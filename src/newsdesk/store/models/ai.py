"""AI output: a cache keyed by (kind, object id, content version), named entities per
article, and the instance's LLM token usage per month."""

from __future__ import annotations

from django.db import models

from newsdesk.store.models.articles import Article


class AIOutput(models.Model):
    """One piece of AI output for one object (an article now, a story later) at one version
    of its content. A new version (the article re-extracted, a story gaining an article, a
    new model) is a new row; every reader shares the same row."""

    class Kind(models.TextChoices):
        ARTICLE_SUMMARY = "article_summary", "Article summary and key points"
        STORY_SUMMARY = "story_summary", "Story summary with citations"
        STYLED = "styled", "LLM summary in a style"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    #: Hash of the content it was made from and of the method (model) that made it.
    version = models.CharField(max_length=64)
    method = models.CharField(max_length=200)
    payload = models.JSONField(default=dict)
    tokens = models.PositiveIntegerField(default=0, help_text="LLM tokens it cost.")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "version"], name="aioutput_kind_object_version"
            )
        ]
        indexes = [
            models.Index(fields=["kind", "object_id", "-created_at"], name="aioutput_latest")
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id} @ {self.version[:8]}"


class Entity(models.Model):
    """A person, place or organisation, identified across articles by kind + name. A bare
    surname ("Obama") folded into the full name it stands for keeps its row and points at
    that entity (``merged_into``), so its URL redirects, as a merged story's does."""

    key = models.CharField(max_length=300, unique=True)
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="folded"
    )

    class Meta:
        verbose_name_plural = "entities"

    def __str__(self) -> str:
        return self.name


class ArticleEntity(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="entity_links")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="article_links")
    mentions = models.PositiveIntegerField(default=1)
    surface_forms = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "entity"], name="articleentity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entity} in {self.article_id}"


class AIUsage(models.Model):
    """LLM tokens spent by this instance in one calendar month (the budget's counter)."""

    month = models.DateField(unique=True, help_text="First day of the month.")
    tokens = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.tokens} tokens"
