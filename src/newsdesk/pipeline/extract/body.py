"""The article body: trafilatura finds it; we tidy it and render text and safe HTML."""

from __future__ import annotations

import copy
import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml import etree

from newsdesk.pipeline.extract.blocks import CAPTION_CHARS, own_blocks, set_as_caption
from newsdesk.pipeline.extract.boilerplate import (
    SourceIndex,
    in_box,
    in_comments,
    in_widget,
    is_byline_line,
    is_comments_heading,
    is_furniture,
    is_reader_call,
    is_signup,
    is_summary_heading,
    is_widget_heading,
    link_heavy,
    linked_title,
    mark_widget,
    shouted_link,
    structured_vouches,
    text_key,
)
from newsdesk.pipeline.extract.sanitize import sanitize_html
from newsdesk.pipeline.extract.scorer import find_container
from newsdesk.pipeline.extract.siterules import apply_rules, rules_for
from newsdesk.pipeline.extract.titles import normalise_space
from newsdesk.pipeline.extract.urls import absolute_url
from newsdesk.pipeline.types import ExtractOptions, ImageRef

logger = logging.getLogger(__name__)

#: trafilatura's XML element names -> HTML (unknown names are stripped by the sanitizer).
_HTML_TAGS = {
    "list": "ul",
    "item": "li",
    "quote": "blockquote",
    "lb": "br",
    "graphic": "img",
    "ref": "a",
    "row": "tr",
    "code": "pre",
}
_HI_TAGS = {"#b": "strong", "#i": "em", "#t": "code"}
#: Lines that are page furniture, not article text.
_BOILERPLATE = re.compile(
    # (set off by dashes or dots as some pages show it: "- Advertisement -")
    r"^[^\w$%{]*(?:advertisement|advertisements|advert|ad|anzeige|werbung|publicité|publicidad|"
    r"pubblicità|reklame|sponsored|sponsored content|skip advertisement|"
    # "Story continues below advertisement", "The article continues after this ad"
    r"(?:the )?(?:story|article|text|report|content) continues (?:below|after|under)"
    r"(?: (?:this|the))?(?: (?:advertisement|advert|ad))?|"
    r"continue reading (?:below|the main story)|scroll to continue(?: with content)?|read more|"
    r"(?:weiterlesen|lesen sie weiter) (?:nach|unter) (?:der|dem) (?:anzeige|werbung)|"
    r"la suite (?:après|sous) (?:cette|la) publicité|"
    r"(?:click|tap) here to (?:read|see) more)\W*$",
    re.I,
)
_HEADLINE_WINDOW = 2
#: A date or time line among the first or the last blocks is the page's dateline or a
#: broadcast note ("NDR 1 | Nachrichten | 28.04.2023 | 13:00 Uhr"), not article text.
_DATELINE_WINDOW = 3
#: A date line that gives when the article was changed, not published.
_UPDATE_MARK = re.compile(
    r"\b(?:updated?|last modified|aktualisiert|geändert|mis à jour|modifié|actualizado|"
    r"aggiornato|bijgewerkt|opdateret|oppdatert|uppdaterad)\b",
    re.I,
)
_MAX_DATE_LINE = 120
#: ... with at most this many words that are not numbers (month and day names, labels).
_MAX_DATE_WORDS = 8
#: A time of day or a whole date: "9:45", "11.07.2026", "2024-04-22", "Jul. 19, 2026",
#: "22 Apr 2024" (a year alone is no date: "closed in 2019").
_DATE_MARK = re.compile(
    r"(?:\d{1,2}:\d{2}|\b\d{1,2}[./-]\d{1,2}[./-](?:19|20)?\d{2}|\b(?:19|20)\d{2}-\d{2}-\d{2}|"
    r"\b[^\W\d_]{3,10}\.? \d{1,2},? (?:19|20)\d{2}|\b\d{1,2}\.? [^\W\d_]{3,10}\.?,? (?:19|20)\d{2})"
    r"(?!\d)"
)
#: A time and nothing else ("9:43PM", "21.05 Uhr"): a live blog's post stamp, anywhere.
_TIME_ONLY = re.compile(
    r"^\d{1,2}[:.]\d{2}\s*(?i:[ap]\.?m\.?|uhr|h)?(?:\s*[A-Z]{2,4})?$"  # "9:43PM", "10:05 GMT"
)
#: A live blog's post stamp with its author or label, or a teaser's date and time, anywhere:
#: "21:00Jane Doe", "20:42 KEY EVENT", "17.05.2026, 19:06 Uhr" (a time before a colon
#: heads a post: "15.32 Uhr: Talks resume" stays).
_POST_STAMP = re.compile(
    r"^(?:\d{1,2}\.\d{1,2}\.(?:19|20)?\d{2},?\s*)?"
    r"(?:\d{1,2}:\d{2}(?!\d)(?:\s*(?i:[ap]\.?m\.?|uhr|h)(?!\w))?|\d{1,2}\.\d{2}\s*(?i:uhr|h)(?!\w))"
    r"(?:\s*[^\W\d_][\w'\u2019\-]*){0,4}$"
)
_MIN_HEADLINE_WORDS = 3
#: An author's note among the last blocks: a name, "is a/the", a role within a sentence.
_BIO = re.compile(
    r"^(?:[A-Z][\w'\u2019.\-]*\s){1,5}(?:is|was) (?:[Aa]n?|[Tt]he)\b[^.!?]{0,160}?\b"
    r"(?:author|professor|reporter|correspondent|researcher|editor|writer|fellow|columnist|"
    r"journalist|director|analyst|lecturer|contributor)s?\b|"
    # "Jane Doe covers transport for the Island News", "... writes about ... for ..."
    r"^(?:[A-Z][\w'\u2019.\-]*\s){2,5}(?:covers|writes about|reports on|has covered|"
    r"has reported on|has written about)\b[^.!?]{0,120}\b(?:for|at)\s(?:the\s)?[A-Z]|"
    # German: "Jane Doe ist ZDF-Reporterin für ...", "Korrespondent Max Muster ist bei ..."
    r"^(?:(?:Korrespondent|Reporter|Redakteur|Autor|Kolumnist)(?:in)?\s)?"
    r"(?!(?:Der|Die|Das|Ein|Eine|Dieser|Diese|Jeder|Jede)\s)"  # nouns are capitalised too
    r"(?:[A-ZÄÖÜ][\w'\u2019.\-]*\s){1,4}(?:ist|war)\s(?:[^.!?,]{0,60}?)"
    r"(?:\b|-)(?:Reporter|Korrespondent|Redakteur|Autor|Kolumnist|Journalist|Chefredakteur|"
    r"Ressortleiter|Volontär|zuständig)(?:in)?\b"
)
_MAX_BIO = 600
#: A block of at least this many words that an author's description holds is their bio.
_MIN_BIO_WORDS = 6
_BIO_WINDOW = 2
#: Calls to follow the publisher (newsletter, app, donation) among the last blocks.
_CALL_WINDOW = 3
#: A note that the article was published elsewhere first, among the last blocks: "This
#: article was originally published on The Conversation.", "A version of this story
#: first appeared in ...", "Dieser Artikel erschien zuerst bei ...".
_REPUBLISHED = re.compile(
    r"^(?:(?:this|the|dieser|der|cet|este) |a version of this )"
    r"(?:article|story|piece|post|column|essay|interview|artikel|beitrag|artículo)\b[^.!?]{0,60}"
    r"\b(?:(?:originally|first) (?:published|appeared|ran)|republished|"
    r"(?:erschien|erschienen|ist) (?:zuerst|erstmals|ursprünglich)|(?:zuerst|erstmals) erschienen|"
    r"(?:initialement|d'abord) (?:publié|paru)|publicado originalmente)\b",
    re.I,
)
_MAX_REPUBLISHED_WORDS = 50
#: A quote of at least this many words that repeats part of a paragraph at most this
#: many blocks away is a pull quote: the article says it once.
_MIN_PULL_QUOTE_WORDS = 6
_PULL_QUOTE_REACH = 5
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_OPENING_QUOTES = frozenset("\"\u201c\u201e\u00ab\u2018'")
#: A paragraph that is one quotation, maybe with its speaker after a dash.
_QUOTATION = re.compile(
    r"^[\"\u201c\u201e\u00ab\u2018']\s*([^\"\u201c\u201d\u201e\u00ab\u00bb]+?)\s*"
    r"[\"\u201d\u201c\u00bb\u2019']\s*(?:[\u2014\u2013-]\s*[^.!?]{1,60})?$"
)
#: A last block of at most this many words ending in a colon introduces something the
#: body no longer holds (a live blog's link, a video): "Mehr dazu in unserem Liveblog:".
_MAX_DANGLING_WORDS = 20
#: A first block of at most this many words, no sentence, is a label above the body.
_MAX_LABEL_WORDS = 3
_MAX_LABEL_CHARS = 30
#: Sentence ends, also the full-width ones of Chinese and Japanese.
_SENTENCE_ENDS = (".", "!", "?", "\u2026", "\u3002", "\uff01", "\uff1f")
_MAX_KICKER_WORDS = 8
_WORD = re.compile(r"\w+")
#: The article's container holds at least this share of the body text.
_CONTAINER_SHARE = 0.7
#: Blocks after the container with fewer words are strays.
_STRAY_WORDS = 40
#: The fast extraction is trusted when it finds this share of the expected text.
_CONFIDENT_SHARE = 0.8
#: ... and no more than this share (more is the container's navigation and teasers).
_AMPLE_SHARE = 1.6
#: Our own blocks stand when the element holds at most this much text for each character
#: of its real paragraphs (more is navigation, teasers and widgets: trafilatura reads it).
_OWN_SHARE = 1.3
#: trafilatura cut the article short when it finds less than this share of the text of
#: the paragraphs in the element the finder (unsure) took for the article.
_SHORT_SHARE = 0.6
#: Paragraph text runs at least this long count towards the expected text.
_LONG_TEXT = 80
#: Headings that open the list of other stories at the end of an article.
_CLOSING_SECTION = re.compile(
    r"^(?:more (?:from|on|in|about|stories|news|articles|coverage)\b.{0,40}|"
    r"related(?: (?:articles?|stories|content|coverage|news|topics|reading))?|"
    r"(?:most )?(?:popular|read|viewed|shared)(?: now| today| stories| articles)?|"
    r"most (?:read|popular|viewed|shared|recent)\b.{0,20}|"
    r"recommended(?: for you| stories| articles| reading| videos?| content)?|"
    r"(?:you )?(?:may|might) also (?:like|enjoy|be interested in)|(?:also|further) read(?:ing)?|"
    r"read (?:more|next|also)|see also|what to read next|trending(?: now| stories)?|top stories|"
    r"latest(?: news| stories| articles)?|weitere (?:artikel|nachrichten|themen|meldungen)|"
    r"mehr (?:zum thema|aus|von|zu)\b.{0,40}|das könnte sie auch interessieren|"
    r"meistgelesen|lesen sie auch|à lire aussi|sur le même sujet|les plus lus?|leggi anche|"
    r"lee también|más noticias|meest gelezen|les også|läs också|czytaj (?:też|także)|"
    # the author box below the article
    r"about the (?:authors?|writers?|reporters?)|(?:über|zu)(?: (?:den|die))? autor(?:in|en)?"
    r")\W*$",
    re.I,
)
_MAX_SECTION_HEADING = 60
#: The cut is made only when what follows is at most this share of the body.
_MAX_CLOSING_SHARE = 0.4
#: ... at a comments heading, whatever its blocks' length (comments run long), when
#: what follows is less than the text above it: a "Comments (3)" link at the top of the
#: article cuts nothing.
_MAX_COMMENTS_SHARE = 0.5
#: ... and has no block longer than this many words.
_MAX_TEASER_WORDS = 45
#: This many linked titles in a row end the body: the page's list of other stories.
_MIN_TEASER_RUN = 3
#: Blocks of this many words that repeat an earlier block are page furniture.
_MIN_REPEATED_WORDS = 12
_MAX_REPEATED_WORDS = 60
#: A summary this long may be a standfirst; its first characters identify it.
_MIN_STANDFIRST_WORDS = 8
_KEY = 48
#: Inline elements: their text runs on with the neighbouring text.
_INLINE = frozenset({"hi", "ref", "del", "span", "a"})
#: The last word of an inline element (with punctuation after it), the first of its tail.
_WORD_END = re.compile(r"\w[^\s]*$")
_WORD_START = re.compile(r"\w[^\s]*")
#: A word with a sentence end, right before a capitalised word: "year.Islanders".
_SENTENCE_JOIN = re.compile(r"(\b[^\W\d_]{2,}[.!?])([^\W\d_]{2,})")


