"""Ask articles a question within the instance's token budget (the web app and the API
call the same action, :func:`newsdesk.store.actions.ai.do_answer_question`)."""

from __future__ import annotations

from newsdesk.store.actions.ai import BudgetedAnswer
from newsdesk.store.actions.ai import do_answer_question as answer_question

__all__ = ["BudgetedAnswer", "answer_question"]
