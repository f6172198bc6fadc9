"""The lead image as the article shows it, matched with the image the metadata names.

``og:image`` is often a social-media crop of the picture at the top of the article.
When the first picture of the article area is the same picture (its file name shares
a long token with a metadata image), its largest on-page variant is returned;
otherwise the metadata image stands. Image proxies and resizers that carry the
original's URL inside theirs are compared by that original.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, unquote, urlsplit

import lxml.html

from newsdesk.pipeline.extract.casefold import CaseBlind
from newsdesk.pipeline.extract.urls import absolute_url

_SKIP_AREA = CaseBlind(
    r"(?:^|[\s_-])(?:nav|menu|footer|sidebar|related|teaser|promo|logo|avatar|author|"
    r"newsletter|ad|ads|advert|banner|social|share|comments?)(?:$|[\s_-])"
)
_NOT_PHOTO = re.compile(r"logo|icon|avatar|sprite|placeholder|blank|pixel|spacer|\.svg", re.I)
_SRC_ATTRIBUTES = ("data-src", "data-original", "data-lazy-src", "data-url", "src")
_SRCSET_ATTRIBUTES = ("srcset", "data-srcset", "data-lazy-srcset")
#: srcset entries end at a comma followed by white space (a newline too); URLs may hold
#: bare commas ("/w_400,c_limit/").
_SRCSET_SPLIT = re.compile(r",\s+")
_EMBEDDED = re.compile(r"https?://", re.I)
_TOKEN = re.compile(r"[A-Za-z0-9]{6,}")
_SIZE_TOKEN = re.compile(r"^(?:\d+x\d+|[swh]\d+|\d+w|width\d+|quality\d+|scaled)$", re.I)
#: A name token with a digit is an id ("1065948", "4099641140"), not a folder name;
#: a date ("20240503", "202405") is shared by the day's pictures.
_ID = re.compile(r"\d")
_DATE = re.compile(r"^(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:[0-3]\d)?$")
_FILE_TOKEN = re.compile(r"[^\W_]+")
#: A shared file-name token this long identifies the picture (an id, not "img").
_MIN_ID = 6
_MAX_IMAGES = 40
_MIN_SIDE = 200
_PICTURE_DEPTH = 3
_FIGURE_DEPTH = 5
#: Paragraph text a lead picture may follow: a standfirst, not the article.
_MAX_TEXT_BEFORE_LEAD = 500


def lead_image(tree: lxml.html.HtmlElement, meta_images: list[str], base: str | None) -> str | None:
    """The lead image URL: an on-page variant of a metadata image when there is one.

    ``meta_images`` are the pictures the metadata names, best first (Open Graph,
    Twitter, JSON-LD); where they differ, the one the article shows wins. First a
    photo of the article area that shares an id-like name token (one with a digit, not
    a date) with a metadata image, whatever box it sits in; or one outside furniture
    boxes that shares any name token with one (or, without metadata images, the area's
    first photo); then any page image whose file name is a metadata image's own (size
    parts aside), even a small or hidden one: the metadata vouches for it. When the
    page shows none of the metadata pictures (a social-media card), the article's own
    captioned lead picture wins over them.
    """
    meta_names = [_name_tokens(meta) for meta in meta_images]
    area = _area(tree, article_area=True)
    captioned: str | None = None
    for img in _page_images(area):
        if _small(img) or not (variants := _variants(img, base)) or _named_small(variants[0]):
            continue
        shared = {token for meta in meta_names for token in _name_tokens(variants[0]) & meta}
        if any(_ID.search(token) and not _DATE.match(token) for token in shared):
            return variants[0]  # the metadata names this very picture, whatever its box
        if _in_furniture(img, area):
            continue
        if not meta_images or shared:
            return variants[0]
        if captioned is None and area is not None and _lead_figure(img, area):
            captioned = variants[0]
    if not meta_images:
        return None
    return _page_variant(tree, meta_images, base) or captioned or meta_images[0]


def _figure_of(img: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    for depth, ancestor in enumerate(img.iterancestors()):
        if ancestor.tag == "figure":
            return ancestor
        if depth >= _FIGURE_DEPTH:
            break
    return None


def _lead_figure(img: lxml.html.HtmlElement, area: lxml.html.HtmlElement) -> bool:
    """True for a picture the article shows as its lead: in a ``<figure>`` with a
    caption, with at most a standfirst's worth of paragraph text before it."""
    figure = _figure_of(img)
    if figure is None or not any(
        caption.text_content().strip() for caption in figure.iter("figcaption")
    ):
        return False
    before = 0
    for element in area.iter("p", "figure"):
        if element is figure:
            return True
        if element.tag == "p":
            before += len(element.text_content().strip())
            if before > _MAX_TEXT_BEFORE_LEAD:
                return False
    return False