@dataclass(frozen=True)
class Body:
    """An extracted body as plain text and as sanitized HTML."""

    text: str = ""
    html: str = ""
    images: tuple[ImageRef, ...] = ()
    #: A byline and a date line set above the text as lines of their own ("By Jane
    #: Roe, Staff Writer", "Tuesday, March 3, 2009"), left out of the text: the credits
    #: and date of a page whose markup gives none.
    byline: str = ""
    dateline: str = ""


class _Texts(dict[etree._Element, str]):
    """Block texts, each worked out on first use."""

    def __missing__(self, block: etree._Element) -> str:
        text = self[block] = block_text(block)
        return text


class _FlatTexts(dict[etree._Element, str]):
    """Block texts in one line (list items and rows run on), each worked out on first use."""

    def __missing__(self, block: etree._Element) -> str:
        text = self[block] = normalise_space("".join(block.itertext()))
        return text


def block_text(block: etree._Element) -> str:
    """The plain text of one block (NFKC-normalised, for comparisons); list items and
    table rows each on their own line."""
    return _plain_text(block, normalise_space)


def shown_text(block: etree._Element) -> str:
    """The text of one block as the page writes it, runs of white space collapsed.

    The body's text keeps the publisher's characters (as its HTML does): normalising
    them would rewrite decomposed accents ("u" + U+0308) and full-width letters and
    digits, which read the same but are different words to search and compare.
    """
    return _plain_text(block, _collapse_space)


