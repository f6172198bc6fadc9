"""Golden files for parse tests: ``testdata/<case>`` next to ``<case>.expected.json``.

Regenerate with ``pytest --update-golden`` (when the option is registered) or
``NEWSDESK_UPDATE_GOLDEN=1 pytest tests/pipeline/parse``, then review the diff.
"""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

TESTDATA = Path(__file__).parent / "testdata"


def _default(value: object) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(repr(value))


def as_json(record: object) -> str:
    assert dataclasses.is_dataclass(record) and not isinstance(record, type)
    return json.dumps(dataclasses.asdict(record), default=_default, indent=2, ensure_ascii=False)


def should_update(config: pytest.Config) -> bool:
    try:
        option = bool(config.getoption("--update-golden"))
    except ValueError:  # the option is not registered in this run
        option = False
    return option or os.environ.get("NEWSDESK_UPDATE_GOLDEN") == "1"


def check_golden(case: str, record: object, config: pytest.Config) -> None:
    expected_file = TESTDATA / f"{case}.expected.json"
    actual = as_json(record) + "\n"
    if should_update(config):
        expected_file.write_text(actual, encoding="utf-8")
    assert expected_file.exists(), f"no golden file {expected_file.name}: run with --update-golden"
    assert actual == expected_file.read_text(encoding="utf-8")
