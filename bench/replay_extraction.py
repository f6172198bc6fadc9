"""Extraction on the recorded web: a check beside the developer sets.

    python bench/replay_extraction.py [--replay DIR] [--stories DIR] [--show N]

Reads ``/work/shared/data/replay`` (``news.warc.gz`` and ``manifest.jsonl``; never
committed, never used by tests) and extracts every recorded article page with newsdesk
and with trafilatura (default settings). Its real pages are the developer set
fundus_parser_tests; the others carry the real text of the stories sets
(``/work/shared/data/stories``) in generated markup (three layouts with navigation,
breadcrumbs, bylines, cookie banners, newsletter boxes and related lists), so their body
is scored against that text with the benchmark metric. On every page it flags what reads
wrong without a label: words glued across elements (a lower-case letter or a sentence
end right before a capital, where trafilatura's text or the true text does not glue
them), empty bodies, and bodies under half or over twice trafilatura's length.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from pathlib import Path
from typing import Any

import trafilatura
from extraction import body_scores  # the bench's metric, beside this file
from warcio.archiveiterator import ArchiveIterator

from newsdesk.pipeline.extract import extract

DEFAULT_REPLAY = Path("/work/shared/data/replay")
DEFAULT_STORIES = Path("/work/shared/data/stories")
STORY_SETS = ("g5w1h_news_cluster", "basil", "allsides_roundups")
TOKEN = re.compile(r"\S+")


def load_truth(stories: Path) -> dict[str, dict[str, Any]]:
    truth: dict[str, dict[str, Any]] = {}
    for name in STORY_SETS:
        path = stories / f"{name}.dev.jsonl"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                truth[record["id"]] = record
    return truth


def articles(replay: Path) -> dict[str, dict[str, Any]]:
    found = {}
    for line in (replay / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["kind"] == "article":
            found[record["url"]] = record
    return found


def f1(precision: float | None, recall: float | None) -> float:
    if not precision or not recall:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replay", type=Path, default=DEFAULT_REPLAY)
    parser.add_argument("--stories", type=Path, default=DEFAULT_STORIES)
    parser.add_argument("--show", type=int, default=10, help="worst generated pages listed")
    args = parser.parse_args()
    if not (args.replay / "news.warc.gz").exists():
        print(f"no replay corpus at {args.replay}", file=sys.stderr)
        return 2
    manifest = articles(args.replay)
    truth = load_truth(args.stories)
    scored: list[tuple[float, float, str]] = []
    ours: list[tuple[float | None, float | None]] = []
    theirs: list[tuple[float | None, float | None]] = []
    flags: list[str] = []
    with (args.replay / "news.warc.gz").open("rb") as stream:
        for record in ArchiveIterator(stream):
            url = record.rec_headers.get_header("WARC-Target-URI")
            if record.rec_type != "response" or url not in manifest:
                continue
            page = record.content_stream().read().decode("utf-8", "replace")
            text = extract(page, url).text
            other = trafilatura.extract(page) or ""
            known = truth.get(manifest[url]["id"], {}).get("text", "")
            if manifest[url]["generated"] and known:
                ours.append(body_scores(known, text))
                theirs.append(body_scores(known, other))
                scored.append((f1(*ours[-1]), f1(*theirs[-1]), url))
            flags.extend(_flags(manifest[url]["id"], text, other, known))
    for name, pairs in (("newsdesk", ours), ("trafilatura", theirs)):
        precision = statistics.fmean(p for p, _ in pairs if p is not None)
        recall = statistics.fmean(r or 0.0 for _, r in pairs)
        print(f"{name}: generated pages {len(pairs)}, body F1 {f1(precision, recall):.4f} "
              f"(P {precision:.4f} R {recall:.4f})")  # fmt: skip
    for ours_f1, their_f1, url in sorted(scored)[: args.show]:
        print(f"  {ours_f1:.3f} (trafilatura {their_f1:.3f}) {url}")
    print(f"flags: {len(flags)}")
    for flag in flags:
        print(f"  {flag}")
    return 0


def _flags(page_id: str, text: str, other: str, known: str) -> list[str]:
    if not text:
        return [f"{page_id}: empty body"]
    found = [
        f"{page_id}: glued {token!r}"
        for token in TOKEN.findall(text)
        if _glued(token) and token not in other and token not in known
    ]
    if other and not 0.5 <= len(text) / len(other) <= 2:
        found.append(f"{page_id}: {len(text) / len(other):.2f}x trafilatura's length")
    return found


def _glued(token: str) -> bool:
    """True for a token with a lower-case letter, or a letter and a sentence end, right
    before a capital and a lower-case letter ("KommissionVerfahren", "fortunate.The")."""
    for i in range(1, len(token) - 1):
        if not (token[i].isupper() and token[i + 1].islower()):
            continue
        before = token[i - 1]
        if before.islower() or (before in ".!?:;," and i > 1 and token[i - 2].isalpha()):
            return True
    return False


if __name__ == "__main__":
    raise SystemExit(main())
