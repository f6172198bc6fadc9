from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from newsdesk.pipeline.cluster import (
    ClusterArticle,
    ClusterOptions,
    ClusterState,
    assign_article,
    assign_stream,
)
from newsdesk.pipeline.cluster.features import entities, quantities, terms
from newsdesk.pipeline.dedup.near import MinHashIndex

T0 = datetime(2026, 3, 1, tzinfo=UTC)
WORDS = [f"word{i}" for i in range(400)]


def text(seed: int, n: int = 80) -> str:
    rng = np.random.default_rng(seed)
    return " ".join(rng.choice(WORDS, n))


def unit(seed: int, noise: float = 0.0, base: int | None = None) -> np.ndarray:
    rng = np.random.default_rng(seed)
    v = np.random.default_rng(base if base is not None else seed).standard_normal(16)
    v = v + noise * rng.standard_normal(16)
    return (v / np.linalg.norm(v)).astype(np.float32)


def art(key: int, title: str, body: str, hours: float = 0, lang: str = "en") -> ClusterArticle:
    return ClusterArticle(key, title, body, T0 + timedelta(hours=hours), f"s{key}", lang)


def run(articles: list[ClusterArticle], vectors: list[np.ndarray], **kw: object):
    options = ClusterOptions(**kw)  # type: ignore[arg-type]
    return assign_stream(articles, np.stack(vectors), options)


def test_same_event_joins_other_events_start_stories_with_reasons() -> None:
    a = art(0, "Quake hits Tokyo bay", "Quake Tokyo bay tsunami warning " + text(1), 0)
    b = art(1, "Tokyo bay quake triggers tsunami warning", "Tokyo quake bay " + text(1), 2)
    c = art(2, "Fed holds rates", "Federal Reserve rates inflation " + text(9), 3)
    done, final = run([a, b, c], [unit(1), unit(2, 0.3, base=1), unit(3)])
    assert final[0] == final[1] != final[2]
    joined = done[1].reason
    assert joined.kind in {"joined", "duplicate"}
    if joined.kind == "joined":
        assert joined.score >= joined.threshold
        assert joined.dense > 0.5 and joined.keywords > 0
        assert len(set(joined.shared)) == len(joined.shared)  # a term is listed once
    assert done[2].reason.kind == "new"


def test_order_not_input_position_decides_and_runs_repeat_exactly() -> None:
    arts = [art(i, f"event {i % 3} title", text(i % 3), hours=i) for i in range(12)]
    vecs = [unit(100 + i, 0.2, base=i % 3) for i in range(12)]
    first = run(arts, vecs)[1]
    shuffled = list(reversed(arts)), list(reversed(vecs))
    again = run(*shuffled)[1]
    assert first == again  # same arrival order (published), same stories


def test_languages_never_mix_and_cold_stories_take_nothing() -> None:
    en = art(0, "Storm hits coast", text(5), 0, "en")
    de = art(1, "Storm hits coast", text(5) + " x", 1, "de")
    late = art(2, "Storm hits coast again", text(5) + " y z", 24 * 90, "en")
    _, final = run([en, de, late], [unit(5), unit(5), unit(5)])
    assert len({final[0], final[1], final[2]}) == 3


def test_copies_fold_and_a_spam_flood_is_capped_and_flagged() -> None:
    body = text(7, 200)
    arts = [art(i, "Win a prize now", body, hours=i / 100) for i in range(60)]
    done, final = run(arts, [unit(7)] * 60, duplicate_cap=5)
    assert done[1].duplicate_of == 0 and done[1].reason.kind == "duplicate"
    flagged = [a for a in done if a.reason.kind == "spam"]
    assert len(flagged) == 60 - 1 - 5 and all(final[a.key] is None for a in flagged)


def test_after_the_window_only_a_strong_match_joins_until_the_long_window() -> None:
    first = art(0, "Rover lands on Mars crater", "Rover Mars crater landing " + text(20), 0)
    strong = art(1, "Rover lands on Mars crater", "Rover Mars crater landing " + text(21), 24 * 20)
    weak = art(2, "Mars mission", "Mars " + text(22), 24 * 21)
    vecs = [unit(20), unit(21, 0.1, base=20), unit(22, 1.5, base=20)]
    done, final = run([first, strong, weak], vecs)
    assert done[1].reason.kind == "joined" and final[1] == final[0]
    assert final[2] != final[0]
    _, final = run([first, strong], vecs[:2], long_window=None)  # a fixed cut: cold
    assert final[1] != final[0]


