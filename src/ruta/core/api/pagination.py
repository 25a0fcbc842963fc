from typing import cast

from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ruta.core.pagination import MAX_PAGE, page_number


class PageNumberPagination(pagination.PageNumberPagination):
    """Page numbers with ``count``. A page size that is not a whole number from 1 to 200 is
    refused (400), not silently replaced by the default."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 4) or not (
            1 <= int(raw) <= self.max_page_size
        ):
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Must be a whole number from 1 to %(max)s.") % {"max": self.max_page_size}
                    ]
                }
            )
        return int(raw)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                }
        return parameters


class PageNumberWithoutCountPagination(PageNumberPagination):
    """Page numbers without ``count``: for long lists whose exact total nobody needs (the case
    list), where counting every row on every page cost more than the page itself. One more row
    than the page size is read to know whether a next page exists; an empty page past the end
    answers 404 like the counted pagination."""

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self.get_page_size(request)
        number = page_number(request.query_params.get(self.page_query_param, "1"))
        if number is None:
            raise NotFound(_("Invalid page."))
        self.number = number
        offset = (self.number - 1) * size
        rows = list(queryset[offset : offset + size + 1])
        if not rows and self.number > 1:
            raise NotFound(_("Invalid page."))
        self.has_next = len(rows) > size
        return rows[:size]

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["maximum"] = MAX_PAGE
        return parameters

    def _link(self, number: int) -> str:
        url = cast(Request, self.request).build_absolute_uri()  # set by paginate_queryset
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def get_next_link(self):
        return self._link(self.number + 1) if self.has_next else None

    def get_previous_link(self):
        return self._link(self.number - 1) if self.number > 1 else None

    def get_paginated_response(self, data):
        return Response(
            {
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }
