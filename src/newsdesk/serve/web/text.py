"""Pure helpers that turn stored values into what list and article pages show."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta

import nh3
from django.utils.html import strip_tags

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def describe_age(when: datetime, now: datetime) -> str:
    """``"24 minutes ago"``, ``"3 hours ago"``, ``"yesterday"``, then a date.

    Times in the future (clock skew between publisher and us) read as "just now".
    """
    age = now - when
    if age < MINUTE:
        return "just now"
    if age < HOUR:
        minutes = age // MINUTE
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    if age < DAY:
        hours = age // HOUR
        return f"{hours} hour{'s' if hours != 1 else ''} ago"
    if age < 2 * DAY:
        return "yesterday"
    if when.year == now.year:
        return f"{when.day} {when:%B}"
    return f"{when.day} {when:%B %Y}"


def plain_text(markup: str) -> str:
    """Feed summaries may hold HTML: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(strip_tags(markup)).split())


def text_only(markup: str) -> str:
    """Text of stored markup with no element left: nh3 drops ``<script>``/``<style>`` with
    their content and every other tag, then entities are decoded and whitespace collapsed."""
    return plain_text(nh3.clean(markup or "", tags=set()))


#: What feeds append to a summary: a call to read on, an elided tail, WordPress's footer.
_ELIDED = r"\[(?:\.\.\.|\u2026)\]"
_READ_ON = (
    r"(?:read on|read more|continue reading|keep reading)(?:\s*(?:\.\.\.|\u2026|\u00bb|>>))?\.?"
)
_FOOTER = r"the post .{1,300} appeared first on .{1,200}?\.?"
# A call to read or a footer follows a sentence's end (or nothing): "to read more" is text.
_CALL_TO_READ = re.compile(
    rf"(?:\s*{_ELIDED}|(?:(?<=[.!?\u2026\]])\s*|^){_READ_ON}|(?:(?<=[.!?\u2026])\s*|^){_FOOTER})+$",
    re.IGNORECASE,
)


def without_call_to_read(summary: str) -> str:
    """A feed summary without its "Read more", "Continue reading …", "[…]" or "The post …
    appeared first on …" tail (a summary cut with "[…]" then ends mid-sentence and gives
    way to the body's words)."""
    return _CALL_TO_READ.sub("", summary).rstrip()


#: Quotation marks folded to plain ones when text is compared with a headline (one
#: character for one, so positions in the folded text are positions in the original).
_QUOTES = str.maketrans("\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u00ab\u00bb", "'" * 4 + '"' * 5)
#: What may stand between a repeated headline and the text after it.
_AFTER_HEADLINE = " \t-\u2013\u2014:|.,;"


def _fold(value: str) -> str:
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in value.translate(_QUOTES))


def without_headline(text: str, title: str) -> str:
    """``text`` without the article's headline repeated at its start (a feed summary or a
    body that opens with it, "Ship seized - Seoul has seized ..."), so a card does not
    print its title twice. Only a headline of three words or more, ending at a word
    boundary in ``text``; whitespace in both is collapsed first."""
    text, head = " ".join(text.split()), " ".join(title.split())
    if len(head.split()) < 3 or not _fold(text).startswith(_fold(head)):
        return text
    rest = text[len(head) :]
    if rest and (rest[0].isalnum() or rest[0] == "_"):
        return text  # the headline's last word goes on ("Ten died" / "Ten diedo")
    return rest.lstrip(_AFTER_HEADLINE)


def first_words(text: str, count: int, *, clipped: bool = False) -> str:
    """The first ``count`` words of ``text``, with an ellipsis if anything was cut.

    ``clipped``: ``text`` is itself the head of a longer text, cut at a character count,
    so its last word may be a fragment: that word is dropped and the ellipsis shown.
    """
    words = text.split()
    cut = len(words) > count
    if clipped and words:
        words, cut = words[:-1], True
    if not cut:
        return " ".join(words)
    return " ".join(words[:count]).rstrip(",;:.") + "…"


#: How a finished sentence or headline ends (closing quotes and brackets included).
CLOSERS = frozenset(".!?…\"'\u201d\u2019»)]")  # curly quotes by code (RUF001)


def continuation(summary: str, body: str) -> str | None:
    """Where a feed summary stops mid-sentence (publishers cut them at a character count,
    often mid-word) and the body holds the same words and goes on: the body from where
    the summary starts, to be cut at a word instead. None: the summary stands as it is."""
    if not summary or summary[-1] in CLOSERS:
        return None
    start = body.find(summary)
    if start < 0 or start + len(summary) >= len(body):
        return None
    return body[start:]


def join_names(names: list[str]) -> str:
    """``["A", "B", "C"]`` → ``"A, B and C"``."""
    names = [n.strip() for n in names if n and n.strip()]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
