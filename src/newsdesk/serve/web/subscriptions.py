"""A reader's subscriptions: follow a feed by its URL, and import or export them as OPML
with folders. Shared by the account pages and the Google Reader API.

A URL names a source when it is one of the site's feeds or a source's home page. Only an
operator (a staff account) adds a new feed to the site: it passes the same address checks
as every fetch (no private addresses unless ``NEWSDESK_ALLOW_NETWORKS`` allows them) and
the workers poll it later, as after ``newsdesk feeds import``. Nothing here fetches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from newsdesk.pipeline.errors import FetchError, InvalidOPML, UsageError
from newsdesk.pipeline.fetch.guard import AddressGuard, check_url
from newsdesk.pipeline.parse import build_opml, parse_opml
from newsdesk.pipeline.types import OutlineEntry
from newsdesk.store.actions import folders as folder_actions
from newsdesk.store.actions import follows as follow_actions
from newsdesk.store.actions.feeds import do_add_feed
from newsdesk.store.models import Source
from newsdesk.store.queries import reader_apps as app_queries

#: The largest OPML file a reader may upload (feed readers' exports are a few hundred KB).
MAX_OPML_BYTES = 1024 * 1024
#: The most feeds one import may name.
MAX_OPML_FEEDS = 2000


def url_guard() -> AddressGuard:
    return AddressGuard.from_networks(settings.NEWSDESK.allow_networks)


def is_operator(user: AbstractBaseUser) -> bool:
    return bool(getattr(user, "is_staff", False))


def find_or_add_source(
    user: AbstractBaseUser, url: str, *, now: datetime, title: str = "", site_url: str = ""
) -> Source:
    """The source of the feed (or home page) at ``url``; an operator adds a new feed URL
    to the site. Raises ValueError with the reason to show."""
    url = url.strip()
    try:
        check_url(url, url_guard())
    except FetchError as error:
        raise ValueError(str(error)) from error
    known = app_queries.source_for_url(url)
    if known is not None:
        return known
    if not is_operator(user):
        raise ValueError(
            "newsdesk follows only the feeds the site already has; ask its operator to add this one"
        )
    added = do_add_feed(
        url,
        now=now,
        interval=settings.NEWSDESK.poll_default_interval,
        title=title,
        site_url=site_url,
        source_name=title,
    )
    return added.feed.source


def export_opml(user_id: int, username: str) -> bytes:
    """The reader's subscriptions (what reader apps see) as OPML 2.0, a nested outline
    per folder."""
    return build_opml(app_queries.reader_outlines(user_id), title=f"{username} on newsdesk")


@dataclass
class ImportReport:
    followed: int = 0
    filed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)


def read_outlines(content: bytes) -> list[OutlineEntry]:
    """The feeds of an uploaded OPML file; UsageError for one too big, unreadable or
    hostile (entity declarations), or naming too many feeds."""
    if len(content) > MAX_OPML_BYTES:
        raise UsageError(f"the OPML file is larger than {MAX_OPML_BYTES // 1024} KB")
    try:
        outlines = parse_opml(content)
    except InvalidOPML as error:
        raise UsageError(f"not a readable OPML file: {error}") from error
    if not outlines:
        raise UsageError("the OPML file names no feeds (no outline has an xmlUrl)")
    if len(outlines) > MAX_OPML_FEEDS:
        raise UsageError(f"the OPML file names more than {MAX_OPML_FEEDS} feeds")
    return outlines


def folder_name(category: str | None) -> str:
    """An outline's folder: its category (nested folders joined by " / "), cut to fit."""
    try:
        return folder_actions.clean_folder_name(category or "")[: folder_actions.MAX_FOLDER_NAME]
    except UsageError:
        return ""


def import_opml(user: AbstractBaseUser, content: bytes, *, now: datetime) -> ImportReport:
    """Follow the feeds of an OPML file that name the site's sources (an operator's also
    add new feeds), each in its outline's folder. One transaction: all or nothing."""
    outlines = read_outlines(content)
    report = ImportReport()
    user_id = int(user.pk)
    chosen: dict[int, Source] = {}
    placements: dict[int, str] = {}
    with transaction.atomic():
        for outline in outlines:
            try:
                source = find_or_add_source(
                    user,
                    outline.xml_url,
                    now=now,
                    title=outline.title,
                    site_url=outline.html_url or "",
                )
            except ValueError as error:
                report.skipped.append((outline.xml_url, str(error)))
                continue
            chosen[source.pk] = source
            name = folder_name(outline.category)
            if name:
                placements[source.pk] = name
        follow_actions.do_follow_sources(user_id, list(chosen.values()), now=now)
        report.followed = len(chosen)
        report.filed = folder_actions.do_file_sources(user_id, placements, now=now)
    return report