def _page_variant(
    tree: lxml.html.HtmlElement, meta_images: list[str], base: str | None
) -> str | None:
    """A page image's largest variant whose file is a metadata image's (the first
    candidate's if it has one, else the earliest candidate's)."""
    wanted = [_file_tokens(meta) for meta in meta_images]
    found: dict[int, str] = {}
    for img in _page_images(_area(tree, article_area=False), _MAX_IMAGES * 3):
        # file names do not need absolute URLs: only a likely match is resolved
        files = {_file_tokens(raw) for raw in _raw_urls(img)}
        for rank, meta in enumerate(wanted):
            if rank in found or not any(_same_file(name, meta) for name in files):
                continue
            variants = _variants(img, base)
            if any(_same_file(_file_tokens(url), meta) for url in variants):
                found[rank] = variants[0]
        if 0 in found:
            break
    return found[min(found)] if found else None


def _area(tree: lxml.html.HtmlElement, article_area: bool) -> lxml.html.HtmlElement | None:
    """The article area (the first ``<article>``/``<main>`` holding an ``<h1>``), or the
    page's body."""
    if article_area:
        for area in tree.iter("article", "main"):
            if area.find(".//h1") is not None:
                return area
    return tree.find("body")


def _page_images(
    area: lxml.html.HtmlElement | None, limit: int = _MAX_IMAGES
) -> Iterator[lxml.html.HtmlElement]:
    """The first ``limit`` ``<img>`` s of ``area``, in page order."""
    if area is None:
        return
    for count, img in enumerate(area.iter("img")):
        if count >= limit:
            return
        yield img


def _raw_urls(img: lxml.html.HtmlElement) -> Iterator[str]:
    """The URLs an image and its ``<picture>`` name, as written (maybe relative)."""
    elements = [img]
    parent = img.getparent()
    for _ in range(_PICTURE_DEPTH):
        if parent is None:
            break
        if parent.tag == "picture":
            elements.extend(parent.iter("source"))
            break
        parent = parent.getparent()
    for element in elements:
        for name in (*_SRC_ATTRIBUTES, *_SRCSET_ATTRIBUTES):
            for candidate in (element.get(name) or "").split(","):
                if bits := candidate.split():
                    yield bits[0]


#: A thumbnail's size in its file name: "1736701-563848-150x84.jpg".
_NAMED_SIZE = re.compile(r"(?<![0-9])([0-9]{2,4})x([0-9]{2,4})(?![0-9])")


def _small(img: lxml.html.HtmlElement) -> bool:
    for side in ("width", "height"):
        value = img.get(side) or ""
        if value.isdigit() and int(value) < _MIN_SIDE:
            return True
    return False


def _named_small(url: str) -> bool:
    """A thumbnail by the size its file name gives ("1736701-563848-150x84.jpg")."""
    named = _NAMED_SIZE.search(urlsplit(url).path.rsplit("/", 1)[-1])
    return named is not None and max(int(named.group(1)), int(named.group(2))) < _MIN_SIDE


