"""Ask a story (or one article) a question, and styled LLM summaries.

:func:`retrieve` ranks the sentences of the member articles against the question
(embedding cosine plus word overlap). Without an LLM, :func:`ask` returns those passages,
labelled as passages. With one, the model answers from the numbered passages, and each
sentence of its answer keeps only the citations whose passage supports it (the same
support measure as story summaries, with a lower bar since an answer rephrases); a
sentence left with none is dropped. When nothing relevant is found, or nothing of the
answer survives, the answer is :data:`NOT_SAID`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Generator, Sequence
from dataclasses import dataclass

from newsdesk.pipeline.enrich.embed import Embedder
from newsdesk.pipeline.enrich.llm import LLM, estimate_tokens
from newsdesk.pipeline.enrich.prompts import NOT_SAID, STYLES, Passage, ask_messages, style_messages
from newsdesk.pipeline.enrich.sentences import split_sentences, words
from newsdesk.pipeline.enrich.stories import Citation, CitedSentence, MemberArticle, support
from newsdesk.pipeline.errors import UsageError

LLM_LABEL = "AI-generated answer, checked against the articles"
PASSAGES_LABEL = (
    "Best matching passages from the articles (no AI answer: no language model is configured)"
)


@dataclass(frozen=True)
class AskOptions:
    passages: int = 6
    #: Below this question-passage score, the articles are taken not to say.
    min_relevance: float = 0.35
    #: Minimum support of a cited passage for an answer sentence.
    support_threshold: float = 0.45
    max_candidates: int = 200


@dataclass(frozen=True)
class Answer:
    text: str
    #: ``llm``, ``passages`` or ``not_said``.
    mode: str
    label: str
    sentences: tuple[CitedSentence, ...] = ()
    passages: tuple[Passage, ...] = ()
    tokens: int = 0


_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "what",
        "who",
        "when",
        "why",
        "how",
        "did",
        "does",
        "do",
    ]
)


def _overlap(question: str, passage: str) -> float:
    wanted = {w.lower() for w in words(question)} - _STOP
    if not wanted:
        return 0.0
    return len(wanted & {w.lower() for w in words(passage)}) / len(wanted)


def passages_of(members: Sequence[MemberArticle], limit: int) -> list[Passage]:
    out: list[Passage] = []
    for member in members:
        for s in split_sentences(member.text):
            out.append(Passage(0, member.id, member.source, s.text, member.url, s.start, s.end))
    return out[:limit]


def retrieve(
    question: str, members: Sequence[MemberArticle], embedder: Embedder, options: AskOptions
) -> list[tuple[Passage, float]]:
    """The best passages for ``question``, numbered from 1, with their scores."""
    candidates = passages_of(members, options.max_candidates)
    if not candidates:
        return []
    vectors = embedder.embed([question] + [p.text for p in candidates])
    cosine = vectors[1:] @ vectors[0]
    scores = [
        0.8 * float(c) + 0.2 * _overlap(question, p.text)
        for c, p in zip(cosine, candidates, strict=True)
    ]
    ranked = sorted(range(len(candidates)), key=lambda i: -scores[i])[: options.passages]
    return [(Passage(n, *_fields(candidates[i])), scores[i]) for n, i in enumerate(ranked, 1)]


def _fields(p: Passage) -> tuple[str, str, str, str, int, int]:
    return p.article_id, p.source, p.text, p.url, p.start, p.end


_MARK = re.compile(r"\[(\d+)\]")
#: A citation marker with the space before it ("towns [1]." reads "towns.").
_SPACED_MARK = re.compile(r"\s*\[\d+\]")


def check_answer(
    text: str, passages: Sequence[Passage], embedder: Embedder, threshold: float
) -> tuple[CitedSentence, ...]:
    """Sentences of ``text`` with the citations that hold; unsupported sentences dropped."""
    by_number = {p.number: p for p in passages}
    sentences = [s.text for s in split_sentences(text)]
    if not sentences or not passages:
        return ()
    clean = [_SPACED_MARK.sub("", s).strip() for s in sentences]
    vectors = embedder.embed(clean + [p.text for p in passages])
    sentence_vectors, passage_vectors = vectors[: len(clean)], vectors[len(clean) :]
    out = []
    for row, (raw, sentence) in enumerate(zip(sentences, clean, strict=True)):
        marked = [int(n) for n in _MARK.findall(raw) if int(n) in by_number]
        numbers = marked or [p.number for p in passages]
        cited = []
        for number in numbers:
            passage = by_number[number]
            cosine = float(sentence_vectors[row] @ passage_vectors[passages.index(passage)])
            value = support(sentence, passage.text, cosine)
            if value >= threshold:
                cited.append(
                    Citation(
                        passage.article_id,
                        passage.source,
                        passage.url,
                        passage.text,
                        passage.start,
                        passage.end,
                        round(value, 3),
                    )
                )
        if cited and sentence:
            out.append(CitedSentence(sentence, tuple(cited)))
    return tuple(out)


def _start(
    question: str,
    members: Sequence[MemberArticle],
    embedder: Embedder,
    llm: LLM | None,
    options: AskOptions,
) -> tuple[tuple[Passage, ...], Answer | None]:
    """The relevant passages, and the answer when no model needs asking."""
    if not question.strip():
        raise UsageError("ask a question")
    found = retrieve(question, members, embedder, options)
    relevant = tuple(p for p, score in found if score >= options.min_relevance)
    if not relevant:
        return relevant, Answer(NOT_SAID, "not_said", LLM_LABEL if llm else PASSAGES_LABEL)
    if llm is None:
        text = "\n".join(p.text for p in relevant)
        return relevant, Answer(text, "passages", PASSAGES_LABEL, passages=relevant)
    return relevant, None


def _finish(
    text: str, tokens: int, relevant: tuple[Passage, ...], embedder: Embedder, options: AskOptions
) -> Answer:
    """The model's answer, checked: sentences keep the citations that hold."""
    if NOT_SAID.lower().rstrip(".") in text.lower():
        return Answer(NOT_SAID, "not_said", LLM_LABEL, passages=relevant, tokens=tokens)
    checked = check_answer(text, relevant, embedder, options.support_threshold)
    if not checked:
        return Answer(NOT_SAID, "not_said", LLM_LABEL, passages=relevant, tokens=tokens)
    return Answer("\n".join(s.text for s in checked), "llm", LLM_LABEL, checked, relevant, tokens)