def _plain_text(block: etree._Element, clean: Callable[[str], str]) -> str:
    if block.tag in {"list", "table"}:
        rows = (row for row in block if row.tag in {"item", "row"})
        lines = (clean("".join(row.itertext())) for row in rows)
        return "\n".join(line for line in lines if line)
    return clean("".join(block.itertext()))


def _collapse_space(text: str) -> str:
    return " ".join(text.split())


def extract_body(
    tree: lxml.html.HtmlElement,
    url: str | None,
    title: str,
    options: ExtractOptions,
    *,
    article_body: str = "",
    headline: str = "",
    description: str = "",
    summaries: tuple[str, ...] = (),
    title_variants: tuple[str, ...] = (),
    author_bios: tuple[str, ...] = (),
) -> Body:
    """Find, tidy and render the main text of ``tree`` (which is left unchanged).

    ``article_body`` is the page's structured-data copy of the text, used as evidence;
    ``author_bios`` are its authors' descriptions (a block they hold is an author box).
    """
    root, sources = find_body(tree, options, article_body, (title, *title_variants))
    if root is None:
        return Body()
    _space_out(root)
    text_of = _Texts().__getitem__  # each block's text, worked out once
    top = [text_of(block) for block in list(root)[:_DATELINE_WINDOW]]
    known = {text_key(text_of(block)): source for block, source in sources.items()}
    index = SourceIndex(tree, known)
    blocks = tidy_blocks(list(root), title, headline, *title_variants, text_of=text_of)
    blocks = drop_boilerplate(blocks, index, article_body, text_of)
    if author_bios:
        blocks = _without_bios(blocks, author_bios, text_of)
    blocks = with_standfirst(blocks, index, description, text_of, summaries)
    rules = rules_for(options.site_rules, url)
    if rules:
        blocks = apply_rules(blocks, tree, rules, index.source_of, text_of)
    if not blocks:
        # a wire flash whose one sentence is its headline ("NEW YORK — Goldman expects
        # a $5 billion hit.") under a rights notice: that sentence is the article
        blocks = _lede_only(list(root), (title, headline, *title_variants), text_of)
    if not blocks:
        return Body()
    images = tuple(_images(blocks, url))
    text = "\n\n".join(filter(None, (shown_text(block) for block in blocks)))
    return Body(
        text=text,
        html=render_html(blocks, url),
        images=images,
        byline=next((line for line in top if is_byline_line(line)), ""),
        dateline=next((line for line in top if _published_line(line)), ""),
    )


