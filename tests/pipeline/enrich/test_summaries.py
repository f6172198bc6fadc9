"""Sentence splitting, extractive article summaries and cited story summaries, with the
real embedding model on small texts."""

from __future__ import annotations

import numpy as np
import pytest

from newsdesk.pipeline.enrich.embed import MiniLMEmbedder
from newsdesk.pipeline.enrich.sentences import (
    Sentence,
    body_sentences,
    can_stand_alone,
    has_photo_credit,
    is_boilerplate,
    is_question,
    is_quote_fragment,
    normalized,
    open_quotation,
    opens_with_dangling_reference,
    quotes_balanced,
    speaks_as_writer,
    split_sentences,
    word_count,
    words,
)
from newsdesk.pipeline.enrich.stories import (
    MemberArticle,
    StoryOptions,
    carries_quotes,
    check_sentences,
    figures_differ,
    quantities,
    summarize_story,
)
from newsdesk.pipeline.enrich.summarize import (
    ArticleInput,
    ExtractiveSummarizer,
    SummaryOptions,
    candidate_texts,
    content_words,
    covered_share,
    follows,
    lead_summary,
    score_sentences,
    select,
)

QUAKE = ArticleInput(
    "q1",
    "Strong earthquake hits northern Japan",
    "A magnitude 7.1 earthquake struck off the coast of northern Japan on Monday, "
    "officials said.\n\n"
    "He said it was frightening.\n\n"
    "The quake shook buildings in Sendai and cut power to about 20,000 homes in the region.\n\n"
    "Dr. Sato of the U.S. Geological Survey said aftershocks were likely in the coming days.\n\n"
    "A magnitude 7.1 earthquake struck off the coast of northern Japan on Monday, "
    "authorities said.\n\n"
    '"We felt the building sway for a long time,\n\n'
    "Rail operators suspended bullet train services while engineers inspected the tracks.\n\n"
    "Click here to subscribe to our newsletter for more updates.\n\n"
    "No tsunami warning was issued, according to the Japan Meteorological Agency.",
)


def test_split_keeps_abbreviations_and_initials_and_offsets() -> None:
    text = (
        "Dr. Smith met Sen. Jones in the U.S. capital. They talked.\n\nJohn F. Kennedy was there!"
    )
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Dr. Smith met Sen. Jones in the U.S. capital.",
        "They talked.",
        "John F. Kennedy was there!",
    ]
    assert [s.paragraph for s in sentences] == [0, 0, 1]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_predicates_for_sentences_that_cannot_stand_alone() -> None:
    assert opens_with_dangling_reference("He said the plan would fail.")
    assert opens_with_dangling_reference("But the vote was delayed again.")
    assert not opens_with_dangling_reference("Hezbollah said the plan would fail.")
    assert is_quote_fragment('"We will not give up, the mayor said on Monday')
    assert is_quote_fragment("The minister told reporters the following:")
    assert not is_quote_fragment('"We will not give up," the mayor said on Monday.')
    # one quotation from first to last character: who says it is elsewhere
    assert is_quote_fragment("\u201cWe should just tell you so you stop asking about us.\u201d")
    assert is_quote_fragment('"We will not give up on this city, not now and not ever."')
    assert not is_quote_fragment('"We will win," she said, "and we will win soon."')
    second = split_sentences(
        "The council met on Monday evening. It voted to close the old bridge."
    )[1]
    assert not can_stand_alone(second)


def test_extractive_summary_picks_standalone_sentences_in_order(minilm: MiniLMEmbedder) -> None:
    summarizer = ExtractiveSummarizer(minilm, SummaryOptions(sentences=3))
    [summary] = summarizer.summarize([QUAKE])

    assert len(summary.sentences) == 3
    text = QUAKE.text
    positions = [text.index(s) for s in summary.sentences]
    assert positions == sorted(positions)  # article order
    assert summary.sentences[0].startswith("A magnitude 7.1 earthquake")
    joined = summary.text
    assert "authorities said" not in joined  # the near-duplicate is redundant
    assert "He said" not in joined and "Click here" not in joined and "sway" not in joined
    assert 3 <= len(summary.key_points) <= 5
    assert summary.method == "extractive:all-MiniLM-L6-v2-int8"


def test_short_or_empty_articles(minilm: MiniLMEmbedder) -> None:
    summarizer = ExtractiveSummarizer(minilm)
    short, empty = summarizer.summarize(
        [ArticleInput("s", "Title", "Only one short line."), ArticleInput("e", "", "")]
    )
    assert short.sentences == ("Only one short line.",)
    assert empty.sentences == () and empty.text == ""


