"""Page metadata with a fixed precedence: JSON-LD, then meta tags, then visible markup."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

import lxml.html
from htmldate import find_date
from lxml import etree

from newsdesk.pipeline.extract import byline
from newsdesk.pipeline.extract.authors import clean_authors, clean_organisation, looks_like_person
from newsdesk.pipeline.extract.dates import parse_date
from newsdesk.pipeline.extract.headline import choose_title, visible_headline
from newsdesk.pipeline.extract.jsonld import (
    LISTING_TYPES,
    JsonObject,
    find_article,
    has_type,
    jsonld_objects,
)
from newsdesk.pipeline.extract.language import normalise_language
from newsdesk.pipeline.extract.leadimage import lead_image
from newsdesk.pipeline.extract.meta import MetaTags, collect_meta
from newsdesk.pipeline.extract.partial import wall_on_page
from newsdesk.pipeline.extract.titles import names_site, normalise_space, strip_site_name
from newsdesk.pipeline.extract.urls import absolute_url, host_of

_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "dc.date.created",
    "date",
    "og:published_time",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
    "article.updated",
)
_AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
)
_IMAGE_META = (
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
    "twitter:image:src",
)
_TITLE_META = ("og:title", "twitter:title", "parsely-title", "dc.title", "headline")
_DESCRIPTION_META = ("og:description", "description", "twitter:description", "dc.description")
_SECTION_META = ("article:section", "parsely-section", "section", "article.section")
_SITE_META = ("og:site_name", "application-name", "publisher")
_VIDEO_TYPES = frozenset({"videoobject"})
_MAX_CREDITS = 50
_LANGUAGE_META = ("og:locale", "content-language", "language", "dc.language", "inlanguage")


@dataclass(frozen=True)
class PageMetadata:
    """Everything known about a page apart from its body."""

    title: str = ""
    #: The page's visible ``<h1>`` headline (may differ from ``title``).
    headline: str = ""
    #: Every headline the page's metadata gives (JSON-LD, Open Graph, Twitter, ``<title>``).
    title_variants: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    modified: datetime | None = None
    image: str | None = None
    language: str | None = None
    section: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    description: str = ""
    #: Every distinct summary the page gives (JSON-LD, Open Graph, meta), ``description`` first.
    summaries: tuple[str, ...] = ()
    #: The structured-data copy of the article text (JSON-LD ``articleBody``).
    article_body: str = ""
    #: The descriptions of the article's authors in its JSON-LD (their bios).
    author_bios: tuple[str, ...] = ()
    paywalled: bool = False
    #: Article markup (JSON-LD article, og:type article, a publication date) was seen.
    article_signals: bool = False
    #: The page calls itself a listing (JSON-LD CollectionPage, ItemList...).
    listing_signals: bool = False
    #: Its Open Graph type is "website": a listing's, and many CMSs' default for every page.
    website_type: bool = False
    #: The page's address is a site's front page (see ``home_page``).
    front_page: bool = False
    #: The page calls itself a video (og:type video.*, a JSON-LD VideoObject and no article).
    video_signals: bool = False
    #: The page's ``<meta>`` tags (read once; the robots directives come from them too).
    meta: MetaTags = field(default_factory=lambda: MetaTags({}))


def extract_metadata(
    tree: lxml.html.HtmlElement, url: str | None, now: datetime | None = None
) -> PageMetadata:
    """All metadata of the page in ``tree``; ``url`` resolves relative links."""
    objects = jsonld_objects(tree)
    article = find_article(objects) or {}
    meta = collect_meta(tree)
    base = _base_url(tree, url)
    site_name = _site_name(article, meta)
    published = _published(article, meta, tree, now)
    listing = _listing(objects)
    og_type = (meta.first("og:type") or "").lower()
    return PageMetadata(
        title=_title(article, meta, tree, site_name, base),
        headline=visible_headline(tree, ""),
        title_variants=_title_variants(article, meta, tree, site_name, base),
        authors=tuple(_authors(article, meta, tree, (site_name, host_of(base)))),
        published=published or (None if listing else _date_in_text(tree, url, now)),
        modified=_modified(article, meta, tree, now),
        image=_image(article, meta, tree, base),
        language=_language(article, meta, tree),
        section=_section(article, meta),
        canonical_url=_canonical(article, meta, tree, base),
        site_name=site_name,
        description=_description(article, meta),
        summaries=_summaries(article, meta),
        article_body=_article_body(article),
        author_bios=_author_bios(article),
        paywalled=_paywalled(article, tree),
        article_signals=bool(article) or meta.first("og:type") == "article" or bool(published),
        listing_signals=listing,
        website_type=og_type == "website",
        front_page=home_page(url),
        video_signals=og_type.startswith("video")
        or (not article and any(has_type(obj, _VIDEO_TYPES) for obj in objects)),
        meta=meta,
    )


def _base_url(tree: lxml.html.HtmlElement, url: str | None) -> str | None:
    for base in tree.iter("base"):
        resolved = absolute_url(base.get("href"), url)
        if resolved:
            return resolved
    return url


def _text(value: object) -> str:
    """A string field that may also come as a list or a ``{"name": ...}`` object."""
    if isinstance(value, list):
        value = next((item for item in value if item), "")
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    return normalise_space(html.unescape(value)) if isinstance(value, str) else ""


def _first(values: Iterable[str]) -> str:
    return next((value for value in values if value), "")


def _site_name(article: JsonObject, meta: MetaTags) -> str | None:
    return _first((meta.first(*_SITE_META), _text(article.get("publisher")))) or None


def _title(
    article: JsonObject,
    meta: MetaTags,
    tree: lxml.html.HtmlElement,
    site_name: str | None,
    base: str | None,
) -> str:
    """JSON-LD headline, then meta titles, ``<title>``, ``<h1>``; cut by the visible headline.

    JSON-LD also gives the article a ``name``; where the two differ and the name is
    the Open Graph title too, two sources agree against one (a ``headline`` is often
    a shortened version for search results) and the name wins.
    """
    headline, name = _text(article.get("headline")), _text(article.get("name"))
    if headline and name and _same_text(name, meta.first("og:title")):
        headline = name
    raw = _first(
        (
            headline,
            meta.first(*_TITLE_META),
            name,
            _element_text(tree, "title"),
            _element_text(tree, "h1"),
        )
    )
    title = strip_site_name(raw, site_name, host_of(base))
    headline = strip_site_name(visible_headline(tree, title), site_name, host_of(base))
    return choose_title(headline, title)


def _same_text(text: str, other: str) -> bool:
    return bool(text) and normalise_space(text).casefold() == normalise_space(other).casefold()


def _title_variants(
    article: JsonObject,
    meta: MetaTags,
    tree: lxml.html.HtmlElement,
    site_name: str | None,
    base: str | None,
) -> tuple[str, ...]:
    raw = (
        _text(article.get("headline")),
        *meta.all(*_TITLE_META),
        _element_text(tree, "title"),
    )
    stripped = (strip_site_name(title, site_name, host_of(base)) for title in raw if title)
    return tuple(dict.fromkeys(title for title in stripped if title))


def _element_text(tree: lxml.html.HtmlElement, tag: str) -> str:
    for element in tree.iter(tag):
        text = normalise_space(element.text_content())
        if text:
            return text
    return ""


def _authors(
    article: JsonObject, meta: MetaTags, tree: lxml.html.HtmlElement, site: tuple[str | None, str]
) -> list[str]:
    """JSON-LD credits (persons and organisations), meta tags, then visible bylines.

    Structured data names organisations deliberately (an agency, a desk), so they stay;
    a meta tag or byline that adds the site's name to people's ("By A, CNN") loses it.
    Where a source credits only the site itself ("mdr.de", ``site`` is its name and
    host), a later source naming someone else wins, then people a visible byline names.
    """
    site_name = site[0]
    sources = (
        _jsonld_authors(article.get("author") or article.get("creator"), site_name),
        _without_site(clean_authors(meta.all(*_AUTHOR_META)), site_name),
        _without_site(clean_authors(_labelled_meta(meta, _WRITTEN_BY)), site_name),
    )
    found = [names for names in sources if names]
    for names in found:
        if not all(names_site(name, *site) for name in names):
            return names
    visible = _without_site(clean_authors(byline.byline_texts(tree)), site_name)
    people = [name for name in visible if looks_like_person(name) and not names_site(name, *site)]
    if not people:
        # no byline names anyone but the site: the names in bold beside the text
        signed = clean_authors(byline.signed_lines(tree))
        if signed and all(looks_like_person(n) and not names_site(n, *site) for n in signed):
            return signed
    if not found:
        return visible
    return people or found[0]


#: Twitter "label/data" pairs some CMSs fill with the byline (``twitter:label1`` "Written by").
_WRITTEN_BY = frozenset({"written by", "author", "autor", "geschrieben von", "verfasst von"})


def _labelled_meta(meta: MetaTags, labels: frozenset[str]) -> list[str]:
    values = [value for label in labels for value in meta.all(f"twitter:misc:{label}")]
    for index in range(1, 5):
        label = meta.first(f"twitter:label{index}").casefold()
        if label in labels:
            values += meta.all(f"twitter:data{index}")
    return values


def _without_site(names: list[str], site_name: str | None) -> list[str]:
    """Drop the site's own name from a list that also names people ("By A, CNN")."""
    if not site_name or len(names) < 2:
        return names
    return [name for name in names if name.casefold() != site_name.casefold()]


