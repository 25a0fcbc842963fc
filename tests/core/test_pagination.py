"""Pages without a total: one row more than the page says whether a next page exists."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from ruta.core.models import Department
from ruta.core.pagination import countless_page

pytestmark = pytest.mark.django_db


def _departments():
    return Department.objects.order_by("code")


def test_pages_follow_each_other_without_counting():
    total = _departments().count()
    assert total > 5
    with CaptureQueriesContext(connection) as ctx:
        first = countless_page(_departments(), None, 5)
    assert len(ctx.captured_queries) == 1
    assert "COUNT(" not in ctx.captured_queries[0]["sql"].upper()
    assert [d.code for d in first] == [d.code for d in _departments()[:5]]
    assert (first.number, first.has_previous(), first.has_next()) == (1, False, True)
    last_number = (total + 4) // 5
    last = countless_page(_departments(), str(last_number), 5)
    assert len(last) == total - 5 * (last_number - 1)
    assert (last.has_previous(), last.has_next()) == (True, False)
    assert last.previous_page_number() == last_number - 1


@pytest.mark.parametrize(
    "raw", ["0", "-1", "x", "", None, "²", "100001", "2191513268185394315264", "9" * 5000]
)
def test_a_bad_page_number_is_the_first_page(raw):
    assert countless_page(_departments(), raw, 5).number == 1


def test_past_the_end_is_empty_with_a_way_back():
    page = countless_page(_departments(), "999", 5)
    assert list(page) == []
    assert page.has_previous()
    assert not page.has_next()


def test_the_partial_shows_the_page_without_a_total():
    page = countless_page(_departments(), "2", 5)
    html = render_to_string("web/partials/_pagination.html", {"page": page, "query": "q=x"})
    assert "?q=x&amp;page=1" in html
    assert "?q=x&amp;page=3" in html
    assert " of " not in html and " de " not in html
