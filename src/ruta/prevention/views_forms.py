"""The shared shape of a record's new and edit pages (a course, a session): one form, the
service's errors beside their fields, the record's page after a save."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.views import View

from ruta.core.errors import DomainError
from ruta.core.views import apply_validation_error


class RecordFormView(View):
    template_name: str
    context_name: str  # the record's name in the template
    saved_message: Promise

    def detail_url(self, obj: Any) -> str:
        raise NotImplementedError

    def perform(self, request, data: dict[str, Any], obj: Any) -> Any:
        raise NotImplementedError

    def _render(self, request, form, obj, status=200) -> HttpResponse:
        return render(
            request, self.template_name, {"form": form, self.context_name: obj}, status=status
        )

    def _save(self, request, form, obj) -> HttpResponse:
        if form.is_valid():
            try:
                obj = self.perform(request, dict(form.cleaned_data), obj)
            except (DomainError, ValidationError) as exc:
                if isinstance(exc, DomainError):
                    form.add_error(None, exc.message)
                else:
                    apply_validation_error(form, exc)
            else:
                messages.success(request, str(self.saved_message))
                return redirect(self.detail_url(obj))
        return self._render(request, form, obj, status=400)
