"""Our own blocks read from the article element, and the body cleaning they rely on."""

from __future__ import annotations

import lxml.html
from lxml import etree

from newsdesk.pipeline.extract import extract
from newsdesk.pipeline.extract.blocks import own_blocks
from newsdesk.pipeline.extract.body import is_date_line
from newsdesk.pipeline.extract.boilerplate import (
    SourceIndex,
    in_box,
    is_furniture,
    link_heavy,
    text_key,
)
from newsdesk.pipeline.extract.document import parse_html
from newsdesk.pipeline.extract.scorer import find_container, skipped

SENTENCES = [
    "The harbour master said on Monday that the new ferry would start running in May.",
    "It will link the islands to the mainland twice a day throughout the whole year.",
    "Islanders have waited for a winter service since the old boat was retired in 2019.",
    "The council expects the crossing to take forty minutes in calm weather conditions.",
]


def element_of(markup: str) -> lxml.html.HtmlElement:
    tree = parse_html(f"<html><body><div id='story'>{markup}</div></body></html>")
    found = tree.find(".//div[@id='story']")
    assert found is not None
    return found


def test_blocks_keep_paragraphs_headings_lists_quotes_and_inline_markup() -> None:
    story = element_of(
        f"<p>{SENTENCES[0]} <a href='/port'>The port</a> agreed.</p>"
        "<h2>Timetable</h2><ul><li>Monday <b>early</b></li><li>Friday late</li></ul>"
        f"<blockquote><p>{SENTENCES[1]}</p></blockquote>"
        f"<div>{SENTENCES[2]}<br>{SENTENCES[3]}</div>"
    )
    body = own_blocks(story).body
    assert [block.tag for block in body] == ["p", "head", "list", "quote", "p"]
    assert body[0].find("ref") is not None and body[0].find("ref").get("target") == "/port"
    assert body[1].get("rend") == "h2"
    assert [" ".join("".join(item.itertext()).split()) for item in body[2]] == [
        "Monday early",
        "Friday late",
    ]
    assert body[2][0].find("hi") is not None
    assert body[4].find("lb") is not None


def test_link_boxes_and_teaser_cards_are_pruned_and_counted() -> None:
    share = "<div class='sns'><a href='/x'>X</a> <a href='/fb'>Facebook</a></div>"
    card = (
        "<div><h3><a href='/other'>Another story about the island boats</a></h3>"
        "<p>A short teaser for another story.</p></div>"
    )
    story = element_of(f"<p>{SENTENCES[0]}</p>{share}<p>{SENTENCES[1]}</p>{card}")
    found = own_blocks(story)
    text = " ".join(" ".join(block.itertext()) for block in found.body)
    assert "Facebook" not in text
    assert "Another story" not in text and "short teaser" not in text
    assert SENTENCES[0] in text and SENTENCES[1] in text
    assert found.pruned >= len("X Facebook") + len("A short teaser for another story.")


def test_skipped_subtrees_never_reach_the_blocks() -> None:
    story = element_of(
        f"<p>{SENTENCES[0]}</p><figure><figcaption>Photo: Agency</figcaption></figure>"
        "<div class='related'><p>Related: other things happened elsewhere today.</p></div>"
        f"<p>{SENTENCES[1]}<span style='position:absolute;clip:rect(0 0 0 0)'>, opens new tab"
        "</span></p>"
    )
    text = " ".join(" ".join(block.itertext()) for block in own_blocks(story).body)
    assert "Agency" not in text and "Related" not in text and "opens new tab" not in text


def test_camel_case_caption_and_credit_boxes_are_skipped() -> None:
    story = element_of(
        "<div class='InlineImage-imageCaption'>Boats in the harbour.</div>"
        "<div class='InlineImage-photoCredit'>Jane Doe | Agency</div>"
        "<div class='captionless'>kept</div>"
    )
    caption, credit, other = list(story)
    assert skipped(caption) and skipped(credit)
    assert not skipped(other)


def test_date_lines() -> None:
    assert is_date_line("Jul. 19, 2026 9:45 am")
    assert is_date_line("11.07.2026, 09:30 Uhr Stuttgart")
    assert is_date_line("2 minute read April 25, 2023 2:26 PM GMT+2")
    assert not is_date_line("Ferry to run all year")
    assert not is_date_line(SENTENCES[2] + " " + SENTENCES[3])
    assert is_date_line("11:48, Thu, Jul 18, 2024 | UPDATED: 11:50, Thu, Jul 18, 2024")
    assert is_date_line("Published: 22:04, 22 Apr 2024\nUpdated: 22:05, 22 Apr 2024")
    assert not is_date_line("What happened in 2019?")
    assert not is_date_line("The plant closed in 2019.")
    assert not is_date_line("The vote on 12 May 2024 was postponed.")
    assert not is_date_line("Elections 2024: what the parties promise on housing")