def test_a_flood_of_similar_texts_from_one_source_is_capped_and_kept_out_of_the_index() -> None:
    # Similar but not identical (each text has its own words, so no copy is found):
    # the story takes `source_cap` articles of the source; the rest are flagged spam.
    arts = [
        ClusterArticle(i, "Win a prize now", text(1000 + i, 60), T0, "spam.example", "en")
        for i in range(40)
    ]
    vecs = [unit(500 + i, 0.05, base=77) for i in range(40)]
    options = ClusterOptions(source_cap=10, threshold=0.3)
    state = ClusterState(dimensions=16)
    for article, vector in zip(arts, vecs, strict=True):
        assign_article(state, article, vector, options)
    assert state.index is not None and len(state.index) == 10
    done, final = assign_stream(arts, np.stack(vecs), options)
    kept = [a for a in done if final[a.key] is not None]
    flagged = [a for a in done if a.reason.kind == "spam"]
    assert len(kept) == 10 and len(flagged) == 30
    assert len({final[a.key] for a in kept}) == 1
    assert all("one source" in a.reason.note for a in flagged)


def test_empty_and_one_word_articles_stand_alone() -> None:
    done, final = run(
        [art(0, "", ""), art(1, "Breaking", ""), art(2, "Breaking", "")],
        [unit(1), unit(1), unit(1)],
    )
    assert [a.reason.kind for a in done] == ["alone", "alone", "alone"]
    assert len(set(final.values())) == 3


def test_converging_stories_merge_into_the_older_one() -> None:
    # Two stories start apart (orthogonal vectors, disjoint words); a bridging article
    # joins the first, whose centroid then comes close enough to the second to merge.
    e1, e2 = np.eye(16, dtype=np.float32)[0], np.eye(16, dtype=np.float32)[1]
    bridge = (e1 + e2) / np.linalg.norm(e1 + e2)
    arts = [
        art(0, "alpha beta gamma", "alpha beta gamma delta"),
        art(1, "kappa lambda sigma", "kappa lambda sigma omega", 1),
        art(2, "alpha beta kappa lambda", "alpha beta gamma kappa lambda sigma", 2),
    ]
    done, final = run(arts, [e1, e2, bridge], threshold=0.35, merge_threshold=0.2, w_time=0.0)
    assert done[1].reason.kind == "new"
    assert done[2].merged == ((1, 0),)  # the older story's id survives
    assert final == {0: 0, 1: 0, 2: 0}


def test_minhash_finds_copies_and_truncated_copies_only() -> None:
    index = MinHashIndex()
    original = text(3, 300)
    index.add("orig", *index.signature(original))
    assert index.query(*index.signature(original + " extra words here")).key == "orig"
    teaser = " ".join(original.split()[:120])
    match = index.query(*index.signature(teaser))
    assert match is not None and match.containment >= 0.9
    assert index.query(*index.signature(text(4, 300))) is None


def test_terms_and_entities() -> None:
    assert "the" not in terms("The Kursk region")
    found = entities("Troops entered the region. Officials in Kyiv and Joe Biden spoke.")
    assert "kyiv" in found and "joe biden" in found and "troops" not in found


