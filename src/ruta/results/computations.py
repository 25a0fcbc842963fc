"""The named computations over Ruta's own records (the registry of ``results.registry``).

Each reads counts with aggregate queries over the whole platform (every institution: a
framework's indicator is national) and returns the total ("") and, where it says so, one cell
per sex ("sex:female", "sex:male"; persons of unknown sex count in the total only). A
percentage whose denominator is 0 is left out (no value, not 0 %). Nothing here returns or
logs a person.

A record falls in a period by the date each docstring names, read in the platform's time
zone (``TIME_ZONE``): a record at 23:59 on the period's last day is in, at 00:00 the next day
out."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DateTimeField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruta.cases.choices import TaskKind
from ruta.cases.models import Case, Task
from ruta.coordination.choices import ActionStatus
from ruta.coordination.models import ActionItem
from ruta.core.choices import InstitutionType
from ruta.prevention.choices import EnrolmentStatus, SessionStatus
from ruta.prevention.models import Certificate, Enrolment, MandatoryCourse
from ruta.prosecution.choices import SENTENCED
from ruta.prosecution.models import Charge
from ruta.referrals.choices import ReferralStatus
from ruta.referrals.models import Referral
from ruta.results.choices import Direction, Unit
from ruta.results.registry import Computation, Values, register

SEXES = ("female", "male")
HUNDRED = Decimal(100)


def _span(first: date, last: date) -> tuple[datetime, datetime]:
    """[first 00:00, the day after last 00:00) in the platform's time zone."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(first, time.min), tz)
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), tz)
    return start, end


