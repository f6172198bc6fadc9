from __future__ import annotations

from django.db import models

from newsdesk.store.models.articles import Article


class Story(models.Model):
    """An event covered by one or more outlets. A merged story keeps its row and points to
    the story that absorbed it (``merged_into``), so its URL redirects."""

    key = models.PositiveBigIntegerField(
        unique=True, help_text="The clusterer's id for the story: its founding article's id."
    )
    headline = models.CharField(max_length=1000, blank=True)
    language = models.CharField(max_length=20, blank=True)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    article_count = models.PositiveIntegerField(default=0, help_text="Members, copies excluded.")
    source_count = models.PositiveIntegerField(default=0)
    first_article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="absorbed"
    )
    #: Clusterer state: the summed embedding (float32 bytes), keyword and name centroids.
    dense_sum = models.BinaryField(default=b"")
    keywords = models.JSONField(default=dict, blank=True)
    names = models.JSONField(default=dict, blank=True)
    #: Figures its articles report (the clusterer's recurring-report check). Nullable so
    #: that SQLite adds the column in place (a rebuilt table loses migration 0007's stats).
    figures = models.JSONField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "stories"
        indexes = [
            models.Index(fields=["merged_into", "-last_seen"], name="story_live"),
            models.Index(fields=["-source_count", "-last_seen"], name="story_top"),
        ]

    def __str__(self) -> str:
        return self.headline or f"story {self.pk}"


class MembershipKind(models.TextChoices):
    NEW = "new", "Started the story"
    JOINED = "joined", "Joined by similarity"
    DUPLICATE = "duplicate", "Copy of an earlier article"
    SPAM = "spam", "Flagged: too many copies"
    ALONE = "alone", "Too little text to compare"


class StoryMembership(models.Model):
    """Where the clusterer put one article and why. The row's existence means the article
    is clustered; extracted articles without one are the clustering queue."""

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="membership"
    )
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )
    kind = models.CharField(max_length=20, choices=MembershipKind.choices)
    duplicate_of = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    #: Signal scores and the threshold (``Reason.as_dict``): the "why grouped" view.
    reason = models.JSONField(default=dict, blank=True)
    #: The time used for clustering (publication time, clamped to arrival).
    time = models.DateTimeField()
    sequence = models.PositiveBigIntegerField(help_text="Clustering order.", db_index=True)

    class Meta:
        indexes = [models.Index(fields=["story", "time"], name="membership_timeline")]

    def __str__(self) -> str:
        return f"{self.article_id} -> {self.story_id} ({self.kind})"


class ArticleVector(models.Model):
    """An article's embedding (float32 bytes). The worker indexes these in memory."""

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="vector"
    )
    model = models.CharField(max_length=100)
    vector = models.BinaryField()

    def __str__(self) -> str:
        return f"vector of {self.article_id}"


class RelatedArticle(models.Model):
    """Precomputed related articles of one article, in display order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_rows")
    related = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    same_story = models.BooleanField(default=False)

    class Meta:
        ordering = ["article", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["article", "rank"], name="related_rank_unique")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} ~ {self.related_id}"


class TermStatsSnapshot(models.Model):
    """The clusterer's learnt document frequencies, saved after each batch (one row)."""

    documents = models.PositiveBigIntegerField(default=0)
    df = models.JSONField(default=dict)
    sequence = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"term stats over {self.documents} documents"


class JobLease(models.Model):
    """A named lease on a job that only one worker process may run at a time (story
    clustering). The holder renews it while it works; when it stops renewing (killed,
    stuck), another worker takes it over after ``expires_at``. ``epoch`` grows with each
    change of holder: a worker that sees a new epoch knows others wrote in between."""

    name = models.CharField(max_length=100, unique=True)
    holder = models.CharField(max_length=200, blank=True)
    expires_at = models.DateTimeField()
    epoch = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder or 'nobody'} until {self.expires_at}"
