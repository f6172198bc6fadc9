"""Entities: surface forms merged; spaCy's small English model run for real."""

from __future__ import annotations

import pytest

from newsdesk.pipeline.enrich.entities import (
    Mention,
    SpacyEntityRecognizer,
    confirmed_by_body,
    is_thing,
    merge_mentions,
    plausible_people,
    resolve_kinds,
    thing_cues,
    thing_kind,
)


def test_one_word_people_that_cannot_be_names_are_dropped() -> None:
    text = (
        "Gunman Kills Two in COVID Ward\n\nThe gunman fired at a meteor-shaped sign, "
        "said Gordon Brown, who wore a brown coat. Brown left. Fans of Rihanna and al-Qaddafi "
        "were named; see t.me/durov for Durov's post."
    )
    forms = ["Gunman", "COVID", "meteor", "Brown", "Rihanna", "al-Qaddafi", "Durov", "AR"]
    mentions = [Mention(form, "PERSON") for form in forms]
    mentions += [Mention("Gordon Brown", "PERSON"), Mention("COVID", "ORG")]
    mentions += [Mention("Galaxy S9", "PERSON"), Mention("Pixel 2", "PERSON")]
    kept = plausible_people(text, mentions)
    assert [m.text for m in kept if m.label == "PERSON"] == [
        "Brown",  # the surname of a full name in the text, though "brown" is a word here
        "Rihanna",
        "al-Qaddafi",  # a particle before the capital
        "Durov",  # "durov" in an address is not the common word
        "Gordon Brown",
    ]
    assert Mention("COVID", "ORG") in kept  # other kinds are not this rule's business


def test_a_one_word_person_only_ever_opening_a_sentence_is_dropped() -> None:
    text = (
        "Moderna says its vaccine works in teens\n\nInvalid email address. Please re-enter."
        "\n\nBillionaire technology magnate Elon Musk will fly. Mr. Biden and Gen. Petraeus "
        "spoke. Adele sang. Later, Adele left."
    )
    text += ' It got hard, she tweeted. "Felt we should tell you." Payrolls rose in May.'
    text += " Theresa May spoke."
    forms = ["Moderna", "Invalid", "Billionaire", "Biden", "Petraeus", "Adele", "Felt", "May"]
    mentions = [Mention(form, "PERSON") for form in forms] + [Mention("Theresa May", "PERSON")]
    kept = plausible_people(text, mentions)
    # "Mr." and "Gen." end no sentence; "Adele" also stands mid-sentence; a quotation
    # opening a sentence still opens it; a month is no name unless it is a surname here
    assert [m.text for m in kept] == ["Biden", "Petraeus", "Adele", "May", "Theresa May"]
    without_theresa = plausible_people(text.replace(" Theresa May spoke.", ""), mentions[:-1])
    assert "May" not in [m.text for m in without_theresa]


def test_merge_surface_forms() -> None:
    entities = merge_mentions(
        [
            Mention("Vladimir Putin", "PERSON"),
            Mention("Putin", "PERSON"),
            Mention("Putin's", "PERSON"),
            Mention("the Federal Bureau of Investigation", "ORG"),
            Mention("FBI", "ORG"),
            Mention("the White House", "ORG"),
            Mention("White House's", "ORG"),
            Mention("Russian", "NORP"),
            Mention("Kyiv", "GPE"),
        ]
    )
    by_name = {e.name: e for e in entities}
    assert by_name["Vladimir Putin"].mentions == 3
    assert set(by_name["Vladimir Putin"].surface_forms) == {"Vladimir Putin", "Putin"}
    assert by_name["Federal Bureau of Investigation"].surface_forms[-1] == "FBI"
    assert by_name["White House"].mentions == 2
    assert by_name["Kyiv"].kind == "place"
    assert "Russian" not in by_name  # nationalities are not entities here
    assert entities[0].name == "Vladimir Putin"  # most mentioned first
    assert by_name["Vladimir Putin"].key == "person:vladimir putin"