def _percent(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (HUNDRED * numerator / denominator).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _share(qs: QuerySet, on_time: Q, sex_field: str | None) -> Values:
    """Percent of ``qs`` rows matching ``on_time``, total and per sex (one query)."""
    fields: dict = {"n": Count("pk"), "ok": Count("pk", filter=on_time)}
    if sex_field:
        for sex in SEXES:
            fields[f"n_{sex}"] = Count("pk", filter=Q(**{sex_field: sex}))
            fields[f"ok_{sex}"] = Count("pk", filter=on_time & Q(**{sex_field: sex}))
    row = qs.order_by().aggregate(**fields)
    out: Values = {}
    cells = [("", "")] + ([(f"sex:{s}", f"_{s}") for s in SEXES] if sex_field else [])
    for cell, suffix in cells:
        value = _percent(row[f"ok{suffix}"], row[f"n{suffix}"])
        if value is not None:
            out[cell] = value
    return out


def _distinct(qs: QuerySet, key: str, sex_field: str | None) -> Values:
    """Distinct ``key`` values of ``qs``, total and per sex (one query)."""
    fields: dict = {"n": Count(key, distinct=True)}
    if sex_field:
        for sex in SEXES:
            fields[sex] = Count(key, distinct=True, filter=Q(**{sex_field: sex}))
    row = qs.order_by().aggregate(**fields)
    out: Values = {"": Decimal(row["n"])}
    if sex_field:
        out.update({f"sex:{s}": Decimal(row[s]) for s in SEXES})
    return out


def first_contact_24h(first: date, last: date) -> Values:
    """Percent of protection cases whose first contact with the survivor came within 24 hours
    of the report (the case's own opening time when it has no report). Denominator: cases
    whose report was received (or, without one, that were opened) in the period; a case not
    contacted yet is not on time. By the person's sex."""
    start, end = _span(first, last)
    qs = Case.objects.annotate(began=Coalesce("report__received_at", "opened_at")).filter(
        began__gte=start, began__lt=end
    )
    deadline = ExpressionWrapper(F("began") + timedelta(hours=24), output_field=DateTimeField())
    on_time = Q(first_contact_at__isnull=False, first_contact_at__lte=deadline)
    return _share(qs, on_time, "person__sex")


def child_cases_notified_same_day(first: date, last: date) -> Values:
    """Percent of child cases notified to the child-protection agency the same day: the
    notification task every child's case gets (due at the end of the day the case was found
    to be a child's) done by its due time. Denominator: such tasks due in the period."""
    start, end = _span(first, last)
    qs = Task.objects.filter(
        kind=TaskKind.CHILD_PROTECTION_NOTIFICATION, due_at__gte=start, due_at__lt=end
    )
    return _share(qs, Q(done_at__isnull=False, done_at__lte=F("due_at")), None)


def referrals_answered_on_time(first: date, last: date) -> Values:
    """Percent of referrals answered (accepted or declined) by their answer's due time.
    Denominator: referrals sent in the period, except those withdrawn before an answer."""
    start, end = _span(first, last)
    qs = Referral.objects.filter(sent_at__gte=start, sent_at__lt=end).exclude(
        status=ReferralStatus.WITHDRAWN, answered_at__isnull=True
    )
    return _share(qs, Q(answered_at__isnull=False, answered_at__lte=F("due_at")), None)


def officers_certified_mandatory(first: date, last: date) -> Values:
    """Police officers (participants of police institutions) holding a certificate, not
    revoked, issued in the period, of a course mandatory for police institutions (any
    version of the course's code, by the course's owner). Each officer once. By sex."""
    rules = MandatoryCourse.objects.filter(institution_type=InstitutionType.POLICE).values_list(
        "course__code", "course__institution_id"
    )
    courses = Q()
    for code, owner in set(rules):
        courses |= Q(course_code=code, enrolment__session__course__institution_id=owner)
    if not courses:
        return {"": Decimal(0), **{f"sex:{s}": Decimal(0) for s in SEXES}}
    qs = Certificate.objects.filter(
        courses,
        revoked_at__isnull=True,
        issued_on__gte=first,
        issued_on__lte=last,
        enrolment__participant__institution__type=InstitutionType.POLICE,
    )
    return _distinct(qs, "enrolment__participant_id", "enrolment__participant__sex")


def persons_trained(first: date, last: date) -> Values:
    """Staff of any institution enrolled (not withdrawn) in a training session, not
    cancelled, that started in the period. Each person once. By sex."""
    qs = (
        Enrolment.objects.filter(session__starts_on__gte=first, session__starts_on__lte=last)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .exclude(session__status=SessionStatus.CANCELLED)
    )
    return _distinct(qs, "participant_id", "participant__sex")


def actions_done_on_time(first: date, last: date) -> Values:
    """Percent of committee action items due in the period (not cancelled) that were done on
    or before their due date."""
    qs = ActionItem.objects.filter(due_on__gte=first, due_on__lte=last).exclude(
        status=ActionStatus.CANCELLED
    )
    on_time = Q(status=ActionStatus.DONE, done_on__isnull=False, done_on__lte=F("due_on"))
    return _share(qs, on_time, None)


def convictions(first: date, last: date) -> Values:
    """Persons convicted (at trial or by a plea) of trafficking or a related offence: the
    defendants with a charge whose current outcome is a conviction dated in the period (as it
    stands after appeals). Each defendant once. By sex."""
    qs = Charge.objects.filter(outcome__in=SENTENCED, outcome_on__gte=first, outcome_on__lte=last)
    return _distinct(qs, "defendant_id", "defendant__sex")


def _add(code, label, unit, compute, disaggregations=(), direction=Direction.INCREASE):
    register(
        Computation(
            code=code,
            label=label,
            unit=unit,
            direction=direction,
            compute=compute,
            disaggregations=disaggregations,
            definition=(compute.__doc__ or "").strip(),
        )
    )


_add(
    "first_contact_24h",
    _("Victims with a first contact within 24 hours (%)"),
    Unit.PERCENT,
    first_contact_24h,
    ("sex",),
)
_add(
    "child_cases_notified_same_day",
    _("Child cases notified to child protection the same day (%)"),
    Unit.PERCENT,
    child_cases_notified_same_day,
)
_add(
    "referrals_answered_on_time",
    _("Referrals answered on time (%)"),
    Unit.PERCENT,
    referrals_answered_on_time,
)
_add(
    "officers_certified_mandatory",
    _("Police officers certified in a mandatory course"),
    Unit.NUMBER,
    officers_certified_mandatory,
    ("sex",),
)
_add("persons_trained", _("Persons trained"), Unit.NUMBER, persons_trained, ("sex",))
_add(
    "actions_done_on_time",
    _("Committee action items done on time (%)"),
    Unit.PERCENT,
    actions_done_on_time,
)
_add("convictions", _("Persons convicted"), Unit.NUMBER, convictions, ("sex",))