def _jsonld_authors(value: object, site_name: str | None) -> list[str]:
    """Names credited in JSON-LD, in order: persons cleaned, organisations kept whole."""
    names: list[str] = []
    for item in _flatten(value):
        if isinstance(item, str):
            names += _without_site(clean_authors([item]), site_name)
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            if has_type(item, frozenset({"organization", "newsmediaorganization"})):
                names.append(clean_organisation(item["name"]))
            else:
                names += _without_site(clean_authors([item["name"]]), site_name)
    return list(dict.fromkeys(name for name in names if name))


def _flatten(value: object) -> list[object]:
    """A JSON value as a flat list (some sites nest the author list in a list)."""
    items: list[object] = []
    stack = [value]
    while stack and len(items) < _MAX_CREDITS:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        else:
            items.append(item)
    return items


def _published(
    article: JsonObject, meta: MetaTags, tree: lxml.html.HtmlElement, now: datetime | None
) -> datetime | None:
    candidates = [article.get("datePublished"), article.get("dateCreated")]
    candidates += meta.all(*_PUBLISHED_META)
    # the page's elements are searched only when the metadata gives no date
    found = _first_date(candidates, now)
    return (
        found if found is not None else _first_date(byline.time_values(tree, "datepublished"), now)
    )


def _date_in_text(
    tree: lxml.html.HtmlElement, url: str | None, now: datetime | None
) -> datetime | None:
    """The publication date the page writes out ("erstellt: 01. April 2025, 15:25", a date
    in its URL or its scripts' data), by htmldate's search, for a page whose metadata and
    ``<time>`` elements give none. A day, not a time; never after ``now``. htmldate works
    on its own copy of the tree. A date the page's title ends with ("... | DW |
    28.04.2023") comes first: htmldate does not read the title, and may take a picture
    caption's date instead."""
    titled = _title_date(_element_text(tree, "title"), now)
    if titled is not None:
        return titled
    try:
        found = find_date(
            tree,
            original_date=True,
            url=url,
            extensive_search=False,
            max_date=(now or datetime.now(UTC)).strftime("%Y-%m-%d"),
        )
    except (ValueError, TypeError, OverflowError, etree.LxmlError):
        return None
    return parse_date(found, now) if found else None


