"""Golden files for extraction: ``extract/<case>.html`` -> ``extract/<case>.expected.json``.

Regenerate with ``pytest tests/golden --update-golden`` and review the diff.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from newsdesk.pipeline.extract import ExtractedArticle, ExtractOptions, extract

CASES = Path(__file__).parent / "extract"
OPTIONS = ExtractOptions(now=datetime(2026, 1, 1, tzinfo=UTC))


def as_json(article: ExtractedArticle) -> dict[str, Any]:
    record = dataclasses.asdict(article)
    record["status"] = article.status.value
    for key in ("published", "modified"):
        value = record[key]
        record[key] = value.isoformat() if value else None
    result: dict[str, Any] = json.loads(json.dumps(record))  # tuples -> lists, as on disk
    return result


@pytest.mark.parametrize("case", sorted(p.stem for p in CASES.glob("*.html")))
def test_golden_extraction(case: str, update_golden: bool) -> None:
    page = (CASES / f"{case}.html").read_bytes()
    actual = as_json(extract(page, f"https://news.example.test/{case}", OPTIONS))
    expected_path = CASES / f"{case}.expected.json"
    if update_golden or not expected_path.exists():
        expected_path.write_text(
            json.dumps(actual, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
            encoding="utf-8",
        )
    assert actual == json.loads(expected_path.read_text(encoding="utf-8"))