def test_a_clean_article_is_read_from_its_element_without_its_dateline() -> None:
    paragraphs = "".join(f"<p>{s} {s}</p>" for s in SENTENCES)
    page = (
        "<html><head><title>Ferry to run all year</title></head><body>"
        "<nav><a href='/'>Home</a></nav><article><h1>Ferry to run all year</h1>"
        f"<div class='meta'>19.07.2026, 09:45</div>{paragraphs}"
        "<div class='share'><a href='/fb'>Facebook</a></div></article>"
        "<footer>(c) Island News</footer></body></html>"
    )
    article = extract(page, "https://news.example/ferry")
    assert article.text.split("\n\n") == [f"{s} {s}" for s in SENTENCES]


def test_utility_hidden_classes_are_skipped_unless_shown_on_larger_screens() -> None:
    story = element_of(
        "<div class='box hidden'>Subscribe to read on</div>"
        "<div class='d-none'>Hidden</div>"
        "<div class='hidden md:block'>Shown on wider screens</div>"
        "<div class='hidden-gem'>A class name that only starts with hidden</div>"
    )
    hidden, none, responsive, other = list(story)
    assert skipped(hidden) and skipped(none)
    assert not skipped(responsive) and not skipped(other)


def test_cards_for_other_pages_are_pruned() -> None:
    linked_card = (
        "<a href='/other'><div><h3>A story about other harbours entirely</h3>"
        "<p>Its summary, which is long enough to look like a paragraph of text.</p></div></a>"
    )
    # the title's column goes as a box of links; its summary in the next column follows it
    columns = (
        "<div class='card'><div class='col'><h2><a href='/space'>Space firm picks nine "
        "start-ups</a></h2><a href='/author'>Jane Doe</a></div><div class='col'><p>The "
        "accelerator programme starts next month with nine companies from four countries.</p>"
        "</div></div>"
    )
    story = element_of(f"<p>{SENTENCES[0]}</p>{linked_card}{columns}<p>{SENTENCES[1]}</p>")
    found = own_blocks(story)
    text = " ".join(" ".join(block.itertext()) for block in found.body)
    assert "other harbours" not in text and "Its summary" not in text
    assert "accelerator programme" not in text
    assert SENTENCES[0] in text and SENTENCES[1] in text


def test_a_short_article_opening_with_a_linked_byline_is_kept() -> None:
    story = element_of(
        f"<div><p><a href='/agency'>Agency</a></p><p>{SENTENCES[0]}</p><p>{SENTENCES[1]}</p></div>"
    )
    text = " ".join(" ".join(block.itertext()) for block in own_blocks(story).body)
    assert SENTENCES[0] in text and SENTENCES[1] in text


def test_lower_case_bylines_click_to_lines_and_tag_lists_are_furniture() -> None:
    assert is_furniture("von Oliver Kring")
    assert is_furniture("Click to Read More and View Comments")
    assert not is_furniture("von den Behörden wurde nichts bekannt gegeben, sagte er.")


def test_tag_lists_go_and_sentences_rich_in_links_stay() -> None:
    tags = etree.fromstring(
        "<p>Tags: <ref>Border Crisis</ref> , <ref>Illegal Immigration</ref> , "
        "<ref>Joe Biden</ref></p>"
    )
    sentence = etree.fromstring(
        "<p>After <ref>Lily won her first-round match on Monday</ref>, it was "
        "<ref>Katie Boulter</ref> who got going <ref>with a convincing 6-4, 6-0 win</ref>.</p>"
    )
    assert link_heavy(tags, " ".join("".join(tags.itertext()).split()))
    assert not link_heavy(sentence, " ".join("".join(sentence.itertext()).split()))


def test_a_broadcast_note_at_the_end_is_dropped() -> None:
    paragraphs = "".join(f"<p>{s} {s}</p>" for s in SENTENCES)
    page = (
        "<html><head><title>Ferry</title></head><body><article>"
        f"{paragraphs}<p>Radio North | News for the Islands | 28.04.2023 | 13:00</p>"
        "</article></body></html>"
    )
    article = extract(page, "https://news.example/ferry")
    assert article.text.split("\n\n") == [f"{s} {s}" for s in SENTENCES]