def test_a_surname_shared_by_two_people_goes_to_the_more_frequent() -> None:
    entities = merge_mentions(
        [
            Mention("Joe Biden", "PERSON"),
            Mention("Joe Biden", "PERSON"),
            Mention("Jill Biden", "PERSON"),
            Mention("Biden", "PERSON"),
        ]
    )
    assert {e.name: e.mentions for e in entities} == {"Joe Biden": 3, "Jill Biden": 1}


def test_an_acronym_with_dots_is_the_same_entity_as_without() -> None:
    entities = merge_mentions(
        [
            Mention("U.S.", "GPE"),
            Mention("US", "GPE"),
            Mention("the U.S.", "GPE"),
            Mention("F.B.I.", "ORG"),
            Mention("Federal Bureau of Investigation", "ORG"),
            Mention("St. Louis", "GPE"),
        ]
    )
    assert {e.key: e.mentions for e in entities} == {
        "place:united states": 3,
        "organization:federal bureau of investigation": 2,
        "place:st. louis": 1,  # only letters joined by dots lose them
    }


def test_known_other_names_of_a_country_or_body_are_one_entity_of_one_kind() -> None:
    entities = merge_mentions(
        [
            Mention("the U.S.", "GPE"),
            Mention("America", "GPE"),
            Mention("US", "ORG"),  # the small model's occasional label
            Mention("United States", "GPE"),
            Mention("Britain", "GPE"),
            Mention("UK", "GPE"),
            Mention("the EU", "ORG"),
            Mention("Who", "PERSON"),  # not the acronym WHO
            Mention("Georgia", "GPE"),
        ]
    )
    by_key = {e.key: e for e in entities}
    assert {k: e.mentions for k, e in by_key.items()} == {
        "place:united states": 4,
        "place:united kingdom": 2,
        "organization:european union": 1,
        "person:who": 1,
        "place:georgia": 1,
    }
    assert set(by_key["place:united states"].surface_forms) == {"US", "America", "United States"}
    assert by_key["place:united kingdom"].name == "United Kingdom"


def test_us_states_by_their_ap_abbreviations_are_the_state() -> None:
    entities = merge_mentions(
        [
            Mention("California", "GPE"),
            Mention("Calif.", "GPE"),
            Mention("N.Y.", "GPE"),
            Mention("New York", "GPE"),
            Mention("W.Va.", "GPE"),
            Mention("Miss.", "GPE"),  # also a title: left alone
            Mention("Penn", "ORG"),  # also a university: left alone
        ]
    )
    assert {e.key: e.mentions for e in entities} == {
        "place:california": 2,
        "place:new york": 2,
        "place:west virginia": 1,
        "place:miss": 1,
        "organization:penn": 1,
    }


def test_a_bracket_the_recognizer_cut_in_half_is_not_part_of_the_name() -> None:
    # An editor's insertion in a quotation: "... fired the civilian defense minister
    # [Mykhailo Fedorov] after ..." (seen in the demo as an entity named "[Mykhailo Fedorov").
    entities = merge_mentions(
        [
            Mention("[Mykhailo Fedorov", "PERSON"),
            Mention("Mykhailo Fedorov]", "PERSON"),
            Mention("(Reuters)", "ORG"),
            Mention("Alternative for Germany (AfD)", "ORG"),
        ]
    )
    assert {e.name: e.mentions for e in entities} == {
        "Mykhailo Fedorov": 2,
        "Reuters": 1,
        "Alternative for Germany (AfD)": 1,  # a pair inside the name stays
    }


@pytest.fixture(scope="module")
def recognizer() -> SpacyEntityRecognizer:
    return SpacyEntityRecognizer()