def _published_line(text: str) -> bool:
    """True for a date line that is no update stamp ("Updated 3 May 2024")."""
    return is_date_line(text) and _UPDATE_MARK.search(text) is None


def find_body(
    tree: lxml.html.HtmlElement,
    options: ExtractOptions,
    article_body: str,
    titles: tuple[str, ...] = (),
) -> tuple[etree._Element | None, dict[etree._Element, lxml.html.HtmlElement]]:
    """The body in trafilatura's XML dialect, and the page element of each block when
    it is known (our own blocks).

    When our own finder is sure which element holds the article and that element holds
    little besides its paragraphs, our own blocks read from it stand (no trafilatura).
    Otherwise, when the finder is sure, trafilatura's fast mode runs on that element
    alone; its result stands when it holds about as much text as the element's
    paragraphs (not much less: trafilatura dropped the article; not much more: it kept
    the element's navigation). Otherwise trafilatura reads the whole page.
    """
    container = find_container(tree, article_body, titles)
    if container is not None and container.confident:
        own = own_blocks(container.element, tables=options.include_tables, boxes=container.boxes)
        expected = container.paragraph_chars
        if _CONFIDENT_SHARE * expected <= own.chars + own.pruned <= _OWN_SHARE * expected:
            return own.body, own.sources
    if container is not None and container.confident:
        body = _trafilatura(_scope(tree, container.element), options, fast=True)
        found = len(" ".join(body.itertext())) if body is not None else 0
        expected = max(len(article_body), container.paragraph_chars)
        if _CONFIDENT_SHARE * expected <= found <= _AMPLE_SHARE * expected:
            return body, {}
        full = _trafilatura(tree, options, fast=False)
        return (full if full is not None else body), {}
    body = run_trafilatura(tree, options, expected_length(tree, article_body))
    if container is not None:
        found = len(" ".join(body.itertext())) if body is not None else 0
        expected = container.paragraph_chars
        if found < _SHORT_SHARE * expected:
            own = own_blocks(
                container.element, tables=options.include_tables, boxes=container.boxes
            )
            if _CONFIDENT_SHARE * expected <= own.chars + own.pruned <= _OWN_SHARE * expected:
                return own.body, own.sources
    return body, {}


