"""Offset pages over a query without a COUNT: fetch one row more than shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

M = TypeVar("M", bound=Model)

PER_PAGE = 30
#: Deeper offset pages get slow; nobody reads 300 pages of news back.
MAX_PAGE = 300


@dataclass(frozen=True)
class Page(Generic[M]):
    items: list[M]
    number: int
    has_older: bool

    @property
    def has_newer(self) -> bool:
        return self.number > 1


def page_number(request: HttpRequest) -> int:
    """``?page=N`` (1 when absent); anything but 1..MAX_PAGE is a 404."""
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise Http404("No such page")
    return int(raw)


def page_of(query: QuerySet[M], number: int, per_page: int = PER_PAGE) -> Page[M]:
    """Page ``number`` of ``query``, newest first; an empty page past the first is a 404."""
    start = (number - 1) * per_page
    rows = list(query[start : start + per_page + 1])
    if not rows and number > 1:
        raise Http404("No such page")
    return Page(items=rows[:per_page], number=number, has_older=len(rows) > per_page)
