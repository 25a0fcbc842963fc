"""Pages of long lists whose exact total nobody needs (the case list).

Django's ``Paginator`` counts every row on every page (``SELECT COUNT(*)``), which on the case
list of a large institution cost more than the page itself. ``countless_page`` reads one row
more than the page instead, to know whether a next page exists; the shared pagination partial
then shows "Page N" without "of M".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet

# The highest page number read: past it the offset would overflow the database's integers
# (SQLite refuses it as a "datatype mismatch") long before any real list ends.
MAX_PAGE = 100_000


def page_number(raw: str | None) -> int | None:
    """``raw`` as a page number from 1 to ``MAX_PAGE``, or None (ASCII digits only: ``"²"``
    is a digit to ``str.isdigit`` and not to ``int``)."""
    if not raw or len(raw) > len(str(MAX_PAGE)) or not (raw.isascii() and raw.isdigit()):
        return None
    number = int(raw)
    return number if 1 <= number <= MAX_PAGE else None


class CountlessPage(Sequence):
    """What the pagination partial reads of a Django ``Page``, without a paginator."""

    paginator = None

    def __init__(self, rows: list[Any], number: int, has_next: bool) -> None:
        self.object_list = rows
        self.number = number
        self._has_next = has_next

    def __len__(self) -> int:
        return len(self.object_list)

    def __getitem__(self, index):
        return self.object_list[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def countless_page(queryset: QuerySet, number: str | None, per_page: int) -> CountlessPage:
    """Page ``number`` (1 when missing or not a whole number from 1) of ``queryset``. A page
    past the end is empty, with a link back."""
    page = page_number(number) or 1
    offset = (page - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    return CountlessPage(rows[:per_page], page, has_next=len(rows) > per_page)
