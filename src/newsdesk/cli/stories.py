"""``newsdesk stories assign``: run the production clusterer on a JSONL stream.

Input lines: ``{"id", "title", "text" (or "body"), "published", "source", "language"?}``.
Articles are taken in ``published`` order (then input order) on a fresh state, and one
``{"id": ..., "story": ...}`` line is written per article. No database is used: the
clusterer is the same pure code the worker runs, with the same options and index.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsdesk.pipeline.cluster import ClusterArticle, ClusterOptions, assign_stream
from newsdesk.pipeline.cluster.features import lead
from newsdesk.pipeline.enrich.embed import Embedder
from newsdesk.pipeline.errors import UsageError


@dataclass(frozen=True)
class StreamRow:
    id: str
    article: ClusterArticle


def parse_time(value: object) -> datetime:
    """An ISO 8601 date or time as aware UTC (a date is its midnight; no value is the epoch)."""
    if not value:
        return datetime(1970, 1, 1, tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise UsageError(f"not an ISO 8601 time: {value!r}") from error
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def read_rows(lines: Iterable[str]) -> list[StreamRow]:
    rows: list[StreamRow] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data: dict[str, Any] = json.loads(line)
        except json.JSONDecodeError as error:
            raise UsageError(f"line {number}: not JSON ({error})") from error
        if "id" not in data:
            raise UsageError(f"line {number}: no id")
        language = str(data.get("language") or "").split("-")[0].lower()
        article = ClusterArticle(
            key=len(rows),
            title=str(data.get("title") or ""),
            text=str(data.get("text") or data.get("body") or ""),
            published=parse_time(data.get("published")),
            source=str(data.get("source") or ""),
            language=language,
        )
        rows.append(StreamRow(id=str(data["id"]), article=article))
    return rows


def embed_rows(
    rows: Sequence[StreamRow], embedder: Embedder, lead_words: int
) -> NDArray[np.float32]:
    texts = [lead(r.article.title, r.article.text, lead_words) for r in rows]
    if not texts:
        return np.zeros((0, embedder.dimensions), dtype=np.float32)
    return embedder.embed(texts)


def assign_rows(
    rows: Sequence[StreamRow], vectors: NDArray[np.float32], options: ClusterOptions
) -> list[dict[str, str]]:
    """One ``{"id", "story"}`` per row, in arrival order; a story is named by its first id."""
    articles = [r.article for r in rows]
    done, final = assign_stream(articles, vectors, options)
    out = []
    for assignment in done:
        story = final[assignment.key]
        name = rows[story].id if story is not None else f"flagged:{rows[assignment.key].id}"
        out.append({"id": rows[assignment.key].id, "story": name})
    return out


def run_assign(args: argparse.Namespace) -> int:
    from newsdesk.config import load_config
    from newsdesk.pipeline.enrich.embed import MiniLMEmbedder

    config = load_config()
    options = config.cluster_options
    with Path(args.input).open(encoding="utf-8") as handle:
        rows = read_rows(handle)
    vectors = embed_rows(rows, MiniLMEmbedder(), config.story_lead_words)
    lines = assign_rows(rows, vectors, options)
    text = "".join(json.dumps(line) + "\n" for line in lines)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    stories = len({line["story"] for line in lines})
    print(f"{len(lines)} articles in {stories} stories", file=sys.stderr)
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "stories", help="Story clustering tools: assign a JSONL stream of articles to stories."
    )
    sub = parser.add_subparsers(dest="stories_command", metavar="ACTION", required=True)
    assign = sub.add_parser(
        "assign",
        help="cluster a JSONL stream of articles into stories (fresh state, no database)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    assign.add_argument("--input", required=True, help="articles.jsonl")
    assign.add_argument("--output", default="-", help="assignments.jsonl (default: stdout)")
    assign.set_defaults(handler=run_assign, needs_django=False)