def test_lead_baseline() -> None:
    assert lead_summary(QUAKE, 2).sentences == (
        "A magnitude 7.1 earthquake struck off the coast of northern Japan on Monday, "
        "officials said.",
        "He said it was frightening.",
    )


REUTERS = MemberArticle(
    "r1",
    "Reuters",
    "Storm kills 12 in Florida",
    "A powerful storm killed 12 people in Florida on Tuesday, state officials said.\n\n"
    "The storm knocked out power to 300,000 homes across the state.\n\n"
    "Governor Ron DeSantis declared a state of emergency in 20 counties.",
    "https://reuters.test/storm",
)
AP = MemberArticle(
    "a1",
    "AP",
    "Deadly storm sweeps Florida",
    "A deadly storm swept through Florida on Tuesday, killing 14 people, according to local "
    "authorities.\n\n"
    "Governor Ron DeSantis declared an emergency in 20 counties as the storm moved north.\n\n"
    "Forecasters expect heavy rain in Georgia on Wednesday.",
    "https://ap.test/storm",
)


def test_story_summary_cites_supporting_articles(minilm: MiniLMEmbedder) -> None:
    story = summarize_story(
        [REUTERS, AP], minilm, StoryOptions(summary=SummaryOptions(sentences=3))
    )

    assert 1 <= len(story.sentences) <= 3
    for sentence in story.sentences:
        assert sentence.citations, "every sentence names a source"
        own = [c for c in sentence.citations if c.passage == sentence.text]
        assert own and own[0].support == 1.0
        for citation in sentence.citations:
            member = REUTERS if citation.article_id == "r1" else AP
            assert member.text[citation.start : citation.end] == citation.passage
            assert citation.url == member.url
    emergency = [s for s in story.sentences if "emergency" in s.text]
    if emergency:  # both outlets report it: both are cited
        assert {c.source for c in emergency[0].citations} == {"Reuters", "AP"}
    assert story.cited_text.count("[") >= len(story.sentences)


def test_story_summaries_state_what_happened_and_ask_nothing(minilm: MiniLMEmbedder) -> None:
    asking = MemberArticle(
        "w1",
        "Weather Desk",
        "Could the Florida storm have been worse?",
        "Could the deadly storm that swept Florida on Tuesday have killed even more people?\n\n"
        "The storm killed 14 people and left 300,000 homes without power, officials said.\n\n"
        "Was the state ready for a storm of this strength in early spring?",
        "https://weather.test/storm",
    )
    story = summarize_story(
        [REUTERS, AP, asking], minilm, StoryOptions(summary=SummaryOptions(sentences=5))
    )
    assert story.sentences
    assert not [s.text for s in story.sentences if s.text.rstrip().endswith("?")]


def test_story_summaries_leave_out_a_columnists_own_voice(minilm: MiniLMEmbedder) -> None:
    column = MemberArticle(
        "c1",
        "Opinion Desk",
        "The Florida storm and us",
        "I watched the deadly storm that swept Florida on Tuesday from my window.\n\n"
        "We owe our neighbours more than thoughts after the storm killed 14 people.\n\n"
        '"We will rebuild every home," the governor said after the storm on Tuesday.',
        "https://opinion.test/storm",
    )
    story = summarize_story(
        [REUTERS, AP, column], minilm, StoryOptions(summary=SummaryOptions(sentences=5))
    )
    texts = [s.text for s in story.sentences]
    assert texts and not [t for t in texts if t.startswith(("I watched", "We owe"))]
    # A story of columns alone still gets a summary: from their own sentences.
    alone = summarize_story([column], minilm, StoryOptions(summary=SummaryOptions(sentences=2)))
    assert alone.sentences


def test_speaks_as_writer() -> None:
    assert speaks_as_writer("Today is Earth Day, which should give us pause.")
    assert speaks_as_writer("I think the plan is wrong.")
    assert not speaks_as_writer("The US and China met on Monday.")
    assert not speaks_as_writer('"We will rebuild," the mayor said.')
    assert not speaks_as_writer(
        "\u201cWe are here,\u201d she said, \u201cand our work goes on.\u201d"
    )
    assert not speaks_as_writer("Veterans of World War I and II were honoured.")


