"""What a protection case's closure hears of criminal proceedings
(``core.registry.closure_checks``): each open file the survivor takes part in is listed, not
blocking. Closing the case does not end a criminal proceeding; the item is carried with a
reason. The label names the stage only, nothing of the file."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ruta.cases.models import Case
from ruta.core.registry import ClosureItem
from ruta.prosecution.choices import Stage
from ruta.prosecution.models import FileVictim


def closure_check(case: Case, reason: str) -> list[ClosureItem]:
    rows = (
        FileVictim.objects.filter(case=case, file__closed_early="")
        .exclude(file__stage=Stage.FINAL)
        .order_by("file__complaint_on", "file_id")
        .values("file_id", "file__stage")
    )
    return [
        ClosureItem(
            key=f"criminal_file:{r['file_id']}",
            kind="criminal_file",
            label=_("Criminal proceeding in progress (%(stage)s)")
            % {"stage": str(Stage(r["file__stage"]).label).lower()},
        )
        for r in rows
    ]
