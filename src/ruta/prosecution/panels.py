"""The prosecution card on the protection case's page (``core.registry.case_panels``): for the
case's owner only, that the survivor takes part in criminal proceedings, each with its stage
and the institution that owns the file. Nothing else of a file: no number, no defendant, no
date. ``cases`` imports nothing from here; it only iterates the registry."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ruta.cases.models import Case
from ruta.core.actor import Actor
from ruta.prosecution.choices import Stage
from ruta.prosecution.models import FileVictim
from ruta.prosecution.policies import can_see_participation


def participations(*, case: Case) -> list[dict]:
    """The proceedings the case's survivor takes part in: stage label, whether open, owner's
    short name. The files' own data stays out."""
    rows = (
        FileVictim.objects.filter(case=case)
        .order_by("file__complaint_on", "file_id")
        .values(
            "file__stage",
            "file__closed_early",
            "file__institution__acronym",
            "file__institution__name",
        )
    )
    return [
        {
            "stage": str(Stage(r["file__stage"]).label),
            "open": not r["file__closed_early"] and r["file__stage"] != Stage.FINAL,
            "closed_early": bool(r["file__closed_early"]),
            "institution": r["file__institution__acronym"] or r["file__institution__name"],
        }
        for r in rows
    ]


def case_panel(actor: Actor, case: Case) -> dict | None:
    if not can_see_participation(actor, case):
        return None
    items = participations(case=case)
    if not items:
        return None
    heading = ngettext(
        "The survivor takes part in %(n)s criminal proceeding",
        "The survivor takes part in %(n)s criminal proceedings",
        len(items),
    ) % {"n": len(items)}
    return {
        "template": "prosecution/partials/_case_panel.html",
        "heading": heading,
        "participations": items,
        "section": {"id": "prosecution", "label": _("Criminal proceedings")},
        "summary_rows": [
            (_("Criminal proceeding"), f"{p['stage']} · {p['institution']}") for p in items
        ],
    }