def _scope(tree: lxml.html.HtmlElement, container: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """A small page holding a copy of ``container`` alone (``tree`` stays unchanged)."""
    page = lxml.html.Element("html")
    body = lxml.html.Element("body")
    body.append(copy.deepcopy(container))
    page.append(body)
    if tree.get("lang"):
        page.set("lang", tree.get("lang") or "")
    return page


def run_trafilatura(
    tree: lxml.html.HtmlElement, options: ExtractOptions, expected: int = 0
) -> etree._Element | None:
    """trafilatura's body tree (its XML dialect), or None when it finds nothing.

    Its fast mode runs first. Only when that finds clearly less text than the page
    seems to hold (``expected`` characters: the structured-data copy, the page's long
    paragraphs) does the full mode run, which also asks readability and jusText.
    """
    body = _trafilatura(tree, options, fast=True)
    found = len(" ".join(body.itertext())) if body is not None else 0
    if found and found >= _CONFIDENT_SHARE * expected:
        return body
    full = _trafilatura(tree, options, fast=False)
    return full if full is not None else body


def expected_length(tree: lxml.html.HtmlElement, article_body: str) -> int:
    """How many characters of article text the page appears to hold."""
    paragraphs = (" ".join(text.split()) for text in tree.xpath("//p/text()"))
    in_paragraphs = sum(len(text) for text in paragraphs if len(text) >= _LONG_TEXT)
    return max(len(article_body), in_paragraphs)


def _trafilatura(
    tree: lxml.html.HtmlElement, options: ExtractOptions, *, fast: bool
) -> etree._Element | None:
    document = trafilatura.bare_extraction(
        tree,
        # no URL: trafilatura would resolve every link of the page; the sanitizer
        # resolves the few that reach the body
        url=None,
        fast=fast,
        favor_precision=options.favor_precision,
        include_comments=False,
        include_tables=options.include_tables,
        # Images make trafilatura keep captions and credits as text: -4 points of precision.
        include_images=False,
        include_formatting=True,
        include_links=True,
        with_metadata=False,
    )
    if document is None or isinstance(document, dict):
        return None
    body: etree._Element | None = document.body
    if body is not None:
        _adopt_tails(body)
        _restore_word_breaks(body, tree)
    return body


def _adopt_tails(body: etree._Element) -> None:
    """Give text that trafilatura leaves as the tail of a top block (a page's bare text
    right after a ``<h2>``, before its first link) a block of its own: text outside
    every block would be lost. It opens the next paragraph when it runs on into it
    (no sentence end) or is a dateline set apart ("Berlin."), and stands alone
    otherwise."""
    for block in list(body):
        tail = (block.tail or "").strip()
        if not tail:
            continue
        block.tail = None
        after = block.getnext()
        runs_on = not tail.endswith(_SENTENCE_ENDS) or len(_WORD.findall(tail)) <= _MAX_LABEL_WORDS
        if after is not None and after.tag == "p" and runs_on:
            after.text = f"{tail} {after.text or ''}"
            continue
        paragraph = etree.Element("p")
        paragraph.text = tail
        block.addnext(paragraph)


def _restore_word_breaks(body: etree._Element, tree: lxml.html.HtmlElement) -> None:
    """Put back the space after inline elements (links, emphasis) that trafilatura drops
    when it keeps them ("<ref>Crash-Tarifs</ref>sind", "<hi>durch:</hi>Bei"), where the
    page runs the two words on only with a space between them (not "<a>Link</a>s")."""
    page: str | None = None
    for element in body.iter(*_INLINE):
        tail = element.tail
        if not tail or not _WORD_START.match(tail):
            continue
        end = _WORD_END.search("".join(element.itertext()))
        if end is None:
            continue
        if page is None:
            page = " ".join(tree.text_content().split())
        start = _WORD_START.match(tail)
        assert start is not None
        if end.group() + start.group() not in page and f"{end.group()} {start.group()}" in page:
            element.tail = " " + tail
    _part_sentences(body, tree)


def _part_sentences(body: etree._Element, tree: lxml.html.HtmlElement) -> None:
    """Set apart a sentence end and the capital right after it ("year.Islanders") where
    the page holds them in two elements (trafilatura joins the texts of elements it
    leaves out), not where the page writes them so in one text ("Table.Briefings")."""
    nodes: str | None = None
    for element in body.iter():
        for attribute in ("text", "tail"):
            text = getattr(element, attribute)
            if not text or not _SENTENCE_JOIN.search(text):
                continue
            if nodes is None:
                nodes = "\x00".join(tree.itertext())
            parted = _SENTENCE_JOIN.sub(functools.partial(_parted, page=nodes), text)
            setattr(element, attribute, parted)


def _parted(match: re.Match[str], page: str) -> str:
    """The two words set apart when the second is capitalised ("Islanders", not "NET",
    "com") and the page does not write them so in one of its texts."""
    word = match.group(2)
    if not (word[0].isupper() and word[1].islower()) or match.group() in page:
        return match.group()
    return f"{match.group(1)} {word}"


def _space_out(root: etree._Element) -> None:
    """Give block-level elements a trailing space so that joined text keeps word breaks."""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag not in _INLINE and element is not root:
            element.tail = " " + (element.tail or "")


def tidy_blocks(
    blocks: list[etree._Element],
    *titles: str,
    text_of: Callable[[etree._Element], str] = block_text,
) -> list[etree._Element]:
    """Drop empty blocks, "Advertisement" lines and a repeated headline at the top.

    A top block repeats the headline when it says the headline's words, maybe after
    a kicker ("Ukraine war Peace talks stall" for the headline "Peace talks stall").
    """
    kept = [
        block
        for block in _without_linked_titles(blocks, text_of)
        if _has_content(block, text_of(block)) and not _BOILERPLATE.match(text_of(block))
    ]
    last = len(kept) - _DATELINE_WINDOW
    kept = [
        block
        for position, block in enumerate(kept)
        if not (
            _TIME_ONLY.match(text_of(block))
            or _POST_STAMP.match(text_of(block))
            or ((position < _DATELINE_WINDOW or position >= last) and is_date_line(text_of(block)))
        )
    ]
    headlines = [words for title in titles if (words := _words(title))]
    if headlines:
        top = [block for block in kept[:_HEADLINE_WINDOW] if _repeats(text_of(block), headlines)]
        kept = [block for block in kept if block not in top]
    while len(kept) > 1 and _label(kept[0], text_of(kept[0])):
        kept = kept[1:]
    return kept


def _lede_only(
    blocks: list[etree._Element],
    titles: tuple[str, ...],
    text_of: Callable[[etree._Element], str],
) -> list[etree._Element]:
    """The first top block that says the headline as a sentence, alone."""
    headlines = [words for title in titles if (words := _words(title))]
    for block in blocks[:_HEADLINE_WINDOW]:
        text = text_of(block)
        if text.endswith(_SENTENCE_ENDS) and _repeats(text, headlines):
            return [block]
    return []


def _without_linked_titles(
    blocks: list[etree._Element], text_of: Callable[[etree._Element], str]
) -> list[etree._Element]:
    """``blocks`` without other stories' linked titles right below a label that
    introduces them ("Read more:", "Related", "See also"): a list of related stories
    set inside the article, wherever it stands. The label is left to the furniture
    rules (at the end of the body it still marks where the article ends)."""
    kept: list[etree._Element] = []
    opener = False
    for block in blocks:
        text = text_of(block)
        if opener and linked_title(block, text):
            continue
        opener = _opens_links(text)
        kept.append(block)
    return kept


def _label(block: etree._Element, text: str) -> bool:
    """True for a few words that are no sentence, the body's first block: a kicker, a
    section or author name, a "Live" badge ("Border security", "Markets", "Jane Doe")."""
    if block.tag in {"list", "table"} or text.endswith(_SENTENCE_ENDS):
        return False
    # characters too: a sentence in Chinese or Japanese is one or two "words"
    return len(text) <= _MAX_LABEL_CHARS and len(_WORD.findall(text)) <= _MAX_LABEL_WORDS


def is_date_line(text: str) -> bool:
    """True for a short line that gives a date or time and little else ("Jul. 19, 2026
    9:45 am", "11.07.2026, 09:30 Uhr Stuttgart", "Published: 22:04, 22 Apr 2024")."""
    if len(text) > _MAX_DATE_LINE or text.endswith((".", "!", "?", ":")):
        return False  # a sentence ("The vote on 12 May 2024 was postponed.")
    if _DATE_MARK.search(text) is None:
        return False
    return sum(not word.isdigit() for word in _WORD.findall(text)) <= _MAX_DATE_WORDS


def _repeats(text: str, headlines: list[list[str]]) -> bool:
    words = _words(text)
    return any(
        words == headline
        or (
            len(headline) >= _MIN_HEADLINE_WORDS
            and len(words) <= len(headline) + _MAX_KICKER_WORDS
            and words[-len(headline) :] == headline
        )
        for headline in headlines
    )


def _words(text: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text)]


