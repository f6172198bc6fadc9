"""The named jobs: every queue backend receives a job's name and JSON-able arguments
(``("extract_article", (42,))``) and runs it through :func:`run_job`, so a job can cross
a process or machine boundary. The database rows stay the real queue (leases, pending
rows), so running a job twice or losing one only delays the work."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from newsdesk.jobs.cluster_articles import cluster_pending
from newsdesk.jobs.enrich_article import enrich_next_batch
from newsdesk.jobs.extract_article import extract_article
from newsdesk.jobs.refresh_feed import refresh_feed
from newsdesk.jobs.summarize_story import summarize_next_stories

if TYPE_CHECKING:
    from newsdesk.jobs.context import JobContext

JobArg = int | str
JobArgs = tuple[JobArg, ...]


def _cluster_articles(ctx: JobContext) -> int:
    if ctx.stories is None:
        return 0
    return cluster_pending(ctx.stories, ctx.clock()).clustered


def _enrich_articles(ctx: JobContext) -> int:
    return 0 if ctx.ai is None else enrich_next_batch(ctx, ctx.ai)


def _summarize_stories(ctx: JobContext) -> int:
    return 0 if ctx.ai is None else summarize_next_stories(ctx, ctx.ai)


JOBS: Mapping[str, Callable[..., object]] = {
    "refresh_feed": refresh_feed,
    "extract_article": extract_article,
    "cluster_articles": _cluster_articles,
    "enrich_articles": _enrich_articles,
    "summarize_stories": _summarize_stories,
}


def run_job(ctx: JobContext, job: str, args: JobArgs | list[Any]) -> object:
    """Run the job ``job`` with ``args``; its result (an outcome, a count)."""
    try:
        function = JOBS[job]
    except KeyError:
        raise ValueError(f"unknown job {job!r}; known: {', '.join(sorted(JOBS))}") from None
    return function(ctx, *args)


def describe(job: str, args: JobArgs | list[Any]) -> str:
    """``extract_article:42``: a job's name in logs."""
    return ":".join([job, *(str(arg) for arg in args)])
