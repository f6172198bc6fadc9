"""newsdesk's data model. Writes go through ``newsdesk.store.actions``; reads through
``newsdesk.store.queries``."""

from newsdesk.store.models.articles import Article, ArticleLink, ExtractionState
from newsdesk.store.models.feeds import Feed, FeedStatus, Source
from newsdesk.store.models.stories import (
    ArticleVector,
    MembershipKind,
    RelatedArticle,
    Story,
    StoryMembership,
    TermStatsSnapshot,
)

__all__ = [
    "Article",
    "ArticleLink",
    "ArticleVector",
    "ExtractionState",
    "Feed",
    "FeedStatus",
    "MembershipKind",
    "RelatedArticle",
    "Source",
    "Story",
    "StoryMembership",
    "TermStatsSnapshot",
]
