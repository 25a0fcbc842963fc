"""Small helpers shared by the HTML views of every app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy
from django.views import View
from django_htmx.middleware import HtmxDetails

from ruta.core.actor import Actor
from ruta.core.errors import DomainError


class ActorRequest(HttpRequest):
    """A signed-in page's request as the middleware leaves it: with its ``actor``
    (``ruta.core.middleware.ActorMiddleware``) and ``htmx`` (django-htmx). For annotations."""

    actor: Actor
    htmx: HtmxDetails


def apply_validation_error(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, field by field where it can."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def flash_form_errors(request: HttpRequest, form: forms.Form) -> None:
    """Each error with the label of its field: "Date: This field is required.", not a bare
    "This field is required." the user cannot place on a page of many forms."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


def flash_service_errors(request: HttpRequest, exc: DomainError | ValidationError) -> None:
    """A service's refusal as messages on the next page."""
    if isinstance(exc, DomainError):
        messages.error(request, exc.message)
    else:
        for message in exc.messages:
            messages.error(request, message)


class ActionView(View):
    """One page action: validate the form, call the service, show its errors, redirect.

    A subclass names its ``form_class`` and writes ``load`` (the record, loaded in the
    actor's scope: 404 outside it) and ``perform`` (the one service call). ``form_kwargs``
    passes extra arguments to the form (a list of choices that depends on the record, for
    example); ``get_form`` builds the form itself, for a form whose fields depend on the actor
    as well as on the record (the care page's service form narrows its choices to what the
    actor may plan). An action without fields (withdraw, for example) keeps the empty default
    form. ``auto_id`` is the id namespace of the form's fields: the page that holds several
    forms gives each its own, so that no id repeats (field names, what is posted, do not
    change).

    On a refusal (the form's errors, or the service's ``DomainError`` / ``ValidationError``,
    put on the form field by field) nothing is saved. ``render_failure`` may answer with the
    owning page rendered again around the bound form: what was typed stays, each error beside
    its field, status 400 (or the ``DomainError``'s own). A view without it flashes the errors
    as messages and redirects to ``failure_url``."""

    form_class: type[forms.Form] = forms.Form
    success_message: Any = gettext_lazy("Saved.")
    auto_id: str = "id_%s"

    def load(self, request: ActorRequest, **kwargs: Any) -> Any:
        raise NotImplementedError

    def form_kwargs(self, request: ActorRequest, obj: Any) -> dict[str, Any]:
        return {}

    def get_form(self, request: ActorRequest, obj: Any) -> forms.Form:
        extra = self.form_kwargs(request, obj)
        return self.form_class(request.POST, request.FILES or None, auto_id=self.auto_id, **extra)

    def perform(self, request: ActorRequest, obj: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def success_url(self, obj: Any, result: Any) -> str:
        raise NotImplementedError

    def failure_url(self, obj: Any) -> str:
        return self.success_url(obj, None)

    def render_failure(
        self, request: ActorRequest, obj: Any, form: forms.Form, status: int
    ) -> HttpResponse | None:
        """The owning page with ``form`` bound and its errors, or None to redirect."""
        return None

    def post(self, request: ActorRequest, **kwargs: Any) -> HttpResponse:
        obj = self.load(request, **kwargs)
        form = self.get_form(request, obj)
        if not form.is_valid():
            response = self.render_failure(request, obj, form, 400)
            if response is not None:
                return response
            flash_form_errors(request, form)
            return redirect(self.failure_url(obj))
        try:
            result = self.perform(request, obj, form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            if isinstance(exc, DomainError):
                form.add_error(None, exc.message)
                status = 400 if exc.status == 422 else exc.status
            else:
                apply_validation_error(form, exc)
                status = 400
            response = self.render_failure(request, obj, form, status)
            if response is not None:
                return response
            flash_service_errors(request, exc)
            return redirect(self.failure_url(obj))
        if self.success_message:
            messages.success(request, str(self.success_message))
        return redirect(self.success_url(obj, result))


def absolute_link(path: str, base_url: str = "") -> str:
    """``path`` as a link for an e-mail: after ``RUTA_BASE_URL`` when it is set (production
    requires it), else after ``base_url`` (the request's address), else the development
    server's."""
    root = settings.RUTA_BASE_URL or base_url or "http://127.0.0.1:8000"
    return root.rstrip("/") + path
