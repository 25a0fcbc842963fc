"""Screening a case with an instrument's questions."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.cases import policies
from ruta.cases import screening as screening_engine
from ruta.cases.choices import ActivityKind, Answer
from ruta.cases.models import Case, Screening, ScreeningInstrument
from ruta.cases.services._common import CaseClosed, bump
from ruta.cases.services.timeline import timeline_add
from ruta.core.actor import Actor
from ruta.core.errors import require


@transaction.atomic
def screening_record(
    *,
    actor: Actor,
    case: Case,
    instrument: ScreeningInstrument,
    answers: dict[str, str],
    screened_on: date | None = None,
) -> Screening:
    """Store the answers, with the dimension flags and the suggestion they give."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(policies.can_screen(actor, case))
    if case.is_closed:
        raise CaseClosed
    screened_on = screened_on or timezone.localdate()
    codes = {q["code"] for q in instrument.questions}
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(answers) - codes)
    if unknown:
        errors["answers"] = [_("Unknown question: %(code)s") % {"code": ", ".join(unknown)}]
    bad = sorted({v for v in answers.values() if v not in Answer.values})
    if bad:
        errors["answers"] = [_("Unknown code: %(code)s") % {"code": ", ".join(bad)}]
    if screened_on > timezone.localdate():
        errors["screened_on"] = [_("A screening cannot be dated in the future.")]
    if not instrument.is_active:
        errors["instrument"] = [_("This instrument is no longer in use.")]
    if errors:
        raise ValidationError(errors)
    complete = {code: answers.get(code, Answer.NOT_ASKED) for code in sorted(codes)}
    flags, suggestion = screening_engine.evaluate(instrument, complete)
    screening = Screening.objects.create(
        case=case,
        instrument=instrument,
        answers=complete,
        dimensions=flags,
        suggestion=suggestion,
        screened_on=screened_on,
        screened_by=actor.user,
    )
    bump(case, [])
    timeline_add(case, ActivityKind.SCREENING, actor, detail=suggestion)
    audit.record(
        action="cases.screening.recorded",
        actor=actor,
        target=screening,
        target_institution_id=case.institution_id,
        data={"case": str(case.pk), "instrument": str(instrument), "suggestion": suggestion},
    )
    return screening