def test_own_blocks_know_their_page_elements() -> None:
    story = element_of(f"<p>Lead <a href='/x'>linked</a> {SENTENCES[0]}</p><ul><li>One</li></ul>")
    found = own_blocks(story)
    paragraph, items = list(found.body)
    assert found.sources[paragraph] is story[0]
    assert found.sources[items] is story[1]


def test_the_source_index_traces_known_blocks_directly_and_the_rest_through_the_page() -> None:
    tree = parse_html(
        "<html><body><div class='author-bio'>Jane writes about boats and harbours.</div>"
        f"<p>{SENTENCES[0]}</p></body></html>"
    )
    bio, paragraph = tree.find("body")
    index = SourceIndex(tree, {text_key(SENTENCES[0]): paragraph})
    assert index.source_of(SENTENCES[0]) is paragraph
    assert index.source_of("Jane writes about boats and harbours.") is bio
    assert index.source_of("Text the page does not have.") is None


def test_an_article_inside_a_wrapper_named_like_a_sidebar_is_found() -> None:
    paragraphs = "".join(f"<p>{s} {s}</p>" for s in SENTENCES)
    page = (
        "<html><head><title>Ferry</title></head><body>"
        "<div class='sidebar-layout__content'><div class='entry-content'>"
        f"{paragraphs}<div class='share'><a href='/fb'>Facebook</a></div></div></div>"
        "<aside class='sidebar'><p>Most read: a long list of other stories that are not "
        "part of this article at all, whatever they say.</p></aside></body></html>"
    )
    container = find_container(parse_html(page))
    assert container is not None and container.confident and not container.named
    assert container.element.get("class") in {"entry-content", "sidebar-layout__content"}
    article = extract(page, "https://news.example/ferry")
    assert article.text.split("\n\n") == [f"{s} {s}" for s in SENTENCES]


def test_a_shown_summary_is_found_without_indexing_the_page() -> None:
    tree = parse_html(
        "<html><body><p class='lead'>  The new  ferry will run all year,\n the council said.</p>"
        f"<p>{SENTENCES[0]}</p></body></html>"
    )
    lead = tree.find(".//p[@class='lead']")
    index = SourceIndex(tree)
    assert index.shown("The new ferry will run all year, the council said.") is lead
    assert index.shown("A summary the page never shows as text of its own.") is None


def test_captions_ending_in_their_credit_are_furniture() -> None:
    assert is_furniture("The care home in the village © Village council")
    assert is_furniture(
        "People in protective suits walk to the ship on 11 May 2026 (AFP / JANE DOE)"
    )
    assert is_furniture("(Source: APA/dpa)")
    assert is_furniture("The chief executive at the airport. Photo: Max Muster")
    assert not is_furniture("The fares rose in the season (2023/24)")
    assert not is_furniture("Traffic flows in both directions (north/south)")


def test_embedded_posts_and_offscreen_labels_are_skipped() -> None:
    story = element_of(
        f"<p>{SENTENCES[0]}</p>"
        "<blockquote class='twitter-tweet'><p>Big news for the islands today!</p>"
        "&mdash; Ferry Fan (@ferryfan)</blockquote>"
        "<blockquote class='instagram-media'><p>Sunset over the harbour</p></blockquote>"
        f"<blockquote><p>{SENTENCES[1]}</p></blockquote>"
        f"<p>{SENTENCES[2]}<span class='h-offscreen'>Open the box</span></p>"
    )
    text = " ".join(" ".join(block.itertext()) for block in own_blocks(story).body)
    assert "Big news" not in text and "Sunset" not in text and "Open the box" not in text
    assert SENTENCES[1] in text and SENTENCES[2] in text


def test_short_text_beside_a_picture_or_player_is_left_out() -> None:
    story = element_of(
        f"<p>{SENTENCES[0]}</p>"
        "<div class='media'><div class='pic'><img src='/boat.jpg'></div>"
        "<div class='info'>The new ferry in the harbour. Photo: Jane Doe</div></div>"
        "<div class='clip'><video src='/clip.mp4'></video><h3>Watch: the first crossing</h3>"
        "<span>2:05</span></div>"
        f"<div class='text'><p>{SENTENCES[1]}</p><p>{SENTENCES[2]}</p>"
        f"<img src='/map.png'><p>{SENTENCES[3]}</p></div>"
    )
    found = own_blocks(story)
    text = " ".join(" ".join(block.itertext()) for block in found.body)
    assert "new ferry in the harbour" not in text and "first crossing" not in text
    assert all(sentence in text for sentence in SENTENCES)
    assert found.pruned > 0