def _in_furniture(img: lxml.html.HtmlElement, area: lxml.html.HtmlElement | None) -> bool:
    """In a box named for furniture (navigation, ads, teasers...) inside ``area``; the
    names of wrappers around the whole area (a ``<body>`` class "cm-banner-collapsed", a
    ``<main>`` "with-contextual-nav") say nothing of it."""
    for ancestor in img.iterancestors():
        if ancestor is area:
            return False
        if _SKIP_AREA.found(_marker(ancestor)):
            return True
    return False


def _variants(img: lxml.html.HtmlElement, base: str | None) -> list[str]:
    """The image's URLs: its own srcset (largest first) and src, then its <picture>'s."""
    own: list[tuple[int, str]] = []
    for name in _SRCSET_ATTRIBUTES:
        own.extend(_srcset(img.get(name) or "", base))
    src = [url for name in _SRC_ATTRIBUTES if (url := absolute_url(img.get(name), base))]
    # of two entries of the same width (a resized copy and the original), the one the
    # image also names as its source
    urls = [url for _, url in sorted(own, key=lambda item: (-item[0], item[1] not in src))]
    urls.extend(src)
    # libxml2 does not know <source> is empty, so <img> may end up inside it
    for depth, ancestor in enumerate(img.iterancestors()):
        if ancestor.tag == "picture":
            sources = [
                pair
                for source in ancestor.iter("source")
                for name in _SRCSET_ATTRIBUTES
                for pair in _srcset(source.get(name) or "", base)
            ]
            urls.extend(url for _, url in sorted(sources, key=lambda item: -item[0]))
            break
        if depth >= _PICTURE_DEPTH:
            break
    return [url for url in dict.fromkeys(urls) if not _NOT_PHOTO.search(url)]


def _srcset(value: str, base: str | None) -> list[tuple[int, str]]:
    found = []
    for candidate in _SRCSET_SPLIT.split(value.strip()):
        bits = candidate.strip().split()
        if not bits:
            continue
        url = absolute_url(bits[0].rstrip(","), base)
        if not url:
            continue
        size = 0
        if len(bits) > 1 and bits[1][:-1].isdigit():
            size = int(bits[1][:-1]) * (1 if bits[1].endswith("w") else 1000)
        found.append((size, url))
    return found


def _same_file(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Two URLs' file-name tokens name the same file: one's tokens hold all of the other's.

    They must share an id-like token, or be the very same name ("IMG_0234.jpg" and
    its "IMG_0234-585x439.jpg" size variant), size parts aside.
    """
    if not mine or not theirs:
        return False
    if mine == theirs:
        return sum(len(token) for token in mine) >= _MIN_ID
    shared = mine & theirs
    return any(len(token) >= _MIN_ID for token in shared) and shared in (mine, theirs)


def _file_tokens(url: str) -> frozenset[str]:
    path = _picture_path(url)
    name = path.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    tokens = (token.casefold() for token in _FILE_TOKEN.findall(name))
    return frozenset(token for token in tokens if not _SIZE_TOKEN.match(token))


def _name_tokens(url: str) -> set[str]:
    path = _picture_path(url)
    return {t.casefold() for t in _TOKEN.findall(path) if not _SIZE_TOKEN.match(t)} - {
        "images", "image", "public", "uploads", "content", "upload", "assets", "static",
        "media", "incoming", "alternates", "default", "files", "storage", "resize",
        "photos", "picture", "pictures", "article", "articles",
    }  # fmt: skip


def _picture_path(url: str) -> str:
    """The decoded path of the picture ``url`` serves; for an image proxy or resizer
    ("/resize?url=https://...", "/resize/800/https%3A%2F%2F..."), the original's path.
    """
    try:
        parts = urlsplit(url)
        query = parts.query if "http" in parts.query.lower() else ""
        embedded = [value for _, value in parse_qsl(query) if _EMBEDDED.match(value)]
        path = unquote(parts.path)
        if not embedded and (found := _EMBEDDED.search(path)):
            embedded = [path[found.start() :]]
        return unquote(urlsplit(embedded[0]).path) if embedded else path
    except ValueError:
        return ""


def _marker(element: lxml.html.HtmlElement) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"