def test_story_disagreement_on_numbers(minilm: MiniLMEmbedder) -> None:
    story = summarize_story([REUTERS, AP], minilm)
    people = [d for d in story.disagreements if d.about == "people"]
    assert people, story.disagreements
    assert {(c.source, c.value) for c in people[0].claims} == {
        ("Reuters", "12 people"),
        ("AP", "14 people"),
    }
    assert "Reuters says 12 people" in people[0].text and "AP says 14 people" in people[0].text


def test_an_article_that_allows_no_snippets_is_cited_but_never_quoted(
    minilm: MiniLMEmbedder,
) -> None:
    from dataclasses import replace

    private = replace(AP, quotable=False)
    story = summarize_story(
        [REUTERS, private], minilm, StoryOptions(summary=SummaryOptions(sentences=3))
    )
    assert story.sentences
    ap_sentences = {s.text for s in split_sentences(AP.text)} - {
        s.text for s in split_sentences(REUTERS.text)
    }
    for sentence in story.sentences:
        assert sentence.text not in ap_sentences
        for citation in sentence.citations:
            if citation.article_id == AP.id:
                assert citation.passage == ""  # cited, not quoted
    assert not [d for d in story.disagreements if "AP" in {c.source for c in d.claims}]


def test_unsupported_sentences_are_dropped(minilm: MiniLMEmbedder) -> None:
    checked = check_sentences(
        [
            "Governor Ron DeSantis declared an emergency in 20 counties.",
            "The storm was caused by a secret weather machine built by aliens.",
            "A storm killed 99 people in Florida on Tuesday.",
        ],
        [REUTERS, AP],
        minilm,
    )
    assert [s.text for s in checked.sentences] == [
        "Governor Ron DeSantis declared an emergency in 20 counties."
    ]
    assert {c.source for c in checked.sentences[0].citations} == {"Reuters", "AP"}
    assert checked.dropped == 2


def test_quantities() -> None:
    assert quantities("It killed 1,200 people and cut emissions by 50% in 3 states.") == {
        "people": "1200",
        "%": "50",
        "states": "3",
    }
    assert quantities("They shared 1.5 million doses and 60 percent of 2 million tests.") == {
        "doses": "1.5 million",
        "%": "60",
        "tests": "2 million",
    }
    # Two figures for one unit in one sentence: which one to compare is unknowable.
    assert (
        quantities("It collected 1,626,042 signatures, above the 1,495,709 signatures needed.")
        == {}
    )


def test_years_rates_scales_and_names_with_numbers_are_not_figures() -> None:
    assert quantities("He sent Congress his Fiscal Year 2022 budget on Friday.") == {}
    assert quantities("The fertility rate was 55.8 births per 1,000 women.") == {}
    assert quantities("It is a $1 trillion+ package.") == {}
    assert quantities("They shared COVID-19 vaccines and met at the G-7 summit.") == {}
    assert quantities("It counted 3,605,201 births in 2020.") == {"births": "3605201"}


def test_passages_about_other_facts_of_one_event_are_no_disagreement(
    minilm: MiniLMEmbedder,
) -> None:
    collected = MemberArticle(
        "1", "Daily A", "Recall", "Organisers collected 1,626,042 signatures for the recall."
    )
    required = MemberArticle(
        "2", "Daily B", "Recall", "The recall petition needed 1,495,709 signatures to qualify."
    )
    assert not summarize_story([collected, required], minilm).disagreements
    both = MemberArticle(
        "3",
        "Daily C",
        "Recall",
        "Organisers collected 1,626,042 valid signatures, more than the 1,495,709 signatures "
        "the recall petition needed to qualify.",
    )
    # Daily C's "1,495,709 signatures" against Daily A's 1,626,042: Daily C states Daily A's
    # figure too, so it does not contradict it.
    loose = StoryOptions(same_fact=0.5)
    assert not summarize_story([collected, both], minilm, loose).disagreements


def test_rounded_figures_are_not_a_disagreement() -> None:
    assert not figures_differ("331 million", "331.5 million")
    assert not figures_differ("331500000", "331.5 million")
    assert figures_differ("12", "14")
    assert figures_differ("3.4", "8")


