"""The case's coded facts of exploitation in the reader's words: one wording for the case page
and the printed summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from ruta.cases import choices as c
from ruta.cases.models import Case


def fact_labels(case: Case) -> list[tuple[str, list[str]]]:
    """The case's coded facts as (heading, labels) rows in the reader's language."""

    def labels(codes: list[str], choices: Sequence[tuple[str, Any]]) -> list[str]:
        names = dict(choices)
        return [str(names.get(code, code)) for code in codes]

    return [
        (
            _("Forms of exploitation"),
            labels(case.forms_of_exploitation, c.FormOfExploitation.choices),
        ),
        (_("Means of control"), labels(case.means_of_control, c.MeansOfControl.choices)),
        (_("Method of recruitment"), labels(case.recruitment_methods, c.RecruitmentMethod.choices)),
        (_("Recruitment apps"), labels(case.recruitment_apps, c.App.choices)),
        (_("Exploitation apps"), labels(case.exploitation_apps, c.App.choices)),
        (_("Relationship to recruiter"), [case.get_relationship_to_recruiter_display()]),
    ]
