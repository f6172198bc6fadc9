"""The body's text as the publisher writes it, and the boilerplate rules of this round."""

from __future__ import annotations

import unicodedata

from newsdesk.pipeline.extract import extract

SENTENCES = [
    "The harbour master said on Monday that the new ferry would start running in May.",
    "It will link the islands to the mainland twice a day throughout the whole year.",
    "Islanders have waited for a winter service since the old boat was retired in 2019.",
    "The council expects the crossing to take forty minutes in calm weather conditions.",
    "Tickets will cost the same as on the summer boat, the operator confirmed on Tuesday.",
    "Fishermen welcomed the news but asked for more space for their boats in the harbour.",
]


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
    paragraphs = "".join(f"<p>{sentence} {sentence}</p>" for sentence in SENTENCES)
    article = extract(page(f"<p>{decomposed} {SENTENCES[0]}</p>{paragraphs}<p>{full_width}</p>"))
    assert decomposed in article.text
    assert full_width in article.text
    assert "Fähre" not in article.text  # not recomposed