def test_a_quotation_is_only_supported_by_a_passage_that_carries_its_words() -> None:
    quote = (
        '"This trip will highlight his commitment to restoring our alliances," '
        "the press secretary said."
    )
    # Another outlet's account of the same announcement does not carry the words.
    assert not carries_quotes(quote, "The president will travel to Europe, aides announced.")
    # A passage reporting the same words does, whatever else it says around them.
    assert carries_quotes(
        quote,
        "Psaki told reporters: \u201cThis trip will highlight his commitment to restoring "
        "our alliances.\u201d",
    )
    # Sentences without a quotation, or with a short quoted phrase, are not checked.
    assert carries_quotes("The minister resigned on Monday.", "Unrelated text.")
    assert carries_quotes('He called it "a hoax" on Monday.', "Unrelated text.")


def test_a_quote_cited_to_another_outlet_needs_the_quoted_words(minilm: MiniLMEmbedder) -> None:
    said = (
        '"We will rebuild the bridge before the winter comes," the mayor of Lisbon said on Tuesday.'
    )
    members = [
        MemberArticle("1", "Daily A", "Bridge", said),
        MemberArticle(
            "2",
            "Daily B",
            "Bridge",
            "The mayor of Lisbon said the bridge will be rebuilt before the winter, on Tuesday.",
        ),
        MemberArticle(
            "3",
            "Daily C",
            "Bridge",
            'The mayor of Lisbon said on Tuesday: "We will rebuild '
            'the bridge before the winter comes."',
        ),
    ]
    [sentence] = check_sentences([said], members, minilm, StoryOptions()).sentences
    assert {c.source for c in sentence.citations} == {"Daily A", "Daily C"}


def test_only_sentences_that_can_stand_alone_are_embedded_and_cut_to_their_opening() -> None:
    long_tail = " ".join(f"word{i}" for i in range(30))
    article = ArticleInput(
        "a1",
        "Council closes the old bridge",
        "The city council voted on Monday to close the old bridge for repairs.\n\n"
        "It said the work would take a year.\n\n"
        f"Engineers found cracks in two of the bridge's supports last spring {long_tail}.",
    )
    options = SummaryOptions(embed_words=14, follow_on=False)
    split, candidates, texts = candidate_texts([article], options)
    assert [len(s) for s in split] == [3]
    assert candidates == [(0, 2)]  # "It said..." leans on the sentence before it
    assert texts[0] == article.title
    assert texts[1] == split[0][0].text
    assert texts[2] == " ".join(split[0][2].text.split()[:14])
    assert len(texts) == 3


def test_a_whole_quotation_is_a_candidate_only_right_after_its_speaker() -> None:
    attributed = '"The water came up to the second floor," the mayor said on Monday.'
    continued = '"We will rebuild every house on this street before the winter comes."'
    plain = "The river broke its banks on Sunday night after three days of rain."
    article = ArticleInput(
        "q1",
        "Floods reach the old town",
        f"{plain}\n\n{attributed} {continued}\n\n{plain.replace('Sunday', 'Friday')} {continued}",
    )
    split, candidates, _ = candidate_texts([article], SummaryOptions(follow_on=True))
    texts = [s.text for s in split[0]]
    assert texts == [plain, attributed, continued, plain.replace("Sunday", "Friday"), continued]
    # after the sentence naming its speaker: a candidate that must follow it
    assert candidates == [(0, 1, 2, 3)]
    assert follows(split[0], candidates[0]) == [-1, -1, 1, -1]
    # alone (key points, story summaries) or after a sentence naming no speaker: no
    assert not can_stand_alone(split[0][2])
    assert can_stand_alone(split[0][2], after_previous=True, previous=attributed)
    assert not can_stand_alone(split[0][4], after_previous=True, previous=plain)
    assert not can_stand_alone(split[0][2], after_previous=True, previous="")
    _, without_follow_on, _ = candidate_texts([article], SummaryOptions(follow_on=False))
    assert without_follow_on == [(0, 1, 3)]
    # a quotation left open is still a fragment, speaker or not
    half_quote = Sentence('"We will rebuild every house on this street before', 2, 1, 0, 50)
    assert not can_stand_alone(half_quote, after_previous=True, previous=attributed)


def test_summary_indices_map_back_to_the_article(minilm: MiniLMEmbedder) -> None:
    summarizer = ExtractiveSummarizer(minilm, SummaryOptions(sentences=2, embed_words=8))
    [scored] = summarizer.score([QUAKE])
    assert all(can_stand_alone(scored.sentences[i]) for i in scored.candidates)
    assert len(scored.vectors) == len(scored.scores) == len(scored.candidates)
    chosen = summarizer.pick(scored, 2)
    assert set(chosen) <= set(scored.candidates)
    [summary] = summarizer.summarize([QUAKE])
    assert summary.sentences == tuple(scored.sentences[i].text for i in chosen)
    assert "He said it was frightening." not in summary.key_points


