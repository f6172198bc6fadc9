"""Ask articles a question within the instance's token budget.

Glue between the pure ``ask`` and the store: check the month's budget, ask (with the LLM
when one is configured and budget is left), record the tokens spent. When the budget is
spent the reader still gets the best matching passages, with the budget message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from newsdesk.pipeline.enrich.ask import Answer, AskOptions, ask
from newsdesk.pipeline.enrich.providers import Providers
from newsdesk.pipeline.enrich.stories import MemberArticle
from newsdesk.pipeline.errors import BudgetExhausted, LLMError
from newsdesk.store.actions.ai import do_record_token_usage
from newsdesk.store.models import Article
from newsdesk.store.queries.ai import check_token_budget


@dataclass(frozen=True)
class BudgetedAnswer:
    answer: Answer
    #: Why the LLM was not used ("" when it was, or none is configured).
    notice: str = ""


def members_of(articles: Sequence[Article]) -> list[MemberArticle]:
    return [MemberArticle(str(a.pk), a.source.name, a.title, a.body_text, a.url) for a in articles]


def answer_question(
    providers: Providers,
    articles: Sequence[Article],
    question: str,
    *,
    budget: int,
    now: datetime,
    options: AskOptions | None = None,
) -> BudgetedAnswer:
    members = members_of(articles)
    embedder = providers.embedder()
    llm = providers.llm()
    notice = ""
    if llm is not None:
        try:
            check_token_budget(budget, now)
        except BudgetExhausted as error:
            llm, notice = None, str(error)
    try:
        answer = ask(question, members, embedder, llm, options)
    except LLMError as error:
        notice = f"the language model is unavailable ({error}); showing passages instead"
        answer = ask(question, members, embedder, None, options)
    if answer.tokens:
        do_record_token_usage(answer.tokens, now=now)
    return BudgetedAnswer(answer, notice)
