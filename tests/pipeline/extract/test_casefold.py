"""Case-blind searches: the ASCII shortcut finds what ``re.I`` finds."""

from __future__ import annotations

import re

import pytest

from newsdesk.pipeline.extract.casefold import CaseBlind

PATTERN = r"(?:^|[\s_\-])(?:nav|side-?bar|read-?more)(?:$|[\s_\-])"


@pytest.mark.parametrize(
    "text",
    [
        "Nav",
        "main-NAV",
        "page SideBar",
        "ReadMore-box",
        "navigation",
        "canvas",
        "",
        "Haupt-NAV Überblick",  # not ASCII: searched with re.I itself
        "Über_sidebar",
        "\u017fide-bar",  # long s: re.I folds it to "s"
    ],
)
def test_found_agrees_with_re_ignorecase(text: str) -> None:
    expected = re.search(PATTERN, text, re.I) is not None
    assert CaseBlind(PATTERN).found(text) is expected


def test_long_s_is_folded_like_re_ignorecase() -> None:
    assert CaseBlind(PATTERN).found("\u017fide-bar")


def test_upper_case_pattern_is_refused() -> None:
    with pytest.raises(ValueError, match="upper-case"):
        CaseBlind(r"\Snav")
