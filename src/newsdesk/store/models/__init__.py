"""newsdesk's data model. Writes go through ``newsdesk.store.actions``; reads through
``newsdesk.store.queries``."""

from newsdesk.store.models.accounts import (
    AppPassword,
    Folder,
    Follow,
    LoginAttempt,
    Profile,
    ReadArticle,
    SavedArticle,
)
from newsdesk.store.models.ai import AIOutput, AIUsage, ArticleEntity, Entity
from newsdesk.store.models.articles import Article, ArticleLink, ExtractionState
from newsdesk.store.models.comments import Comment, CommentReport, CommentStatus
from newsdesk.store.models.feeds import Feed, FeedStatus, Source
from newsdesk.store.models.stories import (
    ArticleVector,
    JobLease,
    MembershipKind,
    RelatedArticle,
    Story,
    StoryMembership,
    TermStatsSnapshot,
)

__all__ = [
    "AIOutput",
    "AIUsage",
    "AppPassword",
    "Article",
    "ArticleEntity",
    "ArticleLink",
    "ArticleVector",
    "Comment",
    "CommentReport",
    "CommentStatus",
    "Entity",
    "ExtractionState",
    "Feed",
    "FeedStatus",
    "Folder",
    "Follow",
    "JobLease",
    "LoginAttempt",
    "MembershipKind",
    "Profile",
    "ReadArticle",
    "RelatedArticle",
    "SavedArticle",
    "Source",
    "Story",
    "StoryMembership",
    "TermStatsSnapshot",
]