def test_stories_assign_cli_writes_one_line_per_article(tmp_path: Path) -> None:
    rows = [
        {
            "id": "a",
            "title": "Quake hits Tokyo",
            "text": "A strong quake hit Tokyo.",
            "published": "2026-03-01T10:00:00Z",
            "source": "x.com",
        },
        {
            "id": "b",
            "title": "Tokyo earthquake",
            "text": "A strong earthquake hit Tokyo.",
            "published": "2026-03-01T11:00:00Z",
            "source": "y.com",
        },
        {
            "id": "c",
            "title": "Fed holds rates",
            "text": "",
            "published": "2026-03-01",
            "source": "z.com",
            "language": "en",
        },
        {
            "id": "d",
            "title": "Federal Reserve keeps interest rates unchanged",
            "text": "The Federal Reserve kept interest rates unchanged on Wednesday, and "
            "Jerome Powell said the central bank would wait for inflation to cool.",
            "published": "2026-03-01T12:00:00Z",
            "source": "x.com",
        },
        {
            "id": "e",
            "title": "Fed leaves rates on hold as Powell eyes inflation",
            "text": "Jerome Powell and the Federal Reserve left interest rates on hold "
            "on Wednesday, saying inflation must cool further before any cut.",
            "published": "2026-03-01T13:00:00Z",
            "source": "w.com",
        },
        {
            "id": "f",
            "title": "Lionel Messi scores twice as Inter Miami win",
            "text": "Lionel Messi scored two goals and Inter Miami beat Orlando City 3-1 "
            "in Major League Soccer on Saturday night.",
            "published": "2026-03-01T14:00:00Z",
            "source": "v.com",
        },
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in reversed(rows)))
    out = tmp_path / "out.jsonl"
    env = {"NEWSDESK_DATA_DIR": str(tmp_path), "NEWSDESK_SECRET_KEY": "x" * 50, "PATH": ""}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "newsdesk.cli",
            "stories",
            "assign",
            "--input",
            str(src),
            "--output",
            str(out),
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x["id"] for x in lines] == ["c", "a", "b", "d", "e", "f"]  # published order
    story = {x["id"]: x["story"] for x in lines}
    assert story["a"] == story["b"] == "a" and story["c"] == "c"
    assert story["d"] == story["e"] != story["a"]  # one event, two outlets
    assert story["f"] == "f"  # unrelated: alone


def test_keywords_come_from_the_lead_so_long_tails_do_not_dilute_the_match() -> None:
    # Two long reports of one event: the same lead, then each its own background.
    lead = "Dam collapse floods valley villages evacuated rescue " + text(40, 60)
    tail = [f"background{i}x{k}" for i in range(2) for k in range(800)]
    first = art(0, "Dam collapses in valley", lead + " " + " ".join(tail[:800]), 0)
    second = art(1, "Valley dam collapse", lead + " " + " ".join(tail[800:]), 5)
    vectors = [unit(40), unit(41, 1.2, base=40)]
    done, final = run([first, second], vectors)
    whole_body, final_whole = run([first, second], vectors, keyword_terms=0)
    assert done[1].reason.kind == "joined" and final[1] == final[0]
    assert final_whole[1] != final_whole[0]  # the tails dilute the keyword signal
    assert whole_body[1].reason.score < done[1].reason.threshold <= done[1].reason.score


def test_a_cold_story_takes_a_follow_up_but_not_next_weeks_figures() -> None:
    def body(figure: str, seed: int) -> str:
        lead = f"Jobless claims fell to {figure} last week, the Labor Department said. "
        return lead + text(50, 20) + " " + text(seed, 60)

    week1 = art(0, "Jobless claims fall to 498,000", body("498,000", 60), 0)
    follow = art(1, "Jobless claims at 498,000: what it means", body("498,000", 61), 24 * 6)
    week2 = art(2, "Jobless claims fall to 473,000", body("473,000", 62), 24 * 13)
    vectors = [unit(50), unit(51, 0.1, base=50), unit(52, 0.1, base=50)]
    done, final = run([week1, follow, week2], vectors)
    assert done[1].reason.kind == "joined" and final[1] == final[0]  # repeats the figure
    assert done[2].reason.kind == "new"  # another week's figure: a new event
    _, unchecked = run([week1, follow, week2], vectors, long_figures=0.0)
    assert unchecked[2] == unchecked[0]  # without the check it chains on
    # Within the window figures do not matter (updated tolls join their story).
    pair = [week1, week2], [vectors[0], vectors[2]]
    _, fresh = run(*pair, window=timedelta(days=30), w_time=0.0)
    assert fresh[2] == fresh[0]


def test_an_article_arriving_late_is_as_far_from_a_story_as_from_its_first_article() -> None:
    # Arrival order is not publication order in a live crawl (a backfilled feed, a
    # sitemap): an older week's report, arriving after a newer week's story, is that far
    # from the story's span, so the cold-story rules hold backwards too.
    def body(figure: str, seed: int) -> str:
        lead = f"Jobless claims fell to {figure} last week, the Labor Department said. "
        return lead + text(50, 20) + " " + text(seed, 60)

    week3 = art(0, "Jobless claims fall to 444,000", body("444,000", 70), 24 * 14)
    week1 = art(1, "Jobless claims fall to 498,000", body("498,000", 71), 0)
    same_week = art(2, "Jobless claims: 444,000 last week", body("444,000", 72), 24 * 13)
    vectors = [unit(50), unit(51, 0.1, base=50), unit(52, 0.1, base=50)]
    options = ClusterOptions()
    state = ClusterState(dimensions=16)
    late = [
        assign_article(state, a, v, options)
        for a, v in zip([week3, week1, same_week], vectors, strict=True)
    ]
    assert late[1].reason.kind == "new"  # two weeks before the story, other figures
    assert late[2].reason.kind == "joined" and late[2].story == late[0].story  # a day before