def test_content_words_drop_function_words_and_stem_by_prefix() -> None:
    assert content_words("The Governor said it was in the government's hands, 2 of 12.") == {
        "govern",
        "hands",
    }
    assert content_words("He said it was so.") == frozenset()
    assert covered_share(frozenset({"storm", "florid"}), frozenset({"storm"})) == 0.5
    assert covered_share(frozenset(), frozenset({"storm"})) == 0.0


# Two outlets' wordings of one fact, and a second fact. The vectors are orthogonal, so
# the embeddings alone never call a pair redundant.
RESTATED = [
    "Regulators approved the first new Alzheimer's drug in two decades on Monday.",
    "On Monday regulators approved the first Alzheimer's drug in nearly two decades.",
    "The monthly infusion, aducanumab, will cost about $56,000 a year.",
]


def test_select_skips_a_sentence_that_repeats_the_chosen_ones_words() -> None:
    vectors = np.eye(3, dtype=np.float32)
    scores = np.asarray([0.9, 0.8, 0.5], dtype=np.float32)
    content = [content_words(t) for t in RESTATED]
    assert covered_share(content[1], content[0]) >= 0.5 > covered_share(content[2], content[0])
    off = SummaryOptions(diversity=0.0)
    on = SummaryOptions(diversity=0.0, lexical_redundancy=0.5)

    assert select(vectors, scores, [True] * 3, 2, off, content=content) == [0, 1]
    assert select(vectors, scores, [True] * 3, 2, on, content=content) == [0, 2]
    assert select(vectors, scores, [True] * 3, 2, on) == [0, 1]  # no words: no lexical test


def test_select_falls_back_to_a_repeating_sentence_rather_than_fall_short() -> None:
    vectors = np.eye(2, dtype=np.float32)
    scores = np.asarray([0.9, 0.8], dtype=np.float32)
    content = [content_words(t) for t in RESTATED[:2]]
    on = SummaryOptions(diversity=0.0, lexical_redundancy=0.5)
    assert select(vectors, scores, [True, True], 2, on, content=content) == [0, 1]


def test_story_summaries_skip_lexical_restatements_by_default() -> None:
    assert StoryOptions().summary.lexical_redundancy == 0.5
    assert SummaryOptions().lexical_redundancy == 1.0  # article summaries: off


def test_questions_and_photo_credits_are_not_article_summary_candidates() -> None:
    assert is_question("Will the council reopen the old bridge before winter?")
    assert is_question('He asked: "Who will pay for the repairs?"')
    assert not is_question('"Who will pay?" the mayor asked reporters on Monday.')
    assert has_photo_credit("Rescuers search the rubble in Sendai on Monday. Jane Doe/Reuters")
    assert has_photo_credit("The mayor speaks at the bridge (AP Photo/John Roe) on Monday.")
    assert not has_photo_credit("The council asked Reuters and AP for comment on Monday.")
    assert is_boilerplate("Photos: Celebrity splits Comic Sarah Doe said on Monday she had left.")
    article = ArticleInput(
        "b1",
        "Council closes the old bridge",
        "Workers inspect the old bridge over the river on Monday Jane Doe/Reuters\n\n"
        "Will the city ever find the money to repair the old bridge over the river?\n\n"
        "The city council voted on Monday to close the old bridge for repairs.\n\n"
        "Engineers found cracks in two of the bridge's supports last spring.",
    )
    split, candidates, _ = candidate_texts([article], SummaryOptions())
    assert [len(s) for s in split] == [4]
    assert candidates == [(2, 3)]  # the credited caption and the question are left out


def test_article_lead_bias_counts_position_among_candidates() -> None:
    # Two candidates equal in every other way, behind two sentences that cannot be
    # picked (a caption, a headline repeat): the first candidate is the lede and gets the
    # whole lead bias.
    candidates = [Sentence("The council closed the bridge.", 2, 2, 0, 0)]
    candidates.append(Sentence("Engineers found cracks in the supports.", 3, 3, 0, 0))
    vectors = np.ones((2, 4), dtype=np.float32) / 2.0
    options = SummaryOptions()
    scores = score_sentences(candidates, vectors, None, options)
    assert options.lead_weight == 2.0
    assert float(scores[0] - scores[1]) == pytest.approx(2.0 * (1.0 - 1.0 / 2.0))


