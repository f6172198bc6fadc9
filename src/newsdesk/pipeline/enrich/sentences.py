"""Sentences of an article body: splitting, and the small predicates that decide which
sentences can stand alone in a summary (no dangling pronoun, no quote fragment, no
boilerplate). Pure functions over text; no model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from newsdesk.pipeline.scripts import IDEOGRAPHS

#: Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sen",
        "rep",
        "gov",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "adm",
        "st",
        "jr",
        "sr",
        "inc",
        "corp",
        "co",
        "ltd",
        "vs",
        "no",
        "nos",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
        "etc",
        "mt",
        "ft",
        "ave",
        "blvd",
        "dept",
        "est",
        "fig",
        "approx",
        "rev",
        "hon",
        "pres",
        "supt",
        "atty",
    ]
)

# A candidate boundary: a full stop, ! or ? (or the Arabic question mark, the Urdu full
# stop, the Devanagari danda), optionally followed by closing quotes/brackets, then
# whitespace, then something that can start a sentence: a letter or digit of any script,
# perhaps after an opening quote or bracket; a lower-case letter there is checked in
# code (a sentence does not start with one: "approx. three").
_BOUNDARY = re.compile(
    r"([.!?\u061f\u06d4\u0964][\"'\u201d\u2019\u00bb)\]]*)\s+"
    r"(?=[\"'\u201c\u2018\u201e\u00ab\u00bf\u00a1(\[]?([^\W_]))"
)
# The ideographic full stop, full-width ! and ? end a sentence with or without a space.
_CJK_BOUNDARY = re.compile(r"([\u3002\uff01\uff1f][\u300d\u300f\uff09\u201d\u2019\"')]*)\s*(?=\S)")
# A word: letters and digits of any script (with inner apostrophes, dots and hyphens:
# "don't", "U.S.", "well-known"); each ideograph or kana stands alone.
_WORD = re.compile(rf"[{IDEOGRAPHS}]|[^\W_{IDEOGRAPHS}](?:[^\W{IDEOGRAPHS}]|['\u2019.-])*")
_IDEOGRAPH = re.compile(f"[{IDEOGRAPHS}]")
#: A news agency's tag after a wire dateline ("ERIE, Pa. (AP) - A woman ..."): the text
#: before it is the place, not a sentence of its own.
_AGENCY_TAG = re.compile(r"\((?:AP|AFP|CNN|Reuters|UPI|dpa|Bloomberg)\)")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a text: its words, its paragraph and its position."""

    text: str
    index: int
    paragraph: int
    #: Character offsets in the original text.
    start: int
    end: int
    #: It starts inside a quotation that an earlier sentence of its paragraph opened
    #: ("... heritage. As President, I'll end it. And I'll fight," says Perry: the
    #: middle sentence is someone's words with no quotation mark of its own).
    quoted: bool = False


def _is_abbreviation(chunk: str) -> bool:
    last = chunk.rsplit(None, 1)[-1] if chunk.strip() else ""
    token = last.rstrip(".").lower().lstrip("(\"'\u201c")
    if token in _ABBREVIATIONS:
        return True
    # Initials: "J." in "John F. Kennedy", "U.S." handled above.
    return len(token) == 1 and token.isalpha()