def test_reading_times_view_counts_and_relative_dates_are_meta_lines() -> None:
    for line in (
        "3 min read",
        "6 minute read",
        "28.04.2023, 19:09 3 Min.",
        "06.01.2026, Lesezeit 5 Min.",
        "Jane Doe|Published 15 hours ago",
        "April 10, 2023 3 years Desk 142 Views",
    ):
        assert is_furniture(line), line
    assert not is_furniture("Military says the attack lasted 25 minutes, shows restraint")
    assert not is_furniture("He left 3 days ago.")
    assert not is_furniture("The court heard the last offence was 12 years ago.")
    assert not is_furniture("Tariff with 100 minutes and 10 GB of data for 5.99 euros a month")


def test_boxes_opened_by_a_toggle_and_hide_classes_are_left_out() -> None:
    story = element_of(
        f"<p>{SENTENCES[0]}</p>"
        "<div class='box'><div class='box-head' role='button'><p>Jane Doe</p>"
        "<p>Harbour historian</p></div><div class='box-body'>"
        "<p>Jane Doe has written three books about the ferries of the northern isles.</p>"
        "</div></div>"
        f"<p>{SENTENCES[1]}</p><div class='message error hide'>Please enter a valid email.</div>"
        f"<div class='more'><button aria-expanded='true'>Less</button><p>{SENTENCES[2]}</p></div>"
    )
    text = " ".join(" ".join(block.itertext()) for block in own_blocks(story).body)
    assert "three books" not in text and "Harbour historian" not in text
    assert "valid email" not in text
    assert SENTENCES[0] in text and SENTENCES[1] in text and SENTENCES[2] in text


def test_author_profiles_and_descriptions_are_boxes() -> None:
    story = element_of(
        f"<p>{SENTENCES[0]}</p>"
        "<div class='authorprofile'><p class='authorprofile-biography'>Jane covers the islands.</p>"
        "</div><div class='author-description'><p>Jane joined in 2019.</p></div>"
    )
    first, profile, description = list(story)
    assert in_box(profile[0]) and in_box(description[0])
    assert not in_box(first)


def test_reader_notices_of_the_page_are_furniture() -> None:
    for line in (
        "Skip to main content",
        "Article continues below",
        "Your web browser is no longer supported. To improve your experience update it here",
        "Ad block users: Some site features may not work while an ad blocker is enabled.",
        # the whole notice, however long (seen at 231 characters)
        "Ad block users: Some site features may not work correctly while an ad blocker is "
        "enabled, because they break scripts and content this website depends on. If you "
        "can't see comments below, for example, please disable your ad blocker.",
        "Lesen Sie mehr zum Thema",
        "Would you like to comment on this article? Sign up or sign in now.",
        "Please read our Comment Policy before commenting.",
        "For more stories like this, check our news page.",
        "Do you have a story to tell? Email: jane.doe@example.com",
        "This is a breaking news story and will be updated",
        "Listen to this article",
        "Table of Contents",
        "Print",
        "Most read in Football",
        "RELATED COVERAGE",
        "Il vous reste 57% de cet article à lire. La suite est réservée aux abonnés.",
    ):
        assert is_furniture(line), line
    for line in (
        "The skipper said the ferry would print its own timetable.",
        "Readers who have a story about the ferry wrote to the council in May.",
        "Table tennis returns to the island hall on Friday evenings.",
    ):
        assert not is_furniture(line), line


def test_a_live_post_headed_by_its_minute_is_text_and_a_reading_time_is_not() -> None:
    assert not is_furniture("84 minutes: Luton 2 Villa 2")
    assert is_furniture("3 min read")
    assert is_furniture("Lesezeit: 5 Min.")


def test_a_sentence_about_a_date_is_no_date_line() -> None:
    assert is_furniture("Updated: 3 May 2024, 10:42")
    assert not is_furniture(
        "Published in the print edition of the March 11, 2024, issue, with the headline "
        "\u201cRole Play.\u201d"
    )


def test_box_words_run_on_with_the_kind_of_box_name_a_box() -> None:
    assert skipped(element_of("<section class='teaserbox left'>x</section>")[0])
    assert skipped(element_of("<div class='relatedlinks'>x</div>")[0])
    assert skipped(element_of("<div id='sharebar'>x</div>")[0])
    assert not skipped(element_of("<div class='shareholders'>x</div>")[0])
    assert not skipped(element_of("<div class='articlebody'>x</div>")[0])


