"""Scripts written without spaces between words (Chinese ideographs, Japanese kana): one
definition of their characters and of how text in them is cut into comparable units,
shared by sentence splitting, summaries and keyword search."""

from __future__ import annotations

import re

#: Ideographs and kana, as a regular-expression character range.
IDEOGRAPHS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: A run of them: what a tokenizer reads as one word.
RUN = re.compile(f"[{IDEOGRAPHS}]+")


def pairs(run: str) -> list[str]:
    """The overlapping character pairs of a run of ideographs ("東京都" -> 東京, 京都), the
    usual unit for comparing and indexing these scripts; a single character is itself."""
    return [run[i : i + 2] for i in range(len(run) - 1)] or [run]