#: A title's last part that is a whole date alone: day-first with points, or ISO.
_TITLE_DATE = re.compile(
    r"(?:^|\s[|\-\u2013\u2014·•]\s)\s*"
    r"(?:(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{4})-(\d{2})-(\d{2}))\s*$"
)


def _title_date(title: str, now: datetime | None) -> datetime | None:
    """The date a title ends with as a part of its own ("... | DW | 28.04.2023")."""
    match = _TITLE_DATE.search(title)
    if match is None:
        return None
    if match.group(1):
        day, month, year = match.group(1, 2, 3)
    else:
        year, month, day = match.group(4, 5, 6)
    return parse_date(f"{year}-{int(month):02d}-{int(day):02d}", now)


def _modified(
    article: JsonObject, meta: MetaTags, tree: lxml.html.HtmlElement, now: datetime | None
) -> datetime | None:
    candidates: list[object] = [article.get("dateModified"), *meta.all(*_MODIFIED_META)]
    found = _first_date(candidates, now)
    return (
        found if found is not None else _first_date(byline.time_values(tree, "datemodified"), now)
    )


def _first_date(candidates: Sequence[object], now: datetime | None) -> datetime | None:
    for candidate in candidates:
        parsed = parse_date(candidate, now)
        if parsed is not None:
            return parsed
    return None