def test_summary_has_as_many_sentences_as_asked_beyond_the_candidate_window(
    minilm: MiniLMEmbedder,
) -> None:
    body = "\n\n".join(
        f"The council approved repair plan number {i} for the old bridge on Monday."
        for i in range(1, 15)
    )
    article = ArticleInput("l1", "Council approves bridge repairs", body)
    options = SummaryOptions(sentences=12, max_candidates=10)
    [summary] = ExtractiveSummarizer(minilm, options).summarize([article])
    assert len(summary.sentences) == 12


def test_a_sentence_leaning_on_the_one_before_is_picked_only_right_after_it() -> None:
    article = ArticleInput(
        "f1",
        "Council closes the old bridge",
        "The city council voted on Monday to close the old bridge for repairs.\n\n"
        "It said the work on the bridge would take about a year.\n\n"
        '"We have no choice, the mayor told reporters outside the council chamber.\n\n'
        "But engineers said the cracks in the supports were not new.",
    )
    split, candidates, _ = candidate_texts([article], SummaryOptions())
    assert candidates == [(0, 1, 3)]  # the quote fragment (2) is never a candidate
    requires = follows(split[0], candidates[0])
    assert requires == [-1, 0, 3]  # "It said" waits for 0; "But" for 2, never picked
    vectors = np.eye(3, dtype=np.float32)
    scores = np.asarray([0.1, 0.9, 0.95], dtype=np.float32)
    options = SummaryOptions(diversity=0.0)
    assert select(vectors, scores, [True] * 3, 2, options, requires=requires) == [0, 1]
    assert select(vectors, scores, [True] * 3, 3, options, requires=requires) == [0, 1]


def test_a_headline_repeated_at_the_top_is_not_a_sentence_of_the_body() -> None:
    body = "The council approved the tram line on Monday. It will open in 2029."
    title = "Council approves new tram line: 'a great day'"
    assert normalized(title) == normalized(
        "COUNCIL approves  new tram-line \u2014 \u201ca great day\u201d"
    )
    # Its own paragraph, in other case and punctuation: dropped, the rest renumbered.
    for head in (
        "Council approves new tram line: 'a great day'",
        "COUNCIL APPROVES NEW TRAM LINE - A GREAT DAY",
    ):
        sentences = body_sentences(title, f"{head}\n\n{body}")
        assert [s.text for s in sentences] == [
            "The council approved the tram line on Monday.",
            "It will open in 2029.",
        ]
        assert [s.index for s in sentences] == [0, 1]
        assert sentences[0].start == len(head) + 2
    # The first sentence of the first paragraph.
    sentences = body_sentences("Tram line approved", f"Tram line approved. {body}")
    assert sentences[0].text == "The council approved the tram line on Monday."
    # Anything else stays: a lede that only starts like the headline, an empty title, a
    # headline repeated further down.
    assert len(body_sentences("The council approved", body)) == 2
    assert len(body_sentences("", body)) == 2
    assert len(body_sentences(title, f"{body}\n\n{title}")) == 3
    assert [s.text for s in body_sentences(title, title.upper())] == [title.upper()]


