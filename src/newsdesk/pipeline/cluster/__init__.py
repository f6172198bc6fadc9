"""Story clustering: pure maths over article features (no Django, no I/O)."""

from newsdesk.pipeline.cluster.online import (
    Assignment,
    ClusterArticle,
    ClusterOptions,
    ClusterState,
    Reason,
    assign_article,
)
from newsdesk.pipeline.cluster.stream import assign_stream

__all__ = [
    "Assignment",
    "ClusterArticle",
    "ClusterOptions",
    "ClusterState",
    "Reason",
    "assign_article",
    "assign_stream",
]
