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