def _image(
    article: JsonObject, meta: MetaTags, tree: lxml.html.HtmlElement, base: str | None
) -> str | None:
    candidates = [*meta.all(*_IMAGE_META), _jsonld_image(article.get("image"))]
    candidates += [link.get("href") for link in tree.iter("link") if _rel(link) == "image_src"]
    candidates.append(_jsonld_image(article.get("thumbnailUrl")))
    resolved = (absolute_url(candidate, base) for candidate in candidates)
    return lead_image(tree, list(dict.fromkeys(url for url in resolved if url)), base)


def _jsonld_image(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return value if isinstance(value, str) else None


def _rel(element: lxml.html.HtmlElement) -> str:
    return (element.get("rel") or "").strip().lower()


def _language(article: JsonObject, meta: MetaTags, tree: lxml.html.HtmlElement) -> str | None:
    candidates = [tree.get("lang"), tree.get("xml:lang"), *meta.all(*_LANGUAGE_META)]
    candidates.append(_text(article.get("inLanguage")))
    for candidate in candidates:
        language = normalise_language(candidate)
        if language:
            return language
    return None


def _section(article: JsonObject, meta: MetaTags) -> str | None:
    found = _first((_text(article.get("articleSection")), meta.first(*_SECTION_META)))
    return normalise_section(found) or None


#: Section names that name no topic: "news" and "articles" in the languages of the feeds we
#: have met, site furniture ("home", "latest") and CMS defaults ("uncategorized").
GENERIC_SECTIONS = frozenset(
    [
        "news",
        "articles",
        "article",
        "stories",
        "story",
        "posts",
        "post",
        "blog",
        "home",
        "homepage",
        "index",
        "main",
        "content",
        "general",
        "default",
        "uncategorized",
        "uncategorised",
        "misc",
        "latest",
        "top-stories",
        "breaking",
        "nachrichten",
        "aktuelles",
        "aktuell",
        "meldungen",
        "noticias",
        "notícias",
        "actualités",
        "actualites",
        "actualité",
        "notizie",
        "nieuws",
        "nyheter",
        "nyheder",
        "uutiset",
        "fréttir",
        "wiadomości",
        "zprávy",
        "haberler",
        "gündem",
        "новости",
        "izindaba",
        "ニュース",
        "新闻",
        "新聞",
        "뉴스",
        "أخبار",
    ]
)


def normalise_section(section: str) -> str:
    """A section as a topic name: the first of a comma-separated list of tags
    ("Edendale,Msunduzi,News" -> "Edendale"), a lower-case slug as words ("world_news" ->
    "World news", "culture_culture-lifestyle" -> "Culture lifestyle": a parent repeated in
    its child once), and a lower-case name capitalised ("nyheter" -> "Nyheter"), so that
    one topic is not listed twice under two spellings. Mixed case is the publisher's own.
    A name that names no topic ("News", "Articles": :data:`GENERIC_SECTIONS`) is empty."""
    # (spaces first: ", " alone would be a list of tags only after them, "," once more)
    section = " ".join(section.replace("_", " ").split())
    if "," in section and ", " not in section:
        section = section.split(",", 1)[0].rstrip()
    if section.islower():
        section = " ".join(dict.fromkeys(section.replace("-", " ").split()))
        section = section[:1].upper() + section[1:]
    if section.casefold() in GENERIC_SECTIONS or section.casefold().replace(" ", "-") in (
        GENERIC_SECTIONS
    ):
        return ""
    return section


def _canonical(
    article: JsonObject, meta: MetaTags, tree: lxml.html.HtmlElement, base: str | None
) -> str | None:
    candidates: list[object] = [
        link.get("href") for link in tree.iter("link") if _rel(link) == "canonical"
    ]
    candidates += [meta.first("og:url"), article.get("url"), _entity_id(article)]
    for candidate in candidates:
        resolved = absolute_url(candidate, base)
        if resolved:
            return resolved
    return None


def _entity_id(article: JsonObject) -> object:
    entity = article.get("mainEntityOfPage")
    return entity.get("@id") if isinstance(entity, dict) else entity


def _description(article: JsonObject, meta: MetaTags) -> str:
    return _first((_text(article.get("description")), meta.first(*_DESCRIPTION_META)))


def _summaries(article: JsonObject, meta: MetaTags) -> tuple[str, ...]:
    found = (_text(article.get("description")), *meta.all(*_DESCRIPTION_META))
    return tuple(dict.fromkeys(summary for summary in found if summary))


def _article_body(article: JsonObject) -> str:
    value = article.get("articleBody") or article.get("text")
    return html.unescape(value) if isinstance(value, str) else ""


def _author_bios(article: JsonObject) -> tuple[str, ...]:
    """The ``description`` of each person or organisation credited by the article."""
    bios = []
    for field_name in ("author", "creator"):
        value = article.get(field_name)
        for credit in value if isinstance(value, list) else [value]:
            if isinstance(credit, dict) and isinstance(credit.get("description"), str):
                bios.append(html.unescape(credit["description"]))
    return tuple(dict.fromkeys(bio for bio in bios if bio.strip()))


def _paywalled(article: JsonObject, tree: lxml.html.HtmlElement) -> bool:
    """True when the article is not free, or a part of it that the page shows is not
    (``hasPart`` with ``isAccessibleForFree`` false). A part named by a ``cssSelector``
    that matches nothing on the page (an e-mail wall a script adds) walls off none of
    the text extracted."""
    if _is_false(article.get("isAccessibleForFree")):
        return True
    parts = article.get("hasPart")
    for part in parts if isinstance(parts, list) else [parts]:
        if not isinstance(part, dict) or not _is_false(part.get("isAccessibleForFree")):
            continue
        selector = part.get("cssSelector")
        if not isinstance(selector, str) or not selector.strip() or wall_on_page(tree, selector):
            return True
    return False


def _is_false(value: object) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


#: The path of a site's (or a language edition's) front page: "/", "/index.html", "/de/".
_HOME_PATH = re.compile(
    r"^/?(?:[a-z]{2}(?:[-_][a-z]{2})?/?)?(?:(?:index|default|home)\.\w{2,5})?$", re.I
)


def home_page(url: str | None) -> bool:
    """True for the address of a site's front page, a listing whatever its markup says:
    the root or a language edition's root ("/", "/en/", "/index.html"), with no query
    (``/?p=123`` is an article on a site without pretty links)."""
    if not url:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return bool(parts.netloc) and not parts.query and _HOME_PATH.match(parts.path) is not None


def _listing(objects: list[JsonObject]) -> bool:
    return any(has_type(obj, LISTING_TYPES - {"website"}) for obj in objects)