def test_spacy_recognizes_people_places_organisations(recognizer: SpacyEntityRecognizer) -> None:
    text = (
        "Russian President Vladimir Putin met German Chancellor Olaf Scholz in Moscow on Tuesday. "
        "Putin told reporters that NATO was to blame. Scholz later flew back to Berlin."
    )
    [entities] = recognizer.recognize([text])
    by_name = {e.name: e for e in entities}
    assert by_name["Vladimir Putin"].kind == "person"
    assert "Putin" in by_name["Vladimir Putin"].surface_forms
    assert by_name["Moscow"].kind == "place" and by_name["Berlin"].kind == "place"
    assert by_name["NATO"].kind == "organization"
    assert recognizer.recognize([]) == []


def test_kinds_resolve_to_clear_majorities_and_dominant_surnames() -> None:
    resolved = resolve_kinds(
        {
            "organization:white house": 72,
            "place:white house": 12,
            "place:biden": 5,
            "organization:biden": 24,
            "person:joe biden": 150,
            "person:jill biden": 3,
            "place:washington": 49,
            "person:denzel washington": 120,
            "organization:covid": 3,
            "person:covid": 2,
        }
    )
    assert resolved == {
        "place:white house": "organization:white house",
        "organization:biden": "person:joe biden",
        "place:biden": "person:joe biden",  # through the organisation
    }


def test_a_headline_name_counts_only_when_the_body_confirms_it() -> None:
    body = " ".join(["Filler words of the article body go on here."] * 8)
    text = (
        "Trump Stays Banned as America and CDC Weigh In\n\n"
        f"Donald Trump remains banned. The United States and the Centers for Disease Control "
        f"and Prevention said so. {body}"
    )
    head = text.index("\n\n")
    found = [
        ("Trump Stays Banned", "ORG", 0),  # the Title Case headline fooled the recogniser
        ("America", "GPE", text.index("America")),  # another name of the body's "United States"
        ("CDC", "ORG", text.index("CDC")),  # an acronym is kept as it is
        ("Donald Trump", "PERSON", head + 2),
        ("United States", "GPE", text.index("United States")),
    ]
    kept = [m.text for m in confirmed_by_body(text, found)]
    assert kept == ["America", "CDC", "Donald Trump", "United States"]
    # A feed item with a line of text: the headline's names are all there is.
    short = "Trump Stays Banned\n\nA short item."
    assert [m.text for m in confirmed_by_body(short, found[:1])] == ["Trump Stays Banned"]


def test_a_companys_legal_form_is_not_part_of_its_name() -> None:
    entities = merge_mentions(
        [
            Mention("Facebook Inc.", "ORG"),
            Mention("Facebook", "ORG"),
            Mention("Volkswagen AG", "ORG"),
            Mention("Bank of America Corp", "ORG"),
            Mention("Inc.", "ORG"),  # nothing left but the form: kept as it was
            Mention("Jane Co", "PERSON"),  # only organisations have legal forms
        ]
    )
    assert {e.key: e.mentions for e in entities} == {
        "organization:facebook": 2,
        "organization:volkswagen": 1,
        "organization:bank of america": 1,
        "organization:inc": 1,
        "person:jane co": 1,
    }


def test_a_thing_is_written_after_the_on_at_a_and_a_person_is_not() -> None:
    text = "Trump said on Twitter. The Twitter user, a Twitter fan; Twitter's @Twitter #Twitter"
    assert thing_cues(text, ["Twitter", "Twitter"]) == (3, 4)
    assert thing_cues("Ontwitter, xon Twitter, atTwitter", ["Twitter"]) == (0, 1)
    singer = "Singer Rihanna said. Rihanna's cousin died, the day Rihanna wrote. Rihanna"
    assert thing_cues(singer, ["Rihanna"]) == (0, 4)
    assert is_thing(2, 20) and is_thing(33, 63)
    assert not is_thing(1, 1)  # one cue is no evidence ("the Oprah show")
    assert not is_thing(2, 21)  # under a tenth of the occurrences
    assert thing_kind("kyiv", {"place:kyiv": 2, "organization:kyiv": 1}) == "place"
    assert thing_kind("astros", {"place:astros": 1}) == "organization"  # one is no evidence
    assert thing_kind("twitter", {}) == "organization"
