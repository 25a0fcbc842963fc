"""Pages of the returns: "Our returns" (the reporting institution's), opening a period's
return, the return's page (its fill form while it may be filled), and one route per action
(save, submit, approve, send back)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views import View

from ruta.core.errors import require
from ruta.core.views import ActionView, ActorRequest
from ruta.results import policies
from ruta.results import selectors_returns as selectors
from ruta.results.forms_returns import (
    OpenReturnForm,
    ReturnValuesForm,
    SendBackForm,
    VersionForm,
)
from ruta.results.models import DataReturn, DataSet
from ruta.results.services import returns as services


def _plain(value) -> str:
    """A stored figure as typed: 2, not 2.00 (counts are whole numbers; 2.5 stays 2.5)."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _detail_url(return_id) -> str:
    return reverse("results:return-detail", kwargs={"return_id": return_id})


def _keys(table: dict) -> list[str]:
    return [key for row in table["rows"] for _c, key, _v in row.cells]


def return_page(
    request: ActorRequest,
    data_return: DataReturn,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = request.actor
    table = selectors.return_table(data_return)
    can_fill = policies.can_fill_return(actor, data_return)
    bound = bound or {}
    values_form = bound.get("values_form")
    posted = values_form.data if values_form is not None else {}
    errors = values_form.errors if values_form is not None else {}
    rows = [
        {
            "element": row.element,
            "total": None if row.total is None else _plain(row.total),
            "cells": [
                {
                    "key": key,
                    "label": selectors.CATEGORY_LABELS.get(category, category),
                    "value": posted.get(key, _plain(value)),
                    "errors": errors.get(key, []),
                }
                for category, key, value in row.cells
            ],
        }
        for row in table["rows"]
    ]
    context: dict[str, Any] = {
        "data_return": data_return,
        "table": table,
        "rows": rows,
        "can_fill": can_fill,
        "can_review": policies.can_review_return(actor, data_return),
        "version_form": VersionForm(initial={"version": data_return.version}),
        "send_back_form": SendBackForm(auto_id="back_%s", initial={"version": data_return.version}),
    }
    context.update(bound)
    context["failed_form"] = next(iter(bound.values()), None)
    return render(request, "results/returns/detail.html", context, status=status)


class OurReturnsView(View):
    def get(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        require(policies.can_use_returns(actor))
        return render(
            request,
            "results/returns/list.html",
            {"groups": selectors.our_returns(actor=actor)},
        )


class ReturnOpenView(ActionView):
    """Start (or find) the acting institution's return of a data set for a period."""

    form_class = OpenReturnForm
    success_message = ""

    def load(self, request: ActorRequest, **kwargs: Any) -> DataSet:
        data_set = selectors.data_set_get(actor=request.actor, data_set_id=kwargs["data_set_id"])
        require(policies.can_open_return(request.actor, data_set))
        return data_set

    def perform(self, request: ActorRequest, obj: DataSet, data: dict[str, Any]) -> DataReturn:
        return services.return_open(actor=request.actor, data_set=obj, period=data["period"])

    def success_url(self, obj: DataSet, result: DataReturn) -> str:
        return _detail_url(result.pk)

    def failure_url(self, obj: DataSet) -> str:
        return reverse("results:return-list")


class ReturnDetailView(View):
    def get(self, request: ActorRequest, return_id) -> HttpResponse:
        data_return = selectors.return_get(actor=request.actor, return_id=return_id)
        return return_page(request, data_return)


class _ReturnActionView(ActionView):
    page_form = "version_form"

    def render_failure(self, request, obj, form, status):
        fresh = selectors.return_get(actor=request.actor, return_id=obj.pk)
        return return_page(request, fresh, bound={self.page_form: form}, status=status)

    def success_url(self, obj: DataReturn, result: Any) -> str:
        return _detail_url(obj.pk)


class _FillActionView(_ReturnActionView):
    def load(self, request: ActorRequest, **kwargs: Any) -> DataReturn:
        return selectors.return_for_fill(actor=request.actor, return_id=kwargs["return_id"])


class _ReviewActionView(_ReturnActionView):
    def load(self, request: ActorRequest, **kwargs: Any) -> DataReturn:
        return selectors.return_for_review(actor=request.actor, return_id=kwargs["return_id"])


class ReturnSaveView(_FillActionView):
    page_form = "values_form"
    success_message = gettext_lazy("The values were saved.")

    def get_form(self, request: ActorRequest, obj: DataReturn) -> forms.Form:
        keys = _keys(selectors.return_table(obj))
        return ReturnValuesForm(request.POST, keys=keys)

    def perform(self, request: ActorRequest, obj: DataReturn, data: dict[str, Any]) -> Any:
        values = {k: v for k, v in data.items() if k != "version"}
        return services.return_save_values(
            actor=request.actor, data_return=obj, version=data["version"], values=values
        )


class ReturnSubmitView(_FillActionView):
    form_class = VersionForm
    success_message = gettext_lazy("The return was submitted.")

    def perform(self, request: ActorRequest, obj: DataReturn, data: dict[str, Any]) -> Any:
        return services.return_submit(actor=request.actor, data_return=obj, version=data["version"])


class ReturnApproveView(_ReviewActionView):
    form_class = VersionForm
    success_message = gettext_lazy("The return was approved.")

    def perform(self, request: ActorRequest, obj: DataReturn, data: dict[str, Any]) -> Any:
        return services.return_approve(
            actor=request.actor, data_return=obj, version=data["version"]
        )


class ReturnSendBackView(_ReviewActionView):
    page_form = "send_back_form"
    form_class = SendBackForm
    auto_id = "back_%s"
    success_message = gettext_lazy("The return was sent back for correction.")

    def perform(self, request: ActorRequest, obj: DataReturn, data: dict[str, Any]) -> Any:
        return services.return_send_back(
            actor=request.actor,
            data_return=obj,
            version=data["version"],
            comment=data["comment"],
        )
