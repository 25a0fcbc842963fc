"""Pages of the duplicate search: the review queue, a pair side by side, merge, dismiss, a
merge and its undo, the search's progress. One view per action."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from ruta.core.errors import ConflictError, DomainError, require
from ruta.people import policies, selectors_linkage, services_linkage
from ruta.people.choices import LinkageStatus, PairStatus
from ruta.people.forms_linkage import DismissForm, MergeForm

PAGE_SIZE = 25


def _run_context(run, actor) -> dict:
    running = run is not None and run.status in (LinkageStatus.QUEUED, LinkageStatus.RUNNING)
    return {"run": run, "running": running, "can_start": policies.can_start_linkage(actor)}


class DuplicateQueueView(View):
    def get(self, request):
        actor = request.actor
        require(policies.can_review_duplicates(actor))
        page = Paginator(selectors_linkage.pair_queue(actor=actor), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        pairs = list(page.object_list)
        selectors_linkage.audit_listed(actor=actor, pairs=pairs)
        return render(
            request,
            "people/duplicates/queue.html",
            {
                "page": page,
                "pairs": [(p, selectors_linkage.agreements(p)) for p in pairs],
                "merges": selectors_linkage.recent_merges(actor=actor),
                **_run_context(selectors_linkage.latest_run(), actor),
            },
        )


class LinkageStartView(View):
    def post(self, request):
        run = services_linkage.linkage_start(actor=request.actor)
        messages.success(request, _("The duplicate search has started."))
        if request.htmx:
            return render(request, "people/duplicates/_run.html", _run_context(run, request.actor))
        return redirect("people:duplicate-queue")


class LinkageRunView(View):
    """The search's progress (the queue page polls it while it runs)."""

    def get(self, request, run_id):
        run = selectors_linkage.run_get(actor=request.actor, run_id=run_id)
        return render(request, "people/duplicates/_run.html", _run_context(run, request.actor))


class PairDetailView(View):
    def get(self, request, pair_id):
        actor = request.actor
        pair = selectors_linkage.pair_get(actor=actor, pair_id=pair_id)
        return self.render(request, pair, MergeForm(pair=pair), DismissForm(pair=pair))

    @staticmethod
    def render(request, pair, merge_form, dismiss_form, status=200):
        actor = request.actor
        return render(
            request,
            "people/duplicates/pair.html",
            {
                "pair": pair,
                "persons": [pair.person_a, pair.person_b],
                "agreements": selectors_linkage.agreements(pair),
                "merges": selectors_linkage.pair_merges(pair),
                "can_merge": pair.status == PairStatus.OPEN
                and policies.can_merge_pair(actor, pair.person_a, pair.person_b),
                "merge_form": merge_form,
                "dismiss_form": dismiss_form,
            },
            status=status,
        )


class PairMergeView(View):
    def post(self, request, pair_id):
        actor = request.actor
        pair = selectors_linkage.pair_get(actor=actor, pair_id=pair_id)
        require(policies.can_merge_pair(actor, pair.person_a, pair.person_b))
        form = MergeForm(request.POST, pair=pair)
        if form.is_valid():
            try:
                merge = services_linkage.persons_merge(
                    actor=actor,
                    pair=pair,
                    keep=form.cleaned_data["keep"],
                    version=form.cleaned_data["version"],
                )
            except (ConflictError, DomainError) as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The two records were merged."))
                return redirect("people:merge-detail", merge_id=merge.pk)
        return PairDetailView.render(request, pair, form, DismissForm(pair=pair), status=400)


class PairDismissView(View):
    def post(self, request, pair_id):
        actor = request.actor
        pair = selectors_linkage.pair_get(actor=actor, pair_id=pair_id)
        form = DismissForm(request.POST, pair=pair)
        if form.is_valid():
            try:
                services_linkage.pair_dismiss(
                    actor=actor, pair=pair, version=form.cleaned_data["version"]
                )
            except (ConflictError, DomainError) as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Marked as two different persons."))
                return redirect("people:duplicate-queue")
        return PairDetailView.render(request, pair, MergeForm(pair=pair), form, status=400)


class MergeDetailView(View):
    def get(self, request, merge_id):
        actor = request.actor
        merge = selectors_linkage.merge_get(actor=actor, merge_id=merge_id)
        return render(
            request,
            "people/duplicates/merge.html",
            {
                "merge": merge,
                "moved": selectors_linkage.moved_summary(merge),
                "can_undo": merge.undone_at is None
                and policies.can_undo_merge(actor, merge.survivor, merge.merged),
            },
        )


class MergeUndoView(View):
    def post(self, request, merge_id):
        actor = request.actor
        merge = selectors_linkage.merge_get(actor=actor, merge_id=merge_id)
        try:
            services_linkage.merge_undo(actor=actor, merge=merge)
        except ConflictError as exc:
            messages.error(request, exc.message)
            return redirect("people:merge-detail", merge_id=merge.pk)
        messages.success(request, _("The merge was undone: the two records are apart again."))
        if merge.pair_id:
            return redirect("people:duplicate-detail", pair_id=merge.pair_id)
        return redirect("people:person-detail", person_id=merge.merged_id)
