"""The body's text as the publisher writes it, and the boilerplate rules of this round."""

from __future__ import annotations

import json
import unicodedata

import lxml.html
from lxml import etree
from tests.pipeline.extract.ferry import PARAGRAPHS, SENTENCES

from newsdesk.pipeline.extract import extract
from newsdesk.pipeline.extract.body import drop_boilerplate
from newsdesk.pipeline.extract.boilerplate import SourceIndex, is_furniture


def page(article: str, outside: str = "") -> str:
    return (
        "<html><head><title>Ferry to run all year</title></head><body>"
        "<header><nav><a href='/'>Home</a></nav></header>"
        f"<article><h1>Ferry to run all year</h1>{article}</article>{outside}"
        "</body></html>"
    )


def test_the_text_keeps_the_pages_characters() -> None:
    decomposed = unicodedata.normalize("NFD", "Die Fähre für die Inseln fährt künftig täglich.")
    full_width = (
        "The ferry leaves at \uff11\uff12:\uff13\uff10 from pier \uff17."  # full-width digits
    )
    article = extract(page(f"<p>{decomposed} {SENTENCES[0]}</p>{PARAGRAPHS}<p>{full_width}</p>"))
    assert decomposed in article.text
    assert full_width in article.text
    assert "Fähre" not in article.text  # not recomposed


def test_a_teaser_link_in_capitals_goes_even_when_the_candidate_lost_the_link() -> None:
    shout = "FERRY CAPTAIN RETIRES AFTER FORTY YEARS"
    teaser = f"<p><a href='/other'><strong><u>{shout}</u></strong></a></p>"
    plain = "<p><strong>FERRY CAPTAIN RETIRES AFTER FORTY YEARS</strong></p>"
    # structured data that the finder cannot match, so trafilatura reads the page
    body = " ".join(f"Unrelated words number {n} fill the structured copy." for n in range(40))
    head = (
        '<script type="application/ld+json">'
        f'{{"@type": "NewsArticle", "articleBody": "{body}"}}</script>'
    )
    linked = extract(
        page(PARAGRAPHS[:400] + teaser + PARAGRAPHS[400:]).replace("</title>", "</title>" + head)
    )
    kept = extract(
        page(PARAGRAPHS[:400] + plain + PARAGRAPHS[400:]).replace("</title>", "</title>" + head)
    )
    assert SENTENCES[5] in linked.text
    assert "FERRY CAPTAIN" not in linked.text
    assert "FERRY CAPTAIN" in kept.text  # a sub-heading in capitals is no link


def test_a_label_and_links_alone_is_a_tag_list() -> None:
    tags = (
        "<p><strong>Published under:</strong> <span><a href='/t/ferries'>Ferries</a></span> , "
        "<span><a href='/t/islands'>Scottish islands</a></span> , "
        "<span><a href='/t/harbour'>Harbour master</a></span> , "
        "<span><a href='/t/council'>Island council</a></span></p>"
    )
    sentence = (
        "<p>Read by: <a href='/a'>Jane</a>, <a href='/b'>John</a> and <a href='/c'>Ann</a> "
        "on the harbour radio every morning this week.</p>"
    )
    article = extract(page(PARAGRAPHS + sentence + tags))
    assert SENTENCES[5] in article.text
    assert "Published under" not in article.text and "Scottish islands" not in article.text
    assert "harbour radio every morning" in article.text


def test_a_label_and_one_link_alone_goes_but_a_linked_word_before_a_colon_stays() -> None:
    standards = "<p>Our standards: <a href='/trust'>The Harbour Trust Principles.</a></p>"
    quote = "<p>The minister <a href='/interview'>said</a>:</p>"
    article = extract(
        page(PARAGRAPHS + quote + f"<blockquote>{SENTENCES[0]}</blockquote>" + standards)
    )
    assert "Trust Principles" not in article.text and "Our standards" not in article.text
    assert "The minister said:" in article.text


def test_the_standfirst_is_found_by_another_summary_when_the_first_is_a_caption() -> None:
    standfirst = "Islanders will get a ferry all year round from May, the harbour master says."
    caption = "The harbour at dawn: the new ferry will dock here from May onwards, officials say."
    ld = f'{{"@type": "NewsArticle", "headline": "Ferry", "description": "{caption}"}}'
    html = (
        f"<html><head><meta name='description' content='{standfirst}'>"
        f"<script type='application/ld+json'>{ld}</script></head><body>"
        f"<header class='top'><h1>Ferry to run all year</h1><div class='intro'>{standfirst}</div>"
        f"</header><nav><a href='/'>Home</a></nav><div class='x'><div>{PARAGRAPHS}</div></div>"
        "</body></html>"
    )
    article = extract(html, "https://example.org/news/ferry")
    assert article.description == caption
    assert article.text.startswith(standfirst)


