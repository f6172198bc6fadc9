"""``newsdesk summarize``: the evaluation interface (JSONL in, JSONL out), run in-process
with the real offline models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.cli import main

ARTICLES = [
    {
        "id": "a1",
        "title": "Council approves new tram line",
        "text": "The city council approved a new tram line on Monday after a two-year debate.\n\n"
        "The line will link the airport with the main station and open in 2029.\n\n"
        "It will cost 900 million euros, the transport department said.\n\n"
        "Opponents said the money should go to buses instead.",
        "story_id": "s1",
        "source": "citynews.test",
        "outlet_name": "City News",
        "url": "https://citynews.test/tram",
    },
    {
        "id": "a2",
        "title": "Tram line gets green light",
        "text": "Councillors voted on Monday to build a tram line from the airport to the main "
        "station.\n\nThe project will cost 950 million euros and open in 2029.\n\n"
        "Business groups welcomed the decision.",
        "story_id": "s1",
        "source": "dailypost.test",
        "url": "https://dailypost.test/tram",
    },
]


def write_jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_article_summaries(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    out = tmp_path / "out.jsonl"

    assert (
        main(["summarize", "--input", str(source), "--output", str(out), "--sentences", "2"]) == 0
    )

    rows = read_jsonl(out)
    assert [set(r) for r in rows] == [{"id", "summary"}, {"id", "summary"}]
    assert [r["id"] for r in rows] == ["a1", "a2"]
    first = str(rows[0]["summary"]).split("\n")
    assert len(first) == 2 and all(line in ARTICLES[0]["text"] for line in first)


def test_a_headline_at_the_top_of_the_text_is_not_summarized(tmp_path: Path) -> None:
    """Raw inputs often repeat the headline as the text's first paragraph or sentence."""
    rows = [
        {
            **ARTICLES[0],
            "title": "City council approves a new tram line after two years",
            "text": "City Council approves a new tram line after two years\n\n"
            + ARTICLES[0]["text"],
        },
        {**ARTICLES[1], "text": f"TRAM LINE GETS GREEN LIGHT. {ARTICLES[1]['text']}"},
    ]
    source = write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"

    assert main(["summarize", "--input", str(source), "--output", str(out)]) == 0

    summaries = [str(r["summary"]).split("\n") for r in read_jsonl(out)]
    assert [s[0] for s in summaries] == [
        "The city council approved a new tram line on Monday after a two-year debate.",
        "Councillors voted on Monday to build a tram line from the airport to the main station.",
    ]
    for article, summary in zip(ARTICLES, summaries, strict=True):
        assert len(summary) == 3
        assert all(line in article["text"] for line in summary)

    assert main(["summarize", "--stories", "--input", str(source), "--output", str(out)]) == 0

    [story] = read_jsonl(out)
    titles = {r["title"].lower() for r in rows}
    assert all(line.lower().rstrip(".") not in titles for line in str(story["summary"]).split("\n"))


def test_story_summaries_with_citations(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    out = tmp_path / "out.jsonl"

    assert main(["summarize", "--stories", "--input", str(source), "--output", str(out)]) == 0

    [story] = read_jsonl(out)
    assert story["id"] == story["story_id"] == "s1"
    sentences = story["sentences"]
    assert isinstance(sentences, list) and sentences
    assert str(story["summary"]).split("\n") == [s["text"] for s in sentences]
    for sentence in sentences:
        assert sentence["citations"]
        for citation in sentence["citations"]:
            assert citation["source"] in {"City News", "dailypost.test"}
            assert citation["url"].startswith("https://")
    assert "[City News]" in str(story["cited_summary"]) or "[dailypost.test]" in str(
        story["cited_summary"]
    )
    euros = [d for d in story["disagreements"] if d["about"] == "euros"]  # type: ignore[union-attr]
    assert euros and "900" in euros[0]["text"] and "950" in euros[0]["text"]


def test_bad_input_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "fine"}\nnot json\n')
    assert main(["summarize", "--input", str(bad), "--output", str(tmp_path / "o")]) == 2
    assert "bad.jsonl:2: not JSON" in capsys.readouterr().err

    no_story = write_jsonl(tmp_path / "ns.jsonl", [{"id": "x", "title": "t", "text": "x"}])
    assert main(["summarize", "--stories", "--input", str(no_story)]) == 2
    assert "has no 'story_id'" in capsys.readouterr().err
    assert main(["summarize", "--input", str(tmp_path / "missing.jsonl")]) == 2
