"""Story summaries with citations, one per story version, shared by every reader.

The scheduler runs :func:`summarize_next_stories` as one job at a time while stories have
changed since their last summary (a new member article, an edited one). The version is a
hash of the member articles' ids and content and of the method: an unchanged version keeps
its row (marked current), a new one adds a row, and the story page shows the newest.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict
from typing import Any

from django.db import DatabaseError

from newsdesk.jobs.context import JobContext
from newsdesk.jobs.enrich_article import PAUSE_AFTER_FAILURE
from newsdesk.pipeline.enrich.providers import Providers
from newsdesk.pipeline.enrich.stories import MemberArticle, StorySummary, summarize_story
from newsdesk.pipeline.errors import NewsdeskError
from newsdesk.pipeline.extract.robots import parse_robots
from newsdesk.store.actions.ai import do_refresh_ai_output, do_store_ai_output
from newsdesk.store.models import AIOutput, Article, Story
from newsdesk.store.queries.ai import ai_output, stories_needing_summary, story_summary_members

log = logging.getLogger(__name__)

#: Stories summarized per job run.
BATCH = 8
#: Member articles a story summary reads (the first reported).
MAX_MEMBERS = 12


def story_version(members: list[Article], method: str) -> str:
    parts = [
        f"{a.pk}:{a.content_hash or hashlib.sha256(a.body_text.encode()).hexdigest()}:{a.title}"
        + (f":{a.robots}" if a.robots else "")  # what may be quoted is part of the version
        for a in members
    ]
    return hashlib.sha256("|".join([method, *parts]).encode()).hexdigest()


def member_articles(articles: list[Article]) -> list[MemberArticle]:
    return [
        MemberArticle(
            str(a.pk),
            a.source.name or a.source.domain,
            a.title,
            a.body_text,
            a.url,
            quotable=not parse_robots([a.robots or ""]).nosnippet,
        )
        for a in articles
    ]


def summary_payload(summary: StorySummary, articles: int) -> dict[str, Any]:
    return {
        "sentences": [
            {"text": s.text, "citations": [asdict(c) for c in s.citations]}
            for s in summary.sentences
        ],
        "disagreements": [
            {"about": d.about, "text": d.text, "claims": [asdict(c) for c in d.claims]}
            for d in summary.disagreements
        ],
        "dropped": summary.dropped,
        "articles": articles,
    }


def summarize_one_story(ctx: JobContext, providers: Providers, story: Story) -> AIOutput:
    """The story's summary for its current members (cached per version; a story with no
    text gets an empty one, so it leaves the queue)."""
    members = story_summary_members(story, MAX_MEMBERS)
    embedder = providers.embedder()
    method = f"extractive:{embedder.model_id}"
    version = story_version(members, method)
    now = max(ctx.clock(), story.updated_at)
    existing = ai_output(AIOutput.Kind.STORY_SUMMARY, story.pk, version)
    if existing is not None:
        return do_refresh_ai_output(existing, now=now)
    summary = summarize_story(member_articles(members), embedder)
    return do_store_ai_output(
        AIOutput.Kind.STORY_SUMMARY,
        story.pk,
        version,
        method=summary.method,
        payload=summary_payload(summary, len(members)),
        now=now,
    )


def summarize_next_stories(ctx: JobContext, providers: Providers, limit: int = BATCH) -> int:
    """The scheduler's story-summary job: the stories changed most recently first.
    Failures are logged and pause the queue; returns how many were summarized."""
    done = 0
    try:
        for story in stories_needing_summary(limit):
            summarize_one_story(ctx, providers, story)
            done += 1
    except (NewsdeskError, DatabaseError) as error:
        log.warning("story summaries failed: %s: %s", type(error).__name__, error)
    state = ctx.story_summaries
    state.paused_until = None if done else ctx.clock() + PAUSE_AFTER_FAILURE
    return done