def test_the_next_story_appended_below_the_article_is_left_out() -> None:
    other = [
        "The football club confirmed on Tuesday that its former manager is in talks to return.",
        "Supporters gathered outside the stadium as the news spread across the city that night.",
        "The board is expected to announce its decision before the weekend match, sources said.",
        "Several senior players are said to welcome the return of the popular Norwegian coach.",
    ]
    second = "".join(f"<p>{sentence} {sentence}</p>" for sentence in other)
    html = (
        "<html><head><title>Ferry to run all year</title>"
        "<meta property='og:title' content='Ferry to run all year'></head><body><main>"
        f"<article><h1>Ferry to run all year</h1>{PARAGRAPHS}</article>"
        f"<article><h1>Old manager may return</h1>{second}</article>"
        "</main></body></html>"
    )
    text = extract(html).text
    assert SENTENCES[0] in text and SENTENCES[5] in text
    assert other[0] not in text and other[3] not in text


def test_a_time_alone_is_a_post_stamp_anywhere_in_the_body() -> None:
    posts = "".join(
        f"<div class='post'><p>{stamp}</p><p>{sentence} {sentence}</p></div>"
        for stamp, sentence in zip(
            ["9:43PM", "9:41PM", "21.05 Uhr", "10:05 GMT", "9:30 pm", "9:15PM"],
            SENTENCES,
            strict=True,
        )
    )
    text = extract(page(posts)).text
    assert SENTENCES[2] in text and SENTENCES[3] in text
    for stamp in ("9:41PM", "21.05 Uhr", "10:05 GMT"):
        assert stamp not in text
    kept = extract(page(f"{PARAGRAPHS}<p>At 9:43PM the ferry left.</p>{PARAGRAPHS}")).text
    assert "At 9:43PM the ferry left." in kept


def test_a_box_named_show_comments_is_a_comments_box() -> None:
    box = (
        "<div class='show-comments'><p>Join lively conversations, follow other readers and "
        "see their replies to this and many other stories on our website.</p></div>"
    )
    text = extract(page(f"<div class='has-comments'>{PARAGRAPHS}{box}{PARAGRAPHS}</div>")).text
    assert SENTENCES[0] in text and SENTENCES[5] in text
    assert "lively conversations" not in text


def test_account_and_subscription_calls_are_furniture() -> None:
    calls = [
        "Join Harbour News for access to this content",
        "Subscribe to Harbour Premium to bookmark this article",
        "Enjoying our stories? Log in or create an account to continue",
        "Log in",
        "Join us on WhatsApp",
        "Want to bookmark stories for later? Start your Harbour Premium subscription today.",
    ]
    for call in calls:
        assert is_furniture(call), call
    for sentence in (
        "Join us and follow all the action live from the harbour, which opens at 8:30pm",
        "Joining the club gives members access to the pool, the mayor told the children.",
        "Register to vote by Friday, officials said.",
    ):
        assert not is_furniture(sentence), sentence


def test_a_paragraph_that_is_one_link_is_a_teaser_unless_it_shows_an_address() -> None:
    teaser = (
        "<p><a href='/support'>Dear reader, the harbour news needs your support to keep "
        "bringing you the stories of the islands.</a></p>"
    )
    source = "<p><a href='https://example.org/report/2024'>https://example.org/report/2024</a></p>"
    sentence = (
        "<p>The <a href='/council'>council said on Monday that the ferry would run</a> "
        "all year.</p>"
    )
    text = extract(page(PARAGRAPHS[:400] + teaser + source + sentence + PARAGRAPHS[400:])).text
    assert SENTENCES[5] in text
    assert "Dear reader" not in text
    assert "https://example.org/report/2024" in text
    assert "the ferry would run all year" in text


def test_a_paragraph_of_a_few_sentences_stays_though_the_structured_copy_lacks_it() -> None:
    callout = (
        "Perhaps more striking than the new timetable is the history behind it, which "
        "islanders have told and retold for decades in the harbour bars and the village hall."
    )
    stray = "Our reporters will follow the story as it develops this week"
    body = "".join(f"<p>{s} {s} {s}</p>" for s in SENTENCES[:3])
    body += f"<p>{callout}</p><p>{stray}</p>" + "".join(
        f"<p>{s} {s} {s}</p>" for s in SENTENCES[3:]
    )
    article_body = " ".join(f"{s} {s} {s}" for s in SENTENCES)
    ld = f'{{"@type": "NewsArticle", "headline": "Ferry", "articleBody": "{article_body}"}}'
    html = page(body).replace(
        "</title>", f"</title><script type='application/ld+json'>{ld}</script>"
    )
    text = extract(html).text
    assert callout in text
    assert stray not in text


