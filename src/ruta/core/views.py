"""Small helpers shared by the HTML views of every app."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from ruta.core.errors import DomainError


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
            messages.error(request, f"{label}: {error}" if label else error)


def flash_service_errors(request: HttpRequest, exc: DomainError | ValidationError) -> None:
    """A service's refusal as messages on the next page."""
    if isinstance(exc, DomainError):
        messages.error(request, exc.message)
    else:
        for message in exc.messages:
            messages.error(request, message)