def test_quantities_are_figures_not_years_or_small_counts() -> None:
    found = quantities("Claims fell 34,000 to 444,000 in 2021; a $928 billion plan; 58 dead")
    assert found == {"34000", "444000", "928"}


def _tilted(base: np.ndarray, cos: float, seed: int) -> np.ndarray:
    """A unit vector at exactly ``cos`` to the unit vector ``base``."""
    other = np.random.default_rng(seed).standard_normal(len(base))
    other = other - (other @ base) * base
    other = other / np.linalg.norm(other)
    return (cos * base + np.sqrt(1 - cos * cos) * other).astype(np.float32)


def test_the_long_threshold_alone_decides_whether_a_cold_story_takes_a_match() -> None:
    # Disjoint lower-case words: no shared keywords or names, so the score before the time
    # penalty is 0.6 * dense = 0.57, between a lowered long threshold and the default.
    first = art(0, "alpha beta gamma", " ".join(f"first{i}" for i in range(40)), 0)
    later = art(1, "delta epsilon zeta", " ".join(f"later{i}" for i in range(40)), 24 * 10)
    vectors = [unit(70), _tilted(unit(70), 0.95, 71)]
    done, final = run([first, later], vectors, long_threshold=0.55)
    assert done[1].reason.kind == "joined" and final[1] == final[0]
    assert done[1].reason.score >= done[1].reason.threshold
    _, default = run([first, later], vectors)  # 0.57 < 0.65: the default keeps them apart
    assert default[1] != default[0]


def test_rare_terms_shared_by_a_full_text_follow_up_outweigh_the_time_gap() -> None:
    # Twenty unrelated earlier articles make the shared filler words common, so only the
    # event's own names are rare; the follow-up repeats six of them.
    event = "zorblax quintar velmora ostrikan pelladine brukhaven"
    background = [art(i, f"filler story {i}", text(200 + i, 160), -200 + i) for i in range(20)]
    background_vectors = [unit(300 + i) for i in range(20)]
    first = art(20, "Zorblax unveils the Quintar phone", f"{event} {text(80, 160)}", 0)

    def follow_up(hours: float, words: int) -> ClusterArticle:
        body = f"{event} {text(81, words)}"
        return art(21, "Quintar phone: Zorblax ships it", body, hours)

    def in_german(later: ClusterArticle) -> list[ClusterArticle]:
        pair = [first, later]
        return [ClusterArticle(a.key, a.title, a.text, a.published, a.source, "de") for a in pair]

    def outcome(later: ClusterArticle, cos: float, **kw: object) -> tuple[str, bool, str]:
        vectors = [unit(90), _tilted(unit(90), cos, 91)]
        done, final = run([*background, first, later], background_vectors + vectors, **kw)
        return done[-1].reason.kind, final[21] == final[20], done[-1].reason.note

    # Five days later (a cold story): 0.6 x 0.65 + 0.3 x keywords = 0.51 before the time
    # penalty, under the long threshold (0.65) but over it less the relief (0.50).
    kind, together, note = outcome(follow_up(24 * 5, 160), 0.65)
    assert kind == "joined" and together and note.startswith("7 rare terms shared")
    assert not outcome(follow_up(24 * 5, 160), 0.65, rare_terms=0)[1]  # off: refused
    assert not outcome(follow_up(24 * 5, 60), 0.65)[1]  # an excerpt's names do not count
    assert not outcome(follow_up(24 * 5, 160), 0.55)[1]  # under the relieved threshold
    # A day and a half later (within the window) the time penalty is what the evidence lifts.
    assert outcome(follow_up(36, 160), 0.55)[:2] == ("joined", True)
    assert outcome(follow_up(36, 160), 0.55, rare_terms=0)[:2] == ("new", False)
    assert outcome(follow_up(36, 60), 0.55)[:2] == ("new", False)
    # Only in English, the embedder's language.
    vectors = [unit(90), _tilted(unit(90), 0.55, 91)]
    done, final = run([*background, *in_german(follow_up(36, 160))], background_vectors + vectors)
    assert done[-1].reason.kind == "new" and final[21] != final[20]
