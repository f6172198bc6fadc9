"""The sentences of the made-up ferry story that the extraction tests build pages from."""

from __future__ import annotations

SENTENCES = [
    "The harbour master said on Monday that the new ferry would start running in May.",
    "It will link the islands to the mainland twice a day throughout the whole year.",
    "Islanders have waited for a winter service since the old boat was retired in 2019.",
    "The council expects the crossing to take forty minutes in calm weather conditions.",
    "Tickets will cost the same as on the summer boat, the operator confirmed on Tuesday.",
    "Fishermen welcomed the news but asked for more space for their boats in the harbour.",
]
#: Each sentence twice in a paragraph of its own: a body long enough to be the article.
PARAGRAPHS = "".join(f"<p>{sentence} {sentence}</p>" for sentence in SENTENCES)


def page(article: str, *, box: str | None = "css-1q2w3e") -> str:
    """The ferry story's page around ``article``: inside ``<main><article>`` in a box
    whose class name says nothing (as CSS-in-JS pages write), or with ``box=None`` straight
    in the ``<article>`` element."""
    inner = article if box is None else f"<div class='{box}'>{article}</div>"
    article_html = f"<article><h1>Ferry to run all year</h1>{inner}</article>"
    return (
        "<html><head><title>Ferry to run all year</title></head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></header>"
        f"{article_html if box is None else f'<main>{article_html}</main>'}"
        "<footer><p>Island News</p></footer></body></html>"
    )


def body_of(article: str, *, box: str | None = "css-1q2w3e") -> list[str]:
    """The paragraphs ``extract`` finds on :func:`page`."""
    from newsdesk.pipeline.extract import extract

    return extract(page(article, box=box), "https://example.org/news/ferry").text.split("\n\n")


def story() -> list[str]:
    """The body the ferry story's paragraphs should come out as."""
    return [f"{sentence} {sentence}" for sentence in SENTENCES]