def ask(
    question: str,
    members: Sequence[MemberArticle],
    embedder: Embedder,
    llm: LLM | None = None,
    options: AskOptions | None = None,
) -> Answer:
    options = options or AskOptions()
    relevant, early = _start(question, members, embedder, llm, options)
    if early is not None or llm is None:
        return early or Answer(NOT_SAID, "not_said", PASSAGES_LABEL)
    completion = llm.complete(ask_messages(question, relevant))
    return _finish(completion.text, completion.tokens, relevant, embedder, options)


def ask_streamed(
    question: str,
    members: Sequence[MemberArticle],
    embedder: Embedder,
    llm: LLM | None = None,
    options: AskOptions | None = None,
) -> Generator[str, None, Answer]:
    """:func:`ask`, yielding the model's raw answer as it arrives; returns the checked
    :class:`Answer` (the pieces are unchecked: show them as provisional). Without a
    model, or when the articles don't say, it yields nothing. An :class:`LLMError`
    can come after some pieces."""
    options = options or AskOptions()
    relevant, early = _start(question, members, embedder, llm, options)
    if early is not None or llm is None:
        return early or Answer(NOT_SAID, "not_said", PASSAGES_LABEL)
    messages = ask_messages(question, relevant)
    pieces: list[str] = []
    for piece in llm.stream(messages):
        pieces.append(piece)
        yield piece
    text = "".join(pieces)
    # The stream reports no usage to the client: estimate it as for a whole answer.
    tokens = estimate_tokens(json.dumps([m.content for m in messages])) + estimate_tokens(text)
    return _finish(text, tokens, relevant, embedder, options)


def styled_summary(
    style: str,
    members: Sequence[MemberArticle],
    embedder: Embedder,
    llm: LLM,
    options: AskOptions | None = None,
) -> Answer:
    """An LLM summary in one of :data:`STYLES`, every sentence checked and cited."""
    if style not in STYLES:
        raise UsageError(f"unknown style {style!r}: one of {', '.join(STYLES)}")
    options = options or AskOptions()
    passages = [Passage(n, *_fields(p)) for n, p in enumerate(passages_of(members, 40), 1)]
    completion = llm.complete(style_messages(style, passages))
    text = "\n".join(
        line.lstrip("-*• ").strip() for line in completion.text.splitlines() if line.strip()
    )
    checked = check_answer(text, passages, embedder, options.support_threshold)
    return Answer(
        "\n".join(s.text for s in checked) or NOT_SAID,
        "llm" if checked else "not_said",
        LLM_LABEL,
        checked,
        tuple(passages),
        completion.tokens,
    )
