"""Clean author strings ("By Jane Doe and John Roe, Reporter") into names."""

from __future__ import annotations

import re
import unicodedata

_BY = re.compile(
    r"^\s*(?:(?:written|posted|reported|text|story|words|photos?)\s+)?"
    r"(?:by|von|par|por|di|door|av|af|przez|od|from)\s*[:\-]?\s+",
    re.I,
)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_HANDLE = re.compile(r"(?<!\w)@\w+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_SPLIT = re.compile(
    r"\s*(?:,|;|\||/|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bog\b|\boch\b)\s*", re.I
)
_ROLES = frozenset(
    {
        "reporter",
        "staff reporter",
        "senior reporter",
        "correspondent",
        "senior correspondent",
        "chief correspondent",
        "editor",
        "senior editor",
        "contributing editor",
        "writer",
        "staff writer",
        "contributor",
        "columnist",
        "journalist",
        "photographer",
        "analyst",
        "opinion",
        "updated",
        "published",
        "redakteur",
        "redakteurin",
        "autor",
        "autorin",
    }
)
#: One-word roles that end a job title ("News Reporter"); no surname ends so.
_ROLE_WORDS = frozenset(role for role in _ROLES if " " not in role) - {
    "opinion",
    "updated",
    "published",
}
_ROLE_TAIL = re.compile(
    r"\s*[,\-\u2013|(]\s*(?:" + "|".join(sorted(_ROLES, key=len, reverse=True)) + r")\b.*$", re.I
)
_ROLE_SUFFIX = re.compile(r"\s*(?:기자|記者|特派員|編集委員)\s*$")
#: A name's short-hand initials in brackets: "Jane Doe (jd)".
_INITIALS = re.compile(r"\s*\(\s*[a-z]{1,5}\.?\s*\)?\s*$")
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)+$")
_NOT_NAMES = frozenset(
    {"admin", "administrator", "unknown", "anonymous", "staff", "none", "null"}
    # the byline's "By" set apart from the names
    | {"by", "von", "par", "por", "di", "door", "av", "af", "przez", "od", "from"}
)
_MAX_NAME = 80
_MAX_WORDS = 6
_MAX_PERSON_WORDS = 4
#: A name in a script without capitals, written without spaces.
_MIN_UNCASED = 2
_MAX_UNCASED = 6


def clean_authors(raw: list[str]) -> list[str]:
    """Split, clean and de-duplicate person-name strings, keeping their order."""
    names: list[str] = []
    seen: set[str] = set()
    for value in raw:
        for name in split_byline(value):
            key = name.casefold()
            if key not in seen:
                seen.add(key)
                names.append(name)
    return names


def split_byline(value: str) -> list[str]:
    """Names in one byline string: "By A and B, Reporter" -> ["A", "B"]."""
    text = _normalise(value)
    text = _URL.sub(" ", _EMAIL.sub(" ", text))
    text = _HANDLE.sub(" ", text)
    text = _after_label(_before_date(text))
    text = _BY.sub("", text)
    text = _ROLE_TAIL.sub("", text)
    names = (_clean_name(part) for part in _SPLIT.split(text))
    return [name for name in names if name]


#: A credit word inside a byline, after a label: "capital von Jane Doe", "Analysis by ...".
_INNER_BY = re.compile(r"\s(?:by|von|par|por)\s+(?=\S)", re.I)
#: Words of a label before the credit word; more is a sentence, not a label.
_MAX_LABEL_WORDS = 3


#: Month names (English, German, French, Spanish) that may open a date before its day:
#: "February 5". Only next to a number: "April Ryan" is a name.
_MONTHS = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "januar",
        "februar",
        "märz",
        "mai",
        "juni",
        "juli",
        "oktober",
        "dezember",
        "janvier",
        "février",
        "mars",
        "avril",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ]
)


def _before_date(text: str) -> str:
    """A byline cut where a date or time starts ("Jane Doe 05. November 2024 15:36 Uhr",
    "Jane Doe February 5, 2024"): a name has no word of digits only."""
    words = text.split()
    for index, word in enumerate(words):
        if index and _is_number(word):
            month = words[index - 1].strip(".,").casefold() in _MONTHS
            return " ".join(words[: index - month])
    return text


def _after_label(text: str) -> str:
    """The credit after a label: "capital von Jane Doe" -> "von Jane Doe" (the label is a
    kicker, a section or a genre). Only a short label; "by" after any words, the other
    credit words only after lower-case ones ("Ursula von der Leyen" is a name)."""
    match = _INNER_BY.search(text)
    if match is None:
        return text
    label = text[: match.start()].split()
    if not label or len(label) > _MAX_LABEL_WORDS:
        return text
    english = match.group().strip().casefold() == "by"
    if english or all(word[:1].islower() for word in label):
        return text[match.start() :].strip()
    return text


def looks_like_person(name: str) -> bool:
    """A full name: two to four words, the first and last capitalised ("Jane van Doe"),
    not a job title ("News Reporter"), or, in a script without capitals (CJK), one short
    word."""
    words = name.split()
    if words and words[-1].casefold() in _ROLE_WORDS:
        return False
    cased = [word for word in words if word[0].isupper() or word[0].islower()]
    if not cased:
        return len(words) == 1 and _MIN_UNCASED <= len(name) <= _MAX_UNCASED
    if not 2 <= len(words) <= _MAX_PERSON_WORDS:
        return False
    return words[0][0].isupper() and words[-1][0].isupper()


def clean_organisation(value: str) -> str:
    """An organisation name, whitespace-normalised; never split."""
    name = _normalise(value)
    if _URL.search(name) or len(name) > _MAX_NAME:
        return ""
    return name


def _clean_name(part: str) -> str:
    name = _INITIALS.sub("", _ROLE_SUFFIX.sub("", _BY.sub("", part))).strip(
        " \t-\u2013\u2014:·•,.()[]\"'"
    )
    if not name or _SLUG.match(name) or any(char in name for char in ":*<>{}=#"):
        return ""
    if name.casefold() in _ROLES or name.casefold() in _NOT_NAMES:
        return ""
    if len(name) > _MAX_NAME or len(name.split()) > _MAX_WORDS:
        return ""
    if not any(char.isalpha() for char in name):
        return ""
    if any(_is_number(word) for word in name.split()):
        return ""  # "February 5", "Updated 10:42": a date, not a person ("BR24 Desk" is a name)
    return name


def _is_number(word: str) -> bool:
    """A word of digits and punctuation only ("5", "10:42", "2024.")."""
    return any(char.isdigit() for char in word) and not any(char.isalpha() for char in word)


def _normalise(value: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", value).split())