def drop_boilerplate(
    blocks: list[etree._Element],
    index: SourceIndex,
    article_body: str,
    text_of: Callable[[etree._Element], str] = block_text,
) -> list[etree._Element]:
    """Blocks that are article text by the page's structure and its structured data."""
    texts = [text_of(block) for block in blocks]
    repeats = repeated(texts)
    kept: list[tuple[etree._Element, str]] = []
    boxes: dict[lxml.html.HtmlElement, bool] = {}
    comments: dict[lxml.html.HtmlElement, bool] = {}
    widgets: dict[lxml.html.HtmlElement, bool | None] = {}
    # furniture lines that head the page's list of other stories ("Most viewed in USA"):
    # they go, but still mark where the body ends
    marks: set[etree._Element] = set()
    for block, text, again in zip(blocks, texts, repeats, strict=True):
        if again:
            continue
        source = index.source_of(text)
        if source is not None and (
            in_box(source, boxes)
            or in_comments(source, comments)
            or in_widget(source, widgets, probe=not index.direct)
        ):
            continue
        if source is not None and len(text) <= CAPTION_CHARS and captions_picture(source):
            continue
        # (a summary box's heading, "Story highlights", is furniture here only)
        summary = source is not None and is_summary_heading(text)
        if summary or is_furniture(text) or (source is not None and is_signup(text)):
            if source is not None and (summary or is_widget_heading(text) or is_signup(text)):
                mark_widget(source, widgets)  # its box goes with it
            if kept and _closing_heading(text):
                marks.add(block)
                kept.append((block, text))
            continue
        if link_heavy(block, text) or shouted_link(block, text, source):
            continue
        kept.append((block, text))
    kept = _without_trailing_strays(kept, index)
    kept = _without_closing_section(kept)
    kept = _without_teaser_run(kept)
    if marks:
        kept = [pair for pair in kept if pair[0] not in marks]
    kept = [
        pair for i, pair in enumerate(kept) if i < len(kept) - _BIO_WINDOW or not is_bio(pair[1])
    ]
    kept = [
        pair
        for i, pair in enumerate(kept)
        if i < len(kept) - _CALL_WINDOW or not (is_reader_call(pair[1]) or _republished(pair[1]))
    ]
    while kept and _dangling(kept[-1][1]):
        kept.pop()
    if len(kept) > 1 and _label(kept[-1][0], kept[-1][1]):
        kept.pop()  # a sign-off or a closing label: "(dmk)", "mit dpa", "More to Read"
    kept = _without_pull_quotes(kept, index)
    vouched = structured_vouches([text for _, text in kept], article_body)
    if vouched is None:
        return [block for block, _ in kept]
    return [
        block
        for (block, _), ok in zip(kept, vouched, strict=True)
        if ok or block.tag == "head"  # structured copies often leave out sub-headings
    ]


def captions_picture(source: lxml.html.HtmlElement) -> bool:
    """True when ``source`` (or the paragraph of its italic run) is a caption set as a
    paragraph right below a picture (trafilatura leaves the picture out, not the line)."""
    paragraph = source.getparent() if source.tag != "p" else source
    return paragraph is not None and paragraph.tag == "p" and set_as_caption(paragraph)


def _without_bios(
    blocks: list[etree._Element],
    bios: tuple[str, ...],
    text_of: Callable[[etree._Element], str],
) -> list[etree._Element]:
    """``blocks`` without those an author's structured-data description holds (the
    author box below the article: "A 38-year industry veteran, Jane has covered ...")."""
    known = [" ".join(_words(bio)) for bio in bios]
    kept = []
    for block in blocks:
        words = _words(text_of(block))
        if len(words) < _MIN_BIO_WORDS or not any(" ".join(words) in bio for bio in known):
            kept.append(block)
    return kept


def with_standfirst(
    blocks: list[etree._Element],
    index: SourceIndex,
    description: str,
    text_of: Callable[[etree._Element], str] = block_text,
    others: tuple[str, ...] = (),
) -> list[etree._Element]:
    """``blocks`` with the standfirst in front when the body finder left it out.

    The standfirst is the page's summary (its meta description) where the page also
    shows it as a paragraph of its own, outside any caption or teaser box. The page's
    other summaries (``others``: Open Graph, meta tags) are tried in turn when one is
    not shown: a JSON-LD description may be the lead picture's caption.
    """
    flat = _FlatTexts().__getitem__  # read once for every summary tried
    held = False
    for summary in dict.fromkeys(normalise_space(text) for text in (description, *others)):
        found = _standfirst(blocks, index, summary, text_of, flat)
        if found is True:
            held = True  # another summary may still be the standfirst
        elif found is not None:
            if held and not _above(found, blocks, index, text_of):
                continue
            return [found, *blocks]
    return blocks


