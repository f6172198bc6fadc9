"""``newsdesk summarize``: offline summaries of articles or stories from JSONL (the interface
summary quality is evaluated through; keep it stable).

    newsdesk summarize --input articles.jsonl --output summaries.jsonl [--sentences 3]
        reads {"id", "title", "text"} lines, writes {"id", "summary"} lines; the summary's
        sentences are separated by newlines. --key-points adds "key_points". A text that
        starts with its title (as its own paragraph or first sentence; case, punctuation
        and spacing aside) does not get the title back as a summary sentence.
    newsdesk summarize --stories --input articles.jsonl --output stories.jsonl
        groups lines by "story_id" (members also give "source" or "outlet_name" and "url")
        and writes one cited summary per story: {"id", "story_id", "summary",
        "cited_summary", "sentences": [{"text", "citations": [...]}], "disagreements",
        "dropped"}. "summary" is the plain sentences, newline-separated; "cited_summary"
        the same with inline [Outlet] marks.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

from newsdesk.cli._common import add_command
from newsdesk.pipeline.errors import UsageError

BATCH = 64


def register(commands: Any) -> None:
    parser = add_command(
        commands,
        "summarize",
        "Summarize articles (or stories) from a JSONL file, offline.",
        "Extractive summaries with the offline default (sentence embeddings, lead bias, "
        "redundancy removal). Input lines: {id, title, text}; with --stories also story_id, "
        "source (or outlet_name) and url. A title repeated at the top of the text is not "
        "summarized. '-' reads standard input / writes standard output.",
    )
    parser.add_argument("--input", required=True, help="JSONL file of articles ('-': stdin)")
    parser.add_argument("--output", default="-", help="JSONL file to write ('-': stdout)")
    parser.add_argument("--sentences", type=int, default=3, help="sentences per summary")
    parser.add_argument("--stories", action="store_true", help="one cited summary per story_id")
    parser.add_argument("--key-points", action="store_true", help="also write key_points")
    parser.set_defaults(handler=run, needs_django=False)


def _read(path: str) -> Iterator[dict[str, Any]]:
    handle: IO[str] = sys.stdin if path == "-" else Path(path).open(encoding="utf-8")  # noqa: SIM115
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise UsageError(f"{path}:{number}: not JSON ({error.msg})") from error
            if not isinstance(row, dict) or "id" not in row:
                raise UsageError(f"{path}:{number}: expected an object with an 'id'")
            yield row


def _articles(path: str, sentences: int, key_points: bool) -> Iterator[dict[str, Any]]:
    from newsdesk.pipeline.enrich.providers import AIOptions, Providers
    from newsdesk.pipeline.enrich.summarize import ArticleInput, SummaryOptions

    # The enrichment job's summarizer (same embedder), with the asked length.
    summarizer = Providers(AIOptions(summary=SummaryOptions(sentences=sentences))).summarizer()
    batch: list[ArticleInput] = []

    def flush() -> Iterator[dict[str, Any]]:
        for summary in summarizer.summarize(batch):
            out: dict[str, Any] = {"id": summary.id, "summary": summary.text}
            if key_points:
                out["key_points"] = list(summary.key_points)
            yield out
        batch.clear()

    for row in _read(path):
        batch.append(
            ArticleInput(row["id"], str(row.get("title") or ""), str(row.get("text") or ""))
        )
        if len(batch) >= BATCH:
            yield from flush()
    yield from flush()


def _source_name(row: dict[str, Any]) -> str:
    for key in ("outlet_name", "source_name", "source"):
        if row.get(key):
            return str(row[key])
    return str(row["id"])


def _stories(path: str, sentences: int) -> Iterator[dict[str, Any]]:
    from newsdesk.pipeline.enrich.embed import MiniLMEmbedder
    from newsdesk.pipeline.enrich.stories import MemberArticle, StoryOptions, summarize_story

    groups: dict[str, list[MemberArticle]] = {}
    for row in _read(path):
        if "story_id" not in row:
            raise UsageError(
                f"{path}: article {row['id']!r} has no 'story_id' (needed by --stories)"
            )
        member = MemberArticle(
            str(row["id"]),
            _source_name(row),
            str(row.get("title") or ""),
            str(row.get("text") or ""),
            str(row.get("url") or ""),
        )
        groups.setdefault(str(row["story_id"]), []).append(member)
    embedder = MiniLMEmbedder()
    options = StoryOptions().with_sentences(sentences)
    for story_id, members in groups.items():
        story = summarize_story(members, embedder, options)
        yield {
            "id": story_id,
            "story_id": story_id,
            "summary": story.text,
            "cited_summary": story.cited_text,
            "sentences": [asdict(s) for s in story.sentences],
            "disagreements": [
                {"about": d.about, "text": d.text, "claims": [asdict(c) for c in d.claims]}
                for d in story.disagreements
            ],
            "dropped": story.dropped,
            "method": story.method,
        }


def run(args: argparse.Namespace) -> int:
    if args.sentences < 1:
        raise UsageError("--sentences must be 1 or more")
    if args.input != "-" and not Path(args.input).is_file():
        raise UsageError(f"no such file: {args.input}")
    rows = (
        _stories(args.input, args.sentences)
        if args.stories
        else _articles(args.input, args.sentences, args.key_points)
    )
    count = 0
    with contextlib.ExitStack() as stack:
        out: IO[str] = (
            sys.stdout
            if args.output == "-"
            else stack.enter_context(Path(args.output).open("w", encoding="utf-8"))
        )
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    print(f"{count} {'stories' if args.stories else 'articles'} summarized", file=sys.stderr)
    return 0