def test_a_paragraph_of_a_picture_and_a_short_line_is_its_caption() -> None:
    story = element_of(
        f"<p>{SENTENCES[0]}</p>"
        "<p><img src='/harbour.jpg' width='800'><br><em>The harbour master (left)</em></p>"
        f"<p><img src='/smile.png' class='wp-smiley emoji'> Islanders cheered the news</p>"
        "<p><img src='/boat.jpg'> The boat arrived last week.</p>"
    )
    text = " ".join(" ".join(block.itertext()) for block in own_blocks(story).body)
    assert "harbour master (left)" not in text
    assert "Islanders cheered the news" in text and "The boat arrived last week." in text


def test_a_list_of_teaser_tiles_keeps_its_links_and_goes_as_a_link_box() -> None:
    tiles = "".join(
        f"<li><article><figure><a href='/story-{n}'><img src='/{n}.jpg' alt=''></a></figure>"
        f"<h3><a href='/story-{n}'>{title}</a></h3></article></li>"
        for n, title in enumerate(
            ("Ferry captain retires after forty years", "New lighthouse keeper appointed")
        )
    )
    story = element_of(
        f"<p>{SENTENCES[0]}</p><p>{SENTENCES[1]}</p>"
        f"<section><header><h2>Most viewed</h2></header><ol>{tiles}</ol></section>"
    )
    plain = element_of(f"<ul><li><div><p>{SENTENCES[2]}</p><p>{SENTENCES[3]}</p></div></li></ul>")
    found = own_blocks(story)
    text = " ".join(" ".join(block.itertext()) for block in found.body)
    assert "lighthouse" not in text and "Most viewed" not in text
    assert SENTENCES[0] in text and SENTENCES[1] in text
    assert found.pruned >= len("Ferry captain retires after forty years")
    # a block inside an item is set apart from its neighbours, and a list item of
    # sentences stays
    (item,) = own_blocks(plain).body[0]
    assert " ".join("".join(item.itertext()).split()) == f"{SENTENCES[2]} {SENTENCES[3]}"


def test_a_short_box_ending_in_a_button_is_a_call_to_action() -> None:
    appeal = (
        "<div class='bottom-box'><p>Read freely, give freely</p><p>Independent local news "
        "needs its readers now more than ever. Join the thousands who already support us "
        "with a small monthly contribution.<a class='button primary-button' href='/give'>"
        "Support us now</a></p></div>"
    )
    longer = " ".join(SENTENCES * 8)  # a box of text ending in a button is still text
    story = element_of(
        f"<p>{SENTENCES[0]}</p><p>{SENTENCES[1]}</p>"
        "<div class='note'><p>The council confirmed the timetable on Friday, "
        "<a href='/timetable'>see the timetable</a></p></div>"
        f"<div class='extra'><p>{longer}<a class='btn' href='/more'>More</a></p></div>"
        f"{appeal}"
    )
    text = "".join(own_blocks(story).body.itertext())
    assert SENTENCES[1] in text
    assert "see the timetable" in text
    assert longer in text
    assert "Support us now" not in text and "contribution" not in text


def block_texts(markup: str) -> list[str]:
    """Each block's words; a line break kept inside a block reads as a space."""
    blocks = own_blocks(element_of(markup)).body
    for lb in blocks.iter("lb"):
        lb.tail = " " + (lb.tail or "")
    return [" ".join("".join(block.itertext()).split()) for block in blocks]


def test_a_double_line_break_sets_paragraphs_apart() -> None:
    assert block_texts(
        f"{SENTENCES[0]}<br><br>{SENTENCES[1]} <b>Ferry</b> news.<br> <br>\n<br>{SENTENCES[2]}"
    ) == [SENTENCES[0], f"{SENTENCES[1]} Ferry news.", SENTENCES[2]]


def test_short_lines_that_open_a_paragraph_stand_apart() -> None:
    # a headline, byline and date line set on lines of their own above the text
    blocks = block_texts(
        f"<b>Ferry to run all year</b><br>By Jane Roe<br>March 3, 2009<br>{SENTENCES[0]}<br>"
        f"{SENTENCES[1]}<br>Short words at the end"
    )
    assert blocks == [
        "Ferry to run all year",
        "By Jane Roe",
        "March 3, 2009",
        f"{SENTENCES[0]} {SENTENCES[1]} Short words at the end",
    ]


def test_a_single_line_break_inside_a_paragraph_stays_a_line_break() -> None:
    story = element_of(f"{SENTENCES[0]}<br>{SENTENCES[1]}")
    (block,) = own_blocks(story).body
    assert [child.tag for child in block] == ["lb"]
    # a short line whose sentence goes on below it is not cut off either
    assert block_texts("Try refreshing your browser, or<br>tap the button below.") == [
        "Try refreshing your browser, or tap the button below."
    ]