def test_an_article_summary_never_repeats_the_headline_from_the_text(
    minilm: MiniLMEmbedder,
) -> None:
    title = "Council approves new tram line to the airport"
    text = (
        f"{title.upper()}\n\n"
        "The city council approved a new tram line to the airport on Monday.\n\n"
        "The line will link the airport with the main station by 2029.\n\n"
        "It will cost 900 million euros, the transport department said.\n\n"
        "Opponents of the tram line said the money should go to buses."
    )
    summarizer = ExtractiveSummarizer(minilm)
    [summary] = summarizer.summarize([ArticleInput("a", title, text)])
    assert (
        summary.sentences[0]
        == "The city council approved a new tram line to the airport on Monday."
    )
    assert all(normalized(s) != normalized(title) for s in summary.sentences + summary.key_points)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Сильный шторм обрушился на город. Ёлки упали на дороги. Мэр созвал штаб.",
            ["Сильный шторм обрушился на город.", "Ёлки упали на дороги.", "Мэр созвал штаб."],
        ),
        ("東京で地震があった。けが人は無い。", ["東京で地震があった。", "けが人は無い。"]),
        (
            "「大丈夫だ」と述べた。次に進む\uff01本当か\uff1f",
            ["「大丈夫だ」と述べた。", "次に進む\uff01", "本当か\uff1f"],
        ),
        ("서울에 지진이 났다. 수십 명이 다쳤다.", ["서울에 지진이 났다.", "수십 명이 다쳤다."]),
        ("هل حدث زلزال؟ نعم حدث زلزال قوي.", ["هل حدث زلزال؟", "نعم حدث زلزال قوي."]),
        ("Die Ärzte warnen. Österreich folgt.", ["Die Ärzte warnen.", "Österreich folgt."]),
        ("Er zahlte ca. drei Euro. Dann ging er.", ["Er zahlte ca. drei Euro.", "Dann ging er."]),
        ("¿Qué pasó? «Nada», dijo.", ["¿Qué pasó?", "«Nada», dijo."]),
    ],
)  # fmt: skip
def test_sentences_split_in_every_script(text: str, expected: list[str]) -> None:
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_words_are_counted_in_every_script() -> None:
    assert words("Ёлки упали, café well-known U.S.") == [
        "Ёлки",
        "упали",
        "café",
        "well-known",
        "U.S.",
    ]
    assert word_count("서울에서 지진이 발생했다") == 3
    # Ideographs and kana count two to a word: a sentence of 20 is 10 words long.
    assert word_count("東京都心で震度五強の地震があり人が驚いた") == 10
    assert word_count("Tokyo 東京都") == 3
    assert content_words("東京で地震") >= {"東京", "地震"}
    assert content_words("Ёлки упали в парке") == {"ёлки", "упали", "парке"}


RU_STORM = MemberArticle(
    "ru1",
    "TASS",
    "Шторм обрушился на Сочи",
    "Сильный шторм обрушился на Сочи в ночь на вторник, сообщили местные власти.\n\n"
    "Без электричества остались около двадцати тысяч домов в центре города.\n\n"
    "Мэр города объявил режим чрезвычайной ситуации на три дня.",
    "https://tass.test/storm",
)


def test_story_and_article_summaries_in_a_language_without_latin_letters(
    minilm: MiniLMEmbedder,
) -> None:
    # Before, no sentence of a Cyrillic (or Korean, Arabic, Chinese) text had a word, so
    # none could stand alone: the story summary was empty and the article's was its whole
    # text in one line.
    story = summarize_story([RU_STORM], minilm, StoryOptions(summary=SummaryOptions(sentences=3)))
    assert story.sentences and story.sentences[0].text.startswith("Сильный шторм")
    assert all(c.source == "TASS" for s in story.sentences for c in s.citations)

    article = ArticleInput(RU_STORM.id, RU_STORM.title, RU_STORM.text)
    summary = ExtractiveSummarizer(minilm).summarize([article])[0]
    assert len(summary.sentences) == 3
    assert (
        summary.sentences[0]
        == "Сильный шторм обрушился на Сочи в ночь на вторник, сообщили местные власти."
    )


def test_questions_in_other_scripts() -> None:
    assert is_question("«¿Qué pasó?»")
    assert is_question("本当か\uff1f」") and is_question("هل حدث زلزال؟")
    assert not is_question("東京で地震があった。")


@pytest.mark.parametrize(
    ("lede", "expected"),
    [
        ("WASHINGTON \u2014 The Senate passed the bill.", "The Senate passed the bill."),
        ("NEW YORK (AP) - Rihanna is mourning her grandmother.", "Rihanna is mourning her"),
        ("ERIE, Pa. \u2014 A woman says she saw it.", "A woman says she saw it."),
        # a state's abbreviation before the agency's tag ends no sentence
        ("ERIE, Pa. (AP) - A woman says she saw it.", "A woman says she saw it."),
        ("LONDON, May 27 (Reuters) - Britain said it would act.", "Britain said it would act."),
        ("WASHINGTON\u2014Joining a chorus of bishops, he spoke.", "Joining a chorus of"),
        ("(CNN)President Biden spoke on Friday.", "President Biden spoke on Friday."),
        # Not datelines: a hyphenated word, an acronym that starts the sentence, a photo
        # caption's "FILE", a dash with too little after it.
        ("COVID-19 cases rose - again - this week.", "COVID-19 cases rose"),
        ("NATO \u2014 the alliance \u2014 met today.", "NATO \u2014 the alliance"),
        ("US \u2014 China talks resume today.", "US \u2014 China talks"),
        ("FILE - In this 2016 photo, a man waves.", "FILE - In this"),
        ("ROME \u2014 Pope.", "ROME \u2014 Pope."),
    ],
)
def test_a_dateline_before_the_lede_is_not_part_of_the_sentence(lede: str, expected: str) -> None:
    later = "It passed.\n\nIt was signed.\n\nROME \u2014 A later paragraph keeps its words."
    text = f"{lede} The vote was close.\n\n{later}"
    sentences = body_sentences("A headline", text)
    assert sentences[0].text.startswith(expected)
    assert text[sentences[0].start :].startswith(sentences[0].text)  # offsets still point at it
    assert sentences[-1].text.startswith("ROME \u2014")  # only the top's datelines go