def test_a_label_of_a_few_words_above_the_body_is_no_text() -> None:
    kicker = "<p>Island transport</p><p>Key Points</p>"
    text = extract(page(kicker + PARAGRAPHS)).text
    assert text.startswith(SENTENCES[0])
    assert "Island transport" not in text and "Key Points" not in text
    sentence = extract(page("<p>Ferries return.</p>" + PARAGRAPHS)).text
    assert sentence.startswith("Ferries return.")
    chinese = "新华社北京4月24日电 记者张三 港口管理局周一表示新渡轮将于五月开始运营"
    assert extract(page(f"<p>{chinese}</p>" + PARAGRAPHS)).text.startswith(chinese)


def test_an_authors_note_at_the_end_is_no_article_text() -> None:
    note = (
        "<p><em>Harbour News's Jane Doe is the author of &quot;Island Crossings,&quot; a history "
        "of the ferries of the northern isles.</em></p>"
    )
    early = "<p>Jane Doe is a former ferry captain who has sailed the route for twenty years.</p>"
    text = extract(page(early + PARAGRAPHS + note)).text
    assert SENTENCES[5] in text
    assert "Island Crossings" not in text
    assert "former ferry captain" in text


def test_placeholders_of_blocked_embeds_are_furniture() -> None:
    for line in (
        "Externer Inhalt nicht verfügbar",
        "Ihre Privatsphäre-Einstellungen verhindern das Laden externer Inhalte.",
        "Empfohlener redaktioneller Inhalt",
        "Ein Klick für den Datenschutz",
        "External content not available",
        "To view this content, please accept cookies in your privacy settings.",
    ):
        assert is_furniture(line), line
    assert not is_furniture(
        "Die schlechteste Note erhielt der Shop allerdings für den Datenschutz."
    )


def test_an_affiliate_disclosure_is_furniture_wherever_it_stands() -> None:
    disclosure = (
        "<p>This guide contains affiliate links. Products are chosen by our reporters; "
        "we may earn a commission when you buy through them.</p>"
    )
    german = (
        "<p>Mit einem Symbol gekennzeichnete Links sind Affiliate-Links. Kaufen Sie darüber "
        "ein, erhalten wir eine kleine Provision.</p>"
    )
    text = extract(page(disclosure + PARAGRAPHS[:300] + german + PARAGRAPHS[300:])).text
    assert SENTENCES[0] in text and SENTENCES[5] in text
    assert "affiliate links" not in text
    assert "Provision" not in text
    # a paragraph of the story that names a commission stays
    story = "<p>The operator will earn a commission on every ticket sold by the island shop.</p>"
    assert "earn a commission" in extract(page(PARAGRAPHS + story + PARAGRAPHS)).text


def test_a_call_to_follow_the_publisher_at_the_end_is_no_article_text() -> None:
    calls = (
        "<p>For the latest news from the islands, sign up for our newsletters.</p>",
        "<p>Abonniere den WhatsApp-Kanal der Harbour News und du bekommst alle Updates.</p>",
        "<p>Hat Ihnen dieser Artikel gefallen? Dann unterstützen Sie uns mit einer Spende.</p>",
        "<p>Please bookmark our homepage so we can keep you informed.</p>",
        "<p>この記事は会員限定です。</p>",
    )
    for call in calls:
        text = extract(page(PARAGRAPHS + call)).text
        assert SENTENCES[5] in text
        assert call[3:20] not in text, call
    # the same words inside the story, far from its end, stay
    early = "<p>The ferry company asked islanders to sign up for its newsletters at the pier.</p>"
    text = extract(page(early + PARAGRAPHS + PARAGRAPHS)).text
    assert "sign up for its newsletters" in text


def test_a_closing_line_that_introduces_what_is_gone_is_dropped() -> None:
    dangling = "<p>More on the ferry dispute in our live blog:</p>"
    text = extract(page(PARAGRAPHS + dangling)).text
    assert SENTENCES[5] in text
    assert "live blog" not in text
    # a colon line followed by what it introduces stays
    quote = "<p>The harbour master said:</p><blockquote>" + PARAGRAPHS[3:200] + "</blockquote>"
    assert "The harbour master said:" in extract(page(PARAGRAPHS + quote)).text