def _above(
    standfirst: etree._Element,
    blocks: list[etree._Element],
    index: SourceIndex,
    text_of: Callable[[etree._Element], str],
) -> bool:
    """True when the page shows ``standfirst`` before the body's first block."""
    shown = index.shown(standfirst.text or "")
    first = index.source_of(text_of(blocks[0]))
    if shown is None or first is None:
        return False
    order = {id(element): n for n, element in enumerate(first.getroottree().iter())}
    return order.get(id(shown), 1 << 30) < order.get(id(first), -1)


def _standfirst(
    blocks: list[etree._Element],
    index: SourceIndex,
    summary: str,
    text_of: Callable[[etree._Element], str],
    flat: Callable[[etree._Element], str],
) -> etree._Element | bool | None:
    """The standfirst for ``summary``, True when the body holds it, None when the page
    does not show it as a paragraph of its own."""
    if len(_WORD.findall(summary)) < _MIN_STANDFIRST_WORDS or not blocks:
        return None
    head = summary[:-3] if summary.endswith("...") else summary.removesuffix("…")
    if len(head) >= _KEY and any(head[:_KEY] in flat(block) for block in blocks):
        return True  # already there (checked first: it spares tracing the summary)
    source = index.shown(summary)
    if source is None or in_box(source) or source.tag in {"a", "title", "meta"}:
        return None
    shown = normalise_space(source.text_content())
    if not (
        shown == summary or (summary.endswith(("...", "…")) and shown.startswith(summary[:-3]))
    ):
        return None
    key = text_key(shown)
    if any(key in text_key(text_of(block)) or shown[:_KEY] in flat(block) for block in blocks):
        return True
    standfirst = etree.Element("p")
    standfirst.text = _collapse_space(source.text_content())
    standfirst.tail = " "
    return standfirst


def repeated(texts: list[str]) -> list[bool]:
    """Which texts repeat an earlier sentence-long one: placeholders for blocked embeds,
    calls to action, pull quotes. Short lines may repeat in lists (names, dates)."""
    seen: set[str] = set()
    again = []
    for text in texts:
        # words are counted only for a repeat (most texts are not)
        again.append(
            text in seen and _MIN_REPEATED_WORDS <= len(_WORD.findall(text)) <= _MAX_REPEATED_WORDS
        )
        seen.add(text)
    return again


def _without_pull_quotes(
    kept: list[tuple[etree._Element, str]], index: SourceIndex
) -> list[tuple[etree._Element, str]]:
    """Drop pull quotes: a quote block whose words a nearby paragraph also says.

    Magazines set a sentence of the article again, large, beside the paragraph that
    holds it; the body should say it once. A paragraph that is all one quotation (maybe
    with its speaker after a dash: "“We waited for years” — Harbour master") is such a
    quote too, set in a plain box, but not the body's first block (a standfirst may
    repeat the opening). Headings that quote a sentence of the section below them stay
    (they are headings, not quotes).
    """
    quotes = {
        i: block.tag == "quote"
        or (
            i > 0
            and text[:1] in _OPENING_QUOTES  # the quick test first
            and block.tag == "p"
            and _QUOTATION.match(text) is not None
            and not _heading(text, index)
        )
        for i, (block, text) in enumerate(kept)
    }
    if not any(quotes.values()):
        return kept
    words = [" ".join(_words(text)) for _, text in kept]
    drop = set()
    for i, (block, text) in enumerate(kept):
        if not quotes[i]:
            continue
        quotation = _QUOTATION.match(text) if block.tag != "quote" else None
        quoted = " ".join(_words(quotation.group(1))) if quotation else words[i]
        if quoted.count(" ") + 1 < _MIN_PULL_QUOTE_WORDS:
            continue
        near = range(max(0, i - _PULL_QUOTE_REACH), min(len(kept), i + _PULL_QUOTE_REACH + 1))
        if any(
            j != i and j not in drop and len(words[j]) > len(quoted) and quoted in words[j]
            for j in near
        ):
            drop.add(i)
    return [pair for i, pair in enumerate(kept) if i not in drop]


def _heading(text: str, index: SourceIndex) -> bool:
    """True when the page shows ``text`` as a heading (an ``<h2>`` that trafilatura
    made a paragraph) or as a paragraph all in bold: a sub-heading quoting the section
    below it."""
    source = index.source_of(text)
    if source is None:
        return False
    paragraph = source.getparent() if source.tag in {"strong", "b"} else source
    if paragraph is None or source.tag in _HEADING_TAGS or paragraph.tag in _HEADING_TAGS:
        return True
    if paragraph.tag != "p" or len(paragraph) != 1 or (paragraph.text or "").strip():
        return False
    run = paragraph[0]
    return run.tag in {"strong", "b"} and not (run.tail or "").strip()


def _republished(text: str) -> bool:
    """True for a short note that the article appeared elsewhere first ("This article
    was originally published on The Conversation. Read the original article.")."""
    return (
        _REPUBLISHED.match(text) is not None and len(_WORD.findall(text)) <= _MAX_REPUBLISHED_WORDS
    )


def _dangling(text: str) -> bool:
    """True for a short line ending in a colon: what it introduces is gone."""
    return text.endswith(":") and len(_WORD.findall(text)) <= _MAX_DANGLING_WORDS


def is_bio(text: str) -> bool:
    """True for an author's note ("Jane Doe is a senior researcher at ...", "CNBC's Jane
    Doe is the author of ..."): a name, then what the person is, in one short block."""
    return len(text) <= _MAX_BIO and _BIO.match(text) is not None