def test_a_dateline_after_a_standfirst_goes_too() -> None:
    text = (
        "The plan would push spending to its highest level since the war.\n\n"
        "WASHINGTON \u2014 The president will propose a budget on Friday.\n\n"
        "It runs to 70 pages.\n\nLONDON \u2014 Markets barely moved."
    )
    texts = [s.text for s in body_sentences("Budget", text)]
    assert texts[1] == "The president will propose a budget on Friday."
    assert texts[3] == "LONDON \u2014 Markets barely moved."  # the fourth paragraph: text


def test_sentences_inside_a_quotation_that_an_earlier_one_opened_are_no_candidates() -> None:
    text = (
        'Perry says in the ad: "I am not ashamed to admit that I am a Christian. '
        "As President, I will end the war on religion. And I will fight every attack on "
        'our heritage," says Perry in the new ad.\n\n'
        "The ad is a statewide buy in Iowa that starts on Wednesday."
    )
    sentences = split_sentences(text)
    assert [s.quoted for s in sentences] == [False, True, True, False]
    # the middle sentence has no quotation mark of its own, yet it is Perry's words
    assert not is_quote_fragment(sentences[1].text)
    assert [can_stand_alone(s) for s in sentences] == [False, False, False, True]
    assert can_stand_alone(sentences[3], after_previous=True, previous=sentences[2].text)
    # a quotation opened with a straight mark and closed with a curly one ends there
    mixed = split_sentences(
        '"Holy crap. Perhaps it is not the best idea,\u201d Cruz writes. The ad ran.'
    )
    assert [s.quoted for s in mixed] == [False, True, False]


@pytest.mark.parametrize(
    ("text", "balanced", "left_open"),
    [
        ("\u201cWe will rebuild,\u201d the mayor said.", True, ""),
        ("\u201eWir bauen wieder auf\u201c, sagte die B\u00fcrgermeisterin.", True, ""),
        ("\u00ab Nous reconstruirons \u00bb, a dit la maire.", True, ""),
        ('"We will rebuild," the mayor said.', True, ""),
        ("\u201eWir bauen wieder auf.", False, "\u201e"),
        ("\u00ab Nous reconstruirons.", False, "\u00ab"),
        ("Every house on this street,\u201d the mayor said.", False, ""),
        ("The mayor said: \u201cWe will rebuild.", False, "\u201c"),
        # scraped text mixes straight and curly marks
        ('"We will rebuild,\u201d the mayor said.', True, ""),
    ],
)
def test_quotations_in_english_german_and_french_styles(
    text: str, balanced: bool, left_open: str
) -> None:
    assert quotes_balanced(text) is balanced
    assert open_quotation(text) == left_open
    assert is_quote_fragment(text) is not balanced


def test_an_agency_photo_caption_in_the_text_is_boilerplate() -> None:
    assert is_boilerplate("FILE - In this Sept. 30, 2016, file photo, the singer poses.")
    assert is_boilerplate("FILE \u2014 The singer poses for photographers in Paris.")
    assert not is_boilerplate("File sharing among students rose sharply this year.")


def test_a_long_lede_can_stand_alone() -> None:
    lede = (
        "Representative Anthony Weiner, trying to put to rest a bizarre episode that is "
        "overshadowing his role as a liberal pugilist and threatening his dream of becoming "
        "the mayor of New York, emphatically denied on Wednesday that he had sent a "
        "suggestive photograph to a woman in Washington State but said he could not be sure "
        "that he is not the person in the image."
    )
    assert 60 < word_count(lede) <= 80
    assert can_stand_alone(split_sentences(lede)[0])
    run_on = " ".join([lede.rstrip(".")] * 2) + "."
    assert not can_stand_alone(split_sentences(run_on)[0])  # over 80 words: a run-on