def test_a_pull_quote_that_repeats_a_nearby_paragraph_is_said_once() -> None:
    pull = f"<blockquote>{SENTENCES[2]}</blockquote>"
    own = (
        "<blockquote>The crossing saved my business, one shop owner wrote to the council."
        "</blockquote>"
    )
    first, rest = PARAGRAPHS_LIST[:3], PARAGRAPHS_LIST[3:]
    text = extract(page("".join([*first, pull, own, *rest]))).text
    assert text.count(SENTENCES[2]) == 2  # the paragraph's two copies, not the pull quote's
    assert "one shop owner wrote" in text
    # a heading that quotes the section below it stays
    heading = f"<h2>{SENTENCES[4]}</h2>"
    assert extract(page("".join([*first, heading, *rest]))).text.count(SENTENCES[4]) == 3


PARAGRAPHS_LIST = [f"<p>{sentence} {sentence}</p>" for sentence in SENTENCES]


def test_an_article_streamed_only_in_script_data_is_read_from_it() -> None:
    rows = [
        '1:"$Sreact.fragment"\n',
        "2:T" + format(len(PARAGRAPHS), "x") + ",",
        PARAGRAPHS,
        '3:["$","div",null,{"children":"$2"}]\n',
    ]
    scripts = "".join(
        f"<script>self.__next_f.push({json.dumps([1, row])})</script>" for row in rows
    )
    html = (
        "<html><head><title>Ferry to run all year</title></head><body>"
        f"<div id='root'><h1>Ferry to run all year</h1></div>{scripts}</body></html>"
    )
    article = extract(html)
    assert SENTENCES[0] in article.text and SENTENCES[5] in article.text
    assert "react.fragment" not in article.text
    # a page that shows its text is read from the page, not from its script data
    other = scripts.replace(SENTENCES[5], "Other words in the script data only.")
    shown = html.replace(scripts, other).replace("<div id='root'>", f"<div id='root'>{PARAGRAPHS}")
    text = extract(shown).text
    assert SENTENCES[5] in text
    assert "Other words" not in text


def test_the_standfirst_is_another_summary_when_the_first_is_the_opening_paragraph() -> None:
    opening = f"{SENTENCES[0]} {SENTENCES[0]}"
    standfirst = "Islanders will get a ferry all year round from May, the harbour master says."
    html = (
        f"<html><head><meta property='og:description' content='{opening}'>"
        f"<meta name='description' content='{standfirst}'></head><body>"
        f"<header class='top'><h1>Ferry to run all year</h1><p class='intro'>{standfirst}</p>"
        f"</header><nav><a href='/'>Home</a></nav><div class='x'><div>{PARAGRAPHS}</div></div>"
        f"<footer><p class='promo'>{standfirst.replace('May', 'June')}</p></footer>"
        "</body></html>"
    )
    text = extract(html, "https://example.org/news/ferry").text
    assert text.startswith(standfirst)
    assert text.count(SENTENCES[0]) == 2
    # when the first summary opens the body, another one shown only below it is no standfirst
    below = html.replace(f"<p class='intro'>{standfirst}</p>", "").replace(
        "</div></div>", f"</div></div><section><p>{standfirst}</p></section>"
    )
    assert not extract(below, "https://example.org/news/ferry").text.startswith(standfirst)


def test_a_post_stamp_with_its_author_or_a_date_is_no_text_but_a_posts_heading_stays() -> None:
    posts = "".join(
        f"<div class='post'><p>{stamp}</p><p>{sentence} {sentence}</p></div>"
        for stamp, sentence in zip(
            [
                "21:00<span>Jane Doe</span>",
                "20:42<b>KEY EVENT</b>",
                "17.05.2026, 19:06 Uhr",
                "15.32 Uhr: Talks resume",
                "The 10:05 ferry left late.",
                "9:15PM",
            ],
            SENTENCES,
            strict=True,
        )
    )
    text = extract(page(posts)).text
    assert SENTENCES[2] in text and SENTENCES[3] in text
    for stamp in ("21:00Jane Doe", "20:42KEY EVENT", "19:06 Uhr"):
        assert stamp not in text
    assert "15.32 Uhr: Talks resume" in text
    assert "The 10:05 ferry left late." in text


def test_a_box_with_a_component_name_such_as_newsletter_box_is_no_text() -> None:
    box = (
        "<section class='NewsletterBox wide'><h3>Newsletter</h3><p>The Morning</p>"
        "<p>The best start to the day with news and stories from the islands and the world, "
        "every weekday at six.</p><p><a href='/newsletters'>More newsletters</a></p></section>"
    )
    text = extract(page(PARAGRAPHS[:300].rsplit("<p>", 1)[0] + box + PARAGRAPHS)).text
    assert SENTENCES[5] in text
    assert "best start to the day" not in text
    # a component name that only starts like a box word is no box
    kept = "<div class='SharedContent'><p>Islanders shared the news with their friends.</p></div>"
    assert "shared the news" in extract(page(PARAGRAPHS + kept + PARAGRAPHS)).text