def _without_closing_section(
    kept: list[tuple[etree._Element, str]],
) -> list[tuple[etree._Element, str]]:
    """Cut the body at a "More from ..."/"Related"/"Most read" heading near its end.

    Such a heading opens the page's list of other stories, which trafilatura may take in
    with the article when the list sits in the same container. The cut is made only
    when what follows is a small part of the body and reads like teasers (no block
    longer than a teaser's few sentences).
    """
    total = sum(len(text) for _, text in kept)
    after = total
    for index, (_, text) in enumerate(kept):
        after -= len(text)
        if not index:
            continue
        if is_comments_heading(text):
            if after < _MAX_COMMENTS_SHARE * total:
                return kept[:index]
        elif _section_heading(text):
            rest = kept[index + 1 :]
            teasers = all(len(_WORD.findall(other)) <= _MAX_TEASER_WORDS for _, other in rest)
            if teasers and after <= _MAX_CLOSING_SHARE * total:
                return kept[:index]
    return kept


def _without_teaser_run(
    kept: list[tuple[etree._Element, str]],
) -> list[tuple[etree._Element, str]]:
    """Cut a run of other stories' linked titles at the end of the body (a list of
    teaser tiles below the article that came in with it, each tile's title a block)."""
    run = 0
    while run < len(kept) - 1 and linked_title(*kept[-run - 1]):
        run += 1
    return kept[:-run] if run >= _MIN_TEASER_RUN else kept


def _opens_links(text: str) -> bool:
    """True for a label that introduces links to other stories ("Read more:", "Related",
    "See also"): each linked title right below it is another story's, wherever it stands."""
    return len(text) <= _MAX_SECTION_HEADING and _CLOSING_SECTION.match(text) is not None


def _closing_heading(text: str) -> bool:
    """True for a heading that opens the page's list of other stories ("Related", "Most
    viewed in USA"), its author box or its comments."""
    return _section_heading(text) or is_comments_heading(text)


def _section_heading(text: str) -> bool:
    """True for a heading that opens the page's list of other stories or its author box."""
    # "More from the court hearing:" introduces a quote; a section heading has no colon
    heading = not text.endswith(":") and len(text) <= _MAX_SECTION_HEADING
    return heading and _CLOSING_SECTION.match(text) is not None


def _without_trailing_strays(
    kept: list[tuple[etree._Element, str]], index: SourceIndex
) -> list[tuple[etree._Element, str]]:
    """Drop short blocks after the article's container ends (teasers, bios, sign-ups).

    The container is the deepest page element holding most of the body's text; blocks
    before it (a standfirst above the article) stay.
    """
    sources = [index.source_of(text) for _, text in kept]
    sizes = [len(text) for _, text in kept]
    total = sum(sizes)
    if total == 0:
        return kept
    weight: dict[lxml.html.HtmlElement, int] = {}
    for source, size in zip(sources, sizes, strict=True):
        if source is None:
            continue
        for ancestor in source.iterancestors():
            weight[ancestor] = weight.get(ancestor, 0) + size
    holding = [element for element, held in weight.items() if held >= _CONTAINER_SHARE * total]
    if not holding:
        return kept
    container = max(holding, key=lambda element: sum(1 for _ in element.iterancestors()))
    inside = [
        source is not None and (source is container or container in source.iterancestors())
        for source in sources
    ]
    if not any(inside):
        return kept
    last = max(i for i, ok in enumerate(inside) if ok)
    return [
        pair
        for i, pair in enumerate(kept)
        if i <= last or sources[i] is None or len(_WORD.findall(pair[1])) >= _STRAY_WORDS
    ]


def _has_content(block: etree._Element, text: str) -> bool:
    return any(char.isalpha() for char in text) or any(True for _ in block.iter("graphic"))


def render_html(blocks: list[etree._Element], url: str | None) -> str:
    """Sanitized HTML for ``blocks`` (they are renamed to HTML tags in place)."""
    parts = []
    for block in blocks:
        for element in block.iter():
            _to_html_element(element)
        parts.append(etree.tostring(block, encoding="unicode", with_tail=False))
    return sanitize_html("".join(parts), base_url=url)


def _to_html_element(element: etree._Element) -> None:
    tag = element.tag
    if not isinstance(tag, str):
        return
    if tag == "head":
        level = (element.get("rend") or "h3")[1:]
        element.tag = f"h{min(max(int(level), 2), 6)}" if level.isdigit() else "h3"
    elif tag == "hi":
        element.tag = _HI_TAGS.get(element.get("rend") or "", "span")
    elif tag == "cell":
        element.tag = "th" if element.get("role") == "head" else "td"
    elif tag == "list" and (element.get("rend") or "") == "ol":
        element.tag = "ol"
    else:
        element.tag = _HTML_TAGS.get(tag, tag)
    if element.tag == "a":
        element.set("href", element.attrib.pop("target", ""))


def _images(blocks: list[etree._Element], url: str | None) -> list[ImageRef]:
    images: list[ImageRef] = []
    for block in blocks:
        for graphic in block.iter("graphic"):
            src = absolute_url(graphic.get("src"), url)
            if src and all(image.url != src for image in images):
                images.append(
                    ImageRef(
                        url=src,
                        caption=normalise_space(graphic.get("title") or ""),
                        width=_dimension(graphic.get("width")),
                        height=_dimension(graphic.get("height")),
                    )
                )
    return images


def _dimension(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) <= 5 else None
