"""Two outlets telling one fact differently, by names or by claims: pure functions over a
pair of passages (no model).

Numbers are compared in :mod:`newsdesk.pipeline.enrich.stories`. Names and claims are only
compared where two passages are one sentence but for one change, word for word: a name put
for another ("the suspect, John Smith, ..." / "the suspect, Robert Brown, ..."), a negation
added ("did not confirm"), or a verb put for its opposite ("confirmed" / "denied"). Outlets
that tell a fact in their own words are not compared: that is where reading a difference as
a contradiction goes wrong (two people quoted, two sides of a vote), so this finds few
disagreements and, by design, few false ones.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from newsdesk.pipeline.enrich.sentences import words

#: Share of the two passages' words that must line up outside the one change.
SAME_SENTENCE = 0.75
#: Passages shorter than this are too short to be "one sentence but for one change".
MIN_WORDS = 6
#: Two names this alike (characters) are one name spelled two ways ("Zelensky" /
#: "Zelenskyy", "Gadhafi" / "Qaddafi"), not two people.
SPELLING = 0.5
#: A name is at most this many capitalised words.
MAX_NAME_WORDS = 4
_NEGATIONS = frozenset(["not", "n't", "no", "never", "neither", "nor", "without"])
#: Verbs of claims and outcomes and their opposites, by stem.
_OPPOSITES = (
    ("confirm", "deni"),
    ("confirm", "deny"),
    ("admit", "deni"),
    ("admit", "deny"),
    ("accept", "reject"),
    ("approv", "reject"),
    ("support", "oppos"),
    ("win", "lose"),
    ("won", "lost"),
    ("pass", "fail"),
    ("increas", "decreas"),
    ("rose", "fell"),
    ("rise", "fall"),
    ("guilty", "innocent"),
    ("acquitt", "convict"),
    ("open", "clos"),
)
#: Capitalised words that name a day or month: a difference there is a dateline or time
#: zone, not a contradiction ("said Monday" / "said Tuesday").
_CALENDAR = frozenset(
    [
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december"),
    ]
)


@dataclass(frozen=True)
class Conflict:
    #: What differs: "a name" or "what happened".
    about: str
    first: str
    second: str


#: A title alone is no name: "Sen." / "Senator", "Gov." / "Governor Smith".
_TITLES = frozenset(
    [
        *("mr", "mrs", "ms", "dr", "sen", "senator", "rep", "representative", "gov"),
        *("governor", "president", "pres", "gen", "general", "prof", "professor", "judge"),
        *("justice", "secretary", "minister", "chancellor", "mayor", "sir", "lord", "lady"),
        *("king", "queen"),
    ]
)


def _key(token: str) -> str:
    """A word as compared: lower case, a curly apostrophe made straight, no full stop."""
    return token.lower().replace("\u2019", "'").rstrip(".")


def _is_name(tokens: list[str]) -> bool:
    return (
        0 < len(tokens) <= MAX_NAME_WORDS
        and all(t[:1].isupper() for t in tokens)
        and not any(_key(t) in _CALENDAR or _key(t) in _TITLES for t in tokens)
    )


def _opposite(a: list[str], b: list[str]) -> bool:
    if len(a) != 1 or len(b) != 1:
        return False
    x, y = _key(a[0]), _key(b[0])
    return any(
        (x.startswith(p) and y.startswith(q)) or (x.startswith(q) and y.startswith(p))
        for p, q in _OPPOSITES
    )


def _negation(added: list[str]) -> bool:
    return bool(added) and len(added) <= 2 and all(_key(t) in _NEGATIONS for t in added)


def conflict(first: str, second: str) -> Conflict | None:
    """How ``second`` contradicts ``first`` when the two are one sentence but for one
    change: another name, a negation, an opposite verb. None otherwise."""
    a, b = words(first), words(second)
    if min(len(a), len(b)) < MIN_WORDS:
        return None
    matcher = difflib.SequenceMatcher(None, [_key(t) for t in a], [_key(t) for t in b])
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    if len(changes) != 1 or 2 * sum(m.size for m in matcher.get_matching_blocks()) < (
        SAME_SENTENCE * (len(a) + len(b))
    ):
        return None
    kind, i1, i2, j1, j2 = changes[0]
    old, new = a[i1:i2], b[j1:j2]
    if kind == "replace" and i1 > 0 and j1 > 0 and _is_name(old) and _is_name(new):
        return _other_name(a, b, old, new)
    if (
        _opposite(old, new)
        or (kind == "insert" and _negation(new))
        or (kind == "delete" and _negation(old))
    ):
        return Conflict("what happened", first, second)
    return None


def _other_name(a: list[str], b: list[str], old: list[str], new: list[str]) -> Conflict | None:
    """The name ``new`` put for ``old``: two people, unless a word of either name is in
    the other passage ("John Smith" / "Smith", or both passages name both) or the two are
    one name spelled two ways."""
    if {_key(t) for t in new} & {_key(t) for t in a} or {_key(t) for t in old} & {
        _key(t) for t in b
    }:
        return None
    one, other = " ".join(old), " ".join(new)
    if difflib.SequenceMatcher(None, one.lower(), other.lower()).ratio() >= SPELLING:
        return None
    return Conflict("a name", one, other)