def test_a_german_authors_note_at_the_end_is_no_article_text() -> None:
    for note in (
        "Jana Muster ist NDR-Reporterin für Schleswig-Holstein und die Inseln.",
        "Korrespondent Max Muster ist bei der Zeitung für die Küste zuständig.",
    ):
        text = extract(page(PARAGRAPHS + f"<p>{note}</p>")).text
        assert SENTENCES[5] in text
        assert note not in text
    quote = "<p>Der Kapitän ist seit zwanzig Jahren auf der Fähre, sagte ein Reporter.</p>"
    assert "seit zwanzig Jahren" in extract(page(PARAGRAPHS + quote)).text


def test_an_article_the_candidate_cut_short_is_read_by_our_own_blocks() -> None:
    """The article comes in parts (around ad rows); trafilatura drops the later parts
    (their boxes are named like its furniture) and the finder is unsure (teaser cards
    beside the article): our own blocks of the finder's element read them all."""

    def paragraph(n: int) -> str:
        return " ".join(f"{SENTENCES[(n + i) % 6][:-1]} (part {n})." for i in range(3))

    parts = "".join(
        f"<div class='{'part' if s == 0 else 'part meta'}'>"
        + "".join(f"<p>{paragraph(10 * s + n)}</p>" for n in range(5))
        + "</div><div class='ad-row'></div>"
        for s in range(4)
    )
    cards = "".join(f"<div class='card'><p>{paragraph(100 + n)}</p></div>" for n in range(4))
    html = (
        "<html><head><title>Ferry to run all year</title></head><body><main>"
        f"<h1>Ferry to run all year</h1><div class='story'>{parts}</div></main>"
        f"<div class='more'>{cards}</div></body></html>"
    )
    text = extract(html).text
    assert "(part 1)" in text
    assert "(part 34)" in text


def test_a_sign_off_or_closing_label_as_the_last_block_is_no_text() -> None:
    for closing in ("(jdo)", "mit dpa", "More to Read", "Harbour/sep"):
        text = extract(page(PARAGRAPHS + f"<p>{closing}</p>")).text
        assert SENTENCES[5] in text
        assert not text.endswith(closing), closing
    assert extract(page(PARAGRAPHS + "<p>Ferries resume.</p>")).text.endswith("Ferries resume.")


def _blocks(markup: str) -> list[etree._Element]:
    return list(etree.fromstring(f"<body>{markup}</body>"))


def test_a_run_of_other_stories_linked_titles_ends_the_body() -> None:
    text = "".join(f"<p>{sentence}</p>" for sentence in SENTENCES)
    titles = "".join(
        f"<p><ref target='/story-{n}'>{title}</ref></p>"
        for n, title in enumerate(
            ("Ferry captain retires", "New lighthouse keeper appointed", "Storm closes pier")
        )
    )
    tree = lxml.html.fromstring("<html><body><p>x</p></body></html>")
    kept = drop_boilerplate(_blocks(text + titles), SourceIndex(tree), "")
    assert ["".join(block.itertext()) for block in kept] == SENTENCES
    # two linked titles are no run; a cited address is a source
    two = _blocks(
        text + titles.replace("<p><ref target='/story-2'>Storm closes pier</ref></p>", "")
    )
    assert len(drop_boilerplate(two, SourceIndex(tree), "")) == len(SENTENCES) + 2
    sources = "".join(
        f"<p><ref target='https://{host}/'>https://{host}/report</ref></p>"
        for host in ("a.example", "b.example", "c.example")
    )
    assert len(drop_boilerplate(_blocks(text + sources), SourceIndex(tree), "")) == 9


def test_a_closing_heading_that_is_furniture_still_ends_the_body() -> None:
    teasers = "<p>Ferry captain retires</p><p>Storm closes the pier for a week</p>"
    tree = lxml.html.fromstring("<html><body><p>x</p></body></html>")
    blocks = _blocks(
        "".join(f"<p>{sentence}</p>" for sentence in SENTENCES)
        + "<head rend='h2'>Most viewed in Island News</head>"
        + teasers
    )
    assert is_furniture("Most viewed in Island News")
    kept = drop_boilerplate(blocks, SourceIndex(tree), "")
    assert ["".join(block.itertext()) for block in kept] == SENTENCES
