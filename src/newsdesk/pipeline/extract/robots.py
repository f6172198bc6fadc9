"""The publisher's robots directives for reuse of the page (``<meta name="robots">``).

Only the directives that govern how newsdesk may show a page are kept, in a normal form:
``noarchive`` (no stored copy: never the full text), ``nosnippet`` (no excerpt either) and
``max-snippet:N`` (an excerpt of at most N characters; 0 means none, -1 no limit).
``none`` implies ``noarchive`` and ``nosnippet``. Indexing directives (noindex, nofollow)
concern search engines and are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsdesk.pipeline.extract.meta import MetaTags

#: Meta names read: the generic one only (crawler-specific names address other robots).
ROBOTS_NAMES = ("robots",)


@dataclass(frozen=True)
class RobotsDirectives:
    noarchive: bool = False
    nosnippet: bool = False
    #: Longest excerpt in characters; None: no limit.
    max_snippet: int | None = None

    def __str__(self) -> str:
        parts = [name for name in ("noarchive", "nosnippet") if getattr(self, name)]
        if self.max_snippet is not None:
            parts.append(f"max-snippet:{self.max_snippet}")
        return ",".join(parts)


def parse_robots(values: list[str]) -> RobotsDirectives:
    """Combine ``content`` values of robots meta tags; the strictest directive wins."""
    noarchive = nosnippet = False
    limits: list[int] = []
    for value in values:
        for raw in value.lower().split(","):
            directive = raw.strip()
            if directive in {"noarchive", "none"}:
                noarchive = True
            if directive in {"nosnippet", "none"}:
                nosnippet = True
            name, _, argument = directive.partition(":")
            if name.strip() == "max-snippet":
                try:
                    number = int(argument.strip())
                except ValueError:
                    continue
                if number >= 0:
                    limits.append(number)
    limit = min(limits) if limits else None
    if limit == 0:
        nosnippet = True
    return RobotsDirectives(noarchive=noarchive, nosnippet=nosnippet, max_snippet=limit)


def robots_directives(meta: MetaTags) -> RobotsDirectives:
    return parse_robots(meta.all(*ROBOTS_NAMES))


#: Directive names that may carry an argument after a colon; any other ``name:`` at the start
#: of an X-Robots-Tag value names a user agent, and such a value addresses that robot only.
_ARGUMENT_DIRECTIVES = frozenset({"max-snippet", "max-image-preview", "max-video-preview"})
_UNAVAILABLE_AFTER = "unavailable_after"


def header_robots(value: str) -> list[str]:
    """The ``X-Robots-Tag`` directives that address every robot. A value that starts with a
    user agent (``googlebot: noarchive, nosnippet``) addresses that crawler only, up to the
    next user agent; repeated headers arrive joined by commas, so the rule carries on."""
    kept: list[str] = []
    for_everyone = True
    for part in value.split(","):
        name, colon, rest = part.strip().partition(":")
        name = name.strip().lower()
        directive = part.strip()
        if colon and name not in _ARGUMENT_DIRECTIVES and name != _UNAVAILABLE_AFTER:
            for_everyone = name in {"*", "all"}
            directive = rest.strip()
        if for_everyone and directive:
            kept.append(directive)
    return [",".join(kept)] if kept else []


def combined_robots(meta_robots: str, x_robots_tag: str | None) -> str:
    """The page's stored directives (``meta_robots``, in ``str(RobotsDirectives)`` form) with
    the HTTP header's added; the strictest wins."""
    if not x_robots_tag:
        return meta_robots
    return str(parse_robots([meta_robots, *header_robots(x_robots_tag)]))