def _split_paragraph(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    matches = sorted(
        [*_BOUNDARY.finditer(text), *_CJK_BOUNDARY.finditer(text)], key=lambda m: m.start()
    )
    for match in matches:
        end = match.end(1)
        if match.start() < start:
            continue
        if match.re is _BOUNDARY and (
            match.group(2).islower()
            or _is_abbreviation(text[start:end])
            or _AGENCY_TAG.match(text, match.end()) is not None
        ):
            continue
        spans.append((start, end))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` (paragraphs separated by blank lines or newlines) into sentences."""
    sentences: list[Sentence] = []
    offset = 0
    for paragraph_number, paragraph in enumerate(re.split(r"\n\s*\n|\n", text)):
        base = text.find(paragraph, offset)
        offset = base + len(paragraph)
        quote = ""  # the mark that opened the quotation still open, if any
        for start, end in _split_paragraph(paragraph):
            piece = paragraph[start:end].strip()
            if not piece:
                continue
            lead = len(paragraph[start:end]) - len(paragraph[start:end].lstrip())
            sentences.append(
                Sentence(
                    text=" ".join(piece.split()),
                    index=len(sentences),
                    paragraph=paragraph_number,
                    start=base + start + lead,
                    end=base + start + lead + len(piece),
                    quoted=bool(quote),
                )
            )
            quote = open_quotation(piece, quote)
    return sentences


#: Marks that open a quotation, each with the marks that close it (English, German,
#: French and Swiss styles); a straight double quote both opens and closes. Scraped
#: text mixes straight and curly marks ('"Holy crap. ... idea,” Cruz writes').
_CLOSERS = {
    '"': '"\u201d',
    "\u201c": '\u201d"',
    "\u201e": "\u201c\u201d",
    "\u00ab": "\u00bb",
}
#: Marks that only close a quotation.
_ONLY_CLOSING = "\u201d\u00bb"


def _read_quotes(text: str, quote: str = "") -> tuple[str, bool]:
    """The mark of the quotation left open at the end of ``text`` ("" when none), when
    ``quote`` was open at its start, and whether ``text`` closes a quotation it did not
    open. Nested quotations are not tracked."""
    stray = False
    for char in text:
        if quote:
            if char in _CLOSERS[quote]:
                quote = ""
        elif char in _CLOSERS:
            quote = char
        elif char in _ONLY_CLOSING:
            stray = True
    return quote, stray


def open_quotation(text: str, quote: str = "") -> str:
    """The mark of the quotation left open at the end of ``text`` ("" when none), when
    ``quote`` was open at its start."""
    return _read_quotes(text, quote)[0]


def quotes_balanced(text: str) -> bool:
    """Every quotation ``text`` opens it closes, and it closes none it did not open
    (in any of the styles of ``_CLOSERS``: “...”, „...“, «...», "...")."""
    left_open, stray = _read_quotes(text)
    return not left_open and not stray


_ALNUM = re.compile(r"[^\W_]+")


def normalized(text: str) -> str:
    """``text`` lowercased, its punctuation dropped and its whitespace collapsed: two texts
    that differ only in case, quotes, dashes or spacing normalise to the same string."""
    return " ".join(_ALNUM.findall(text.lower()))


def body_sentences(title: str, text: str) -> list[Sentence]:
    """The sentences of ``text`` without a leading repeat of its headline.

    Raw inputs often start with the headline, as a paragraph of its own or as a first
    sentence (``"Title. First sentence..."``); that is not a sentence of the article. A
    first paragraph, or else a first sentence, that normalises (:func:`normalized`) to the
    title is dropped; the others keep their order and are renumbered from 0. A text that
    is only its title is kept whole."""
    sentences = split_sentences(text)
    head = normalized(title)
    drop = 0
    if sentences and head:
        first = [s for s in sentences if s.paragraph == sentences[0].paragraph]
        if normalized(" ".join(s.text for s in first)) == head:
            drop = len(first)
        elif normalized(sentences[0].text) == head:
            drop = 1
        if drop == len(sentences):  # the title is all the text says
            drop = 0
    body = [replace(s, index=n) for n, s in enumerate(sentences[drop:])]
    # The lede may follow a standfirst: a dateline opens one of the first paragraphs.
    openers: dict[int, int] = {}
    for n, sentence in enumerate(body):
        if len(openers) == _DATELINE_PARAGRAPHS:
            break
        openers.setdefault(sentence.paragraph, n)
    for n in openers.values():
        body[n] = without_dateline(body[n])
    return body


#: A wire-style dateline before the first sentence: "WASHINGTON — ", "NEW YORK (AP) - ",
#: "ERIE, Pa. — ", "LONDON, May 27 (Reuters) - ", "(CNN) -- ". The place is in capitals and
#: a dash follows it (a lone hyphen only between spaces: "COVID-19 cases" is no dateline);
#: an agency in brackets may stand alone ("(CNN)President Biden ..."). What follows starts
#: a sentence: "NATO \u2014 the alliance \u2014 met" keeps its first word.
_DATELINE = re.compile(
    r"""^(?:
        (?!FILE\b)[A-Z][A-Z.'\u2019-]{2,}(?:\s+[A-Z][A-Z.'\u2019-]+){0,3}
        (?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})?
        (?:,?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})?
        (?:\s*\([A-Z][\w .&]{0,25}\))?
        (?:\s*[\u2014\u2013]+-?|\s+--?|\s*--)
      | \((?:AP|AFP|CNN|Reuters|UPI|dpa)[\w ]{0,12}\)
        (?:\s*[\u2014\u2013]+-?|\s+--?|\s*--)?
    )\s*(?=[^\W_a-z]|["'\u201c\u2018(])""",
    re.X,
)


def without_dateline(sentence: Sentence) -> Sentence:
    """``sentence`` without a leading dateline ("WASHINGTON — The Senate ..." -> "The
    Senate ..."): where the story was filed is not what it says, and reads oddly at the
    start of a summary. A sentence that is nothing but a dateline is kept."""
    match = _DATELINE.match(sentence.text)
    if match is None or len(words(sentence.text[match.end() :])) < _MIN_AFTER_DATELINE:
        return sentence
    cut = match.end()
    return replace(sentence, text=sentence.text[cut:], start=sentence.start + cut)


#: Paragraphs at the top whose first sentence may open with a dateline.
_DATELINE_PARAGRAPHS = 3
#: Words a sentence must keep after its dateline for the dateline to go.
_MIN_AFTER_DATELINE = 3


def words(text: str) -> list[str]:
    """The words of ``text``, in any script; each ideograph or kana is one."""
    return _WORD.findall(text)


def word_count(text: str) -> int:
    """How many words ``text`` holds, for length limits: ideographs and kana count two to
    a word (Chinese and Japanese words average about two characters), so a sentence's
    length reads alike in every script."""
    cjk = len(_IDEOGRAPH.findall(text))
    return len(_WORD.findall(text)) - cjk + (cjk + 1) // 2


# Words that make a sentence lean on the one before it when they open it.
_DANGLING_OPENERS = frozenset(
    [
        "he",
        "she",
        "it",
        "they",
        "them",
        "his",
        "her",
        "its",
        "their",
        "this",
        "these",
        "those",
        "that",
        "such",
        "there",
        "but",
        "and",
        "or",
        "so",
        "also",
        "however",
        "meanwhile",
        "still",
        "yet",
        "instead",
        "moreover",
        "furthermore",
        "additionally",
        "likewise",
        "nevertheless",
        "nonetheless",
        "then",
        "thus",
        "hence",
        "besides",
        "otherwise",
        "afterward",
        "afterwards",
        "later",
        "earlier",
    ]
)
_QUOTES_OPEN = "\u201c\u2018"
_QUOTES_CLOSE = "\u201d\u2019"
_BOILERPLATE = re.compile(
    r"(?i)\b(click here|sign up|subscribe|newsletter|read more|follow us|all rights reserved|"
    r"contributed to this report|getty images|ap photo|photos?:|images?:|advertisement|"
    r"copyright|cookies?|watch:|listen:|related:|updated:?\s+\d|file photo)"
    # an agency photo's caption left in the text: "FILE - In this May 3 file photo, ..."
    r"|(?-i:^FILE\s*[-\u2013\u2014])"
)


def opens_with_dangling_reference(text: str) -> bool:
    """True when the sentence starts with a pronoun or connective that needs context."""
    first = words(text[:40])
    return bool(first) and first[0].lower().strip("'\u2019") in _DANGLING_OPENERS


def is_quote_fragment(text: str) -> bool:
    """Unbalanced quotation marks, or a sentence that only introduces a quote."""
    if not quotes_balanced(text):
        return True
    stripped = text.rstrip()
    if is_whole_quotation(stripped):
        return True  # who says it is in another sentence, or nowhere
    return stripped.endswith((":", ",", ";", "\u2014", "-", "...", "\u2026"))


def is_whole_quotation(text: str) -> bool:
    """The sentence is one quotation from its first character to its last."""
    text = text.rstrip()
    if len(text) < 2 or text[0] not in '"\u201c' or text[-1] not in '"\u201d':
        return False
    inner = text[1:-1]
    return '"' not in inner and "\u201d" not in inner and "\u201c" not in inner


#: A verb that names who speaks ("she said", "told reporters", "he wrote on Twitter").
_SPEECH = re.compile(
    r"(?i)\b(?:said|says|told|tells|wrote|writes|tweeted|posted|added|adds|stated|states|"
    r"continued|continues|remarked|explained|asked|according to)\b"
)


def names_speaker(text: str) -> bool:
    """The sentence says who speaks: a verb of saying ("..., the mayor said.")."""
    return bool(_SPEECH.search(text))


def is_boilerplate(text: str) -> bool:
    return bool(_BOILERPLATE.search(text)) or "http" in text or "@" in text


def can_stand_alone(
    sentence: Sentence,
    *,
    min_words: int = 6,
    max_words: int = 80,
    after_previous: bool = False,
    previous: str = "",
) -> bool:
    """Whether ``sentence`` may appear in a summary without the text around it. With
    ``after_previous``, it will be read right after the sentence before it in the text,
    so an opening pronoun or connective ("He said", "But") has what it leans on, and a
    sentence that is one whole quotation has its speaker when that sentence (``previous``)
    names one ('"...," the mayor said. "We will rebuild it."')."""
    count = word_count(sentence.text)
    if not min_words <= count <= max_words or sentence.quoted or is_boilerplate(sentence.text):
        return False  # (quoted: someone's words with no quotation mark of their own)
    if is_quote_fragment(sentence.text) and not (
        after_previous and is_whole_quotation(sentence.text) and names_speaker(previous)
    ):
        return False
    if sentence.text.isupper():
        return False
    if after_previous:
        return True
    return not (sentence.index > 0 and opens_with_dangling_reference(sentence.text))


#: A photo credit left in the text: "Jane Doe/Reuters", "(AP Photo/...)", "Photo by ...".
_CREDIT = re.compile(
    r"\w/(?:Reuters|AP|AFP|Getty|EPA|Bloomberg|Shutterstock|Associated Press)\b|"
    r"\((?:AP|Reuters|AFP|Getty)[^)]*\)|\bphoto(?:graph)? (?:by|courtesy|credit)\b",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """A sentence that asks rather than tells (a rhetorical or quoted question; the
    full-width and Arabic question marks too)."""
    closers = "\"'\u201d\u2019)\u300d\u300f\u00bb"
    return text.rstrip().rstrip(closers).endswith(("?", "\uff1f", "\u061f"))


def has_photo_credit(text: str) -> bool:
    """A caption's credit ("Jane Doe/Reuters", "(AP Photo/...)") inside the sentence."""
    return bool(_CREDIT.search(text))


#: Quoted text: someone else's words, straight or curly quotes.
_QUOTED = re.compile(r"\"[^\"]*\"|\u201c[^\u201d]*\u201d?")
#: The writer speaking: "we", "us", "our", "my" ... in lower case ("US" is a country), and
#: "I" after the start, punctuation or a lower-case word ("World War I and" is no "I").
_FIRST_PERSON = re.compile(
    r"\b(?:we|us|our|ours|ourselves|me|my|mine|myself)\b|\b(?:We|Our|My)\b"
    r"|(?:^|[^\w\s]\s*|\b[a-z]+\s+)I(?:['\u2019](?:m|ve|d|ll)\b|\s+[a-z])"
)


def speaks_as_writer(text: str) -> bool:
    """The sentence's writer speaks in the first person outside quotation marks ("Today is
    Earth Day, which should give us pause"): a column's or a blog's voice. Out of its
    article a summary would seem to say it in its own voice."""
    return bool(_FIRST_PERSON.search(_QUOTED.sub(" ", text)))
