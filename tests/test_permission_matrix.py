"""Who may call what: every (route, HTTP method) of the project, for every actor, with proof.

How to add a row (a new route, or a new method on a route)
----------------------------------------------------------
Add one ``spec(...)`` to ``SPECS`` (pages) or ``API_SPECS`` (API). A spec names the route and
method, how to build the URL (``kwargs``) and the body (``data``) from the world, and
``allow``: the actors who may do it and the status they get. Every other actor gets ``denied``
(404: out of scope is never 403), anonymous visitors get ``anon`` (302 to sign-in on pages, 401
on the API). The spec expands to one row per actor of ``ACTORS``. For example::

    spec(
        "api:token-list", "DELETE", SIGNED_IN, status=204,
        kwargs=kw(token_id=lambda w: ...),
        proof=Proof(count(ApiToken, user=lambda w: w["me"]), "accounts.api_token.revoked"),
    ),

A write (any method but GET) needs a ``proof``: ``Proof(snapshot, audit)`` where ``snapshot``
reads what the write changes (a field, a count of rows) and ``audit`` is the audit action it
records. An allowed row must change the snapshot AND write that audit event; a denied row
must leave the snapshot as it was AND write no such event. So an invalid form that redirects
with an error cannot pass as "allowed", and a write that slips through cannot pass as
"denied". POST data must therefore be valid. ``refuse={actor: status}`` names actors answered
with another status than 404 who must still change nothing (a form refusing another
institution's id). A second spec for the same pair takes a ``target=`` name (another record,
another action).

A GET on a page with personal data names ``shows``: text(s) (a case reference, a reporter's
name) that an allowed answer must contain; with ``sees=(actors)``, every other 200 answer must
NOT contain them (a list, a section the role may not read). ``anywhere=True`` marks a route
that names no record of the home institution (a list, a "new" form): the users of other
institutions then act like their home counterparts, on their own institution.

Actors: every shipped role template in the home institution, anonymous, three users of
another institution, a holder of each referral type's access grant, and a former grant holder
whose grant ended. The world is built once per test module (per xdist worker) and every row
runs inside a savepoint that is rolled back, so rows never see each other's writes.

A row that shows an access bug is marked ``xfail={actor: "the bug"}`` naming it; never encode
a bug as the expected answer.
"""

from __future__ import annotations

import importlib
import pkgutil
import zlib
from datetime import timedelta

import pyotp
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from ruta.accounts.models import ApiToken, Membership, Role, TOTPDevice, User
from ruta.accounts.services import credentials as auth
from ruta.audit import services as audit
from ruta.audit.models import AuditEvent
from ruta.care import services as care
from ruta.care.models import AssessmentTemplate, CarePlan, CareService
from ruta.care.models import CareGoal as Goal
from ruta.cases import services as cases
from ruta.cases.models import Attachment, Case, Consent, Note, Task
from ruta.core.choices import InstitutionType as T
from ruta.institutions.models import ContactPoint, Institution, Unit
from ruta.intake import services as intake
from ruta.intake.models import Report
from ruta.notifications.models import Notification
from ruta.people import services as people
from ruta.people.models import Person
from ruta.prosecution.models import (
    AggravatingCircumstance,
    CompensationPayment,
    ConfiscatedAsset,
    CriminalFile,
    Defendant,
    FileVictim,
    Hearing,
    Offence,
    Operation,
    ProtectionMeasure,
    StageTimeLimit,
)
from ruta.prosecution.models import Appeal as PAppeal
from ruta.prosecution.models import Charge as PCharge
from ruta.prosecution.models import Verdict as PVerdict
from ruta.referrals import services as referrals
from ruta.referrals.models import Referral, ServiceOffering, Transfer
from tests.coordination import world as coordination_world
from tests.factories import (
    actor_of,
    carried_all,
    carried_fields,
    carried_rows,
    make_institution,
    make_unit,
    make_user,
)
from tests.matrix import Proof, Row, uncovered_pairs, unknown_pairs
from tests.matrix_spec import (
    ACTORS,
    ADM,
    AUD,
    CASE_EDITORS,
    CASE_OWNERS,
    ERI,
    G_CARE,
    G_CHILD,
    G_CONS,
    G_END,
    G_HEALTH,
    G_LEGAL,
    GRANTS,
    HOT,
    INV,
    LAB,
    MEA,
    OVS,
    PLA,
    PROS,
    RECEIVERS,
    ROLE_TEMPLATES,
    SEC,
    SIGNED_IN,
    STRANGERS,
    SUP,
    TRN,
    X_ADM,
    X_AUD,
    X_ERI,
    A,
    Spec,
    W,
    World,
    case_of,
    count,
    everyone,
    kw,
    pk,
    pspec,
    spec,
    today,
    value,
    version,
)
from tests.prevention import (
    matrix_certificates,
    matrix_courses,
    matrix_imports,
    matrix_outreach,
    matrix_people,
    matrix_reports,
)
from tests.prevention import world as prevention_world
from tests.prosecution import world as prosecution_world
from tests.prosecution.world import F_END, F_INV, F_PROS
from tests.results import world as results_world


def _pdf(_w=None):
    return SimpleUploadedFile("acta.pdf", b"%PDF-1.4 prueba", content_type="application/pdf")


def _my_membership(w) -> Membership:
    return w["memberships"][w["me_name"]] if w["me"] else w["subject_membership"]


def _role(code: str) -> Role:
    return Role.objects.get(code=code)


def _es(text: str) -> str:
    """A message as the pages show it (in Spanish, the users' language)."""
    with translation.override("es"):
        return translation.gettext(text)


def _totp_code(w):
    """A right code for a device the actor just began to enrol."""
    if w["me"] is None:
        return {"code": "000000"}
    device = auth.totp_setup_begin(user=w["me"])
    return {"code": pyotp.TOTP(device.secret).now()}


def _my_token(w) -> ApiToken:
    """The acting user's own API token (anonymous: any one, which they cannot reach)."""
    tokens = ApiToken.objects.order_by("created_at")
    return (tokens.filter(user=w["me"]) if w["me"] else tokens).first()


def _someone_elses_token(w) -> ApiToken:
    return ApiToken.objects.exclude(user=w["me"]).order_by("created_at").first()


def _my_notification(w) -> Notification:
    """The acting user's own notification (anonymous: any one, which they cannot reach)."""
    notifications = Notification.objects.order_by("created_at", "pk")
    return (notifications.filter(user=w["me"]) if w["me"] else notifications).first()


def _someone_elses_notification(w) -> Notification:
    return Notification.objects.exclude(user=w["me"]).order_by("created_at", "pk").first()


def _unread_notifications(w) -> tuple:
    return tuple(Notification.objects.filter(read_at__isnull=True).order_by("pk").values_list("pk"))


def _working_tokens(w) -> tuple:
    return tuple(ApiToken.objects.filter(revoked_at__isnull=True).order_by("pk").values_list("pk"))


CASE_KW = kw(case_id=pk("case"))
NOT_SIGNED_IN = dict.fromkeys(SIGNED_IN, 302)


# --- prosecution slice 2: the people of a criminal file (helpers) ---
def _offence_code(w):
    return w["charge"].offence.code


P2_DEFENDANT = {"given_names": "Nuevo", "first_surname": "Sospechoso", "sex": "male"}
P2_VICTIM = {"given_names": "Nueva", "first_surname": "Testiga"}


SPECS: list[Spec] = [
    everyone(
        "web:home",
        "GET",
        target="work",  # "my work": the overdue task of the case; a grant's shared cases
        shows=lambda w: w["case"].reference,
        sees=(ERI, W, SUP, PROS, *GRANTS),
    ),
    # --- Public, sign-in and one's own account -----------------------------------------------
    everyone(
        "web:home",
        "GET",
        shows=lambda w: _es("Open the referrals"),  # the referrals card
        sees=(ERI, W, SUP, PROS, X_ERI, *GRANTS, G_END),
    ),
    everyone("healthz", "GET", anon=200),
    everyone(
        "set_language",
        "POST",
        302,
        anon=302,
        data=lambda w: {"language": "en", "next": "/"},
        proof=Proof(
            lambda w: None,
            None,
            response_check=lambda r: (
                "django_language" in str(r.cookies) or "ruta_language" in str(r.cookies)
            ),
        ),
    ),
    spec("accounts:login", "GET", NOT_SIGNED_IN, anon=200),
    spec(
        "accounts:login",
        "POST",
        NOT_SIGNED_IN,
        anon=302,
        data=lambda w: {"username": w["login_user"].username, "password": w["password"]},
        proof=Proof(
            count(AuditEvent, action=lambda w: "accounts.user.signed_in"), "accounts.user.signed_in"
        ),
        anon_writes=True,
    ),
    spec("accounts:login-verify", "GET", NOT_SIGNED_IN, anon=302),
    spec(
        "accounts:login-verify",
        "POST",
        NOT_SIGNED_IN,
        anon=302,
        data=lambda w: {"code": "000000"},
        proof=Proof(lambda w: None, "accounts.user.signed_in"),
        actors=(A,),
    ),
    everyone(
        "accounts:logout",
        "POST",
        302,
        proof=Proof(lambda w: None, "accounts.user.signed_out"),
    ),
    everyone(
        "accounts:logout-everywhere",
        "POST",
        302,
        proof=Proof(
            lambda w: tuple(User.objects.order_by("pk").values_list("session_epoch", flat=True)),
            "accounts.user.credentials_revoked",
        ),
    ),
    everyone("accounts:totp-setup", "GET"),
    spec(
        "accounts:totp-setup",
        "POST",
        dict.fromkeys(SIGNED_IN, 302),
        data=_totp_code,
        proof=Proof(
            count(TOTPDevice, confirmed_at__isnull=lambda w: False), "accounts.totp.confirmed"
        ),
    ),
    everyone("accounts:password-change", "GET"),
    everyone(
        "accounts:password-change",
        "POST",
        302,
        data=lambda w: {
            "old_password": w["password"],
            "new_password1": "otra frase de paso larga 2026",
            "new_password2": "otra frase de paso larga 2026",
        },
        proof=Proof(
            lambda w: tuple(User.objects.order_by("pk").values_list("password", flat=True)),
            "accounts.user.password_changed",
        ),
    ),
    everyone(
        "accounts:password-reset-confirm",
        "GET",
        400,
        anon=400,
        kwargs=lambda w: {"uidb64": "AAAA", "token": "x"},
    ),
    spec(
        "accounts:password-reset-confirm",
        "POST",
        {},
        denied=400,
        anon=400,
        kwargs=lambda w: {"uidb64": "AAAA", "token": "x"},
        data=lambda w: {
            "new_password1": "una frase larga 2026",
            "new_password2": "una frase larga 2026",
        },
        proof=Proof(
            lambda w: tuple(User.objects.order_by("pk").values_list("password", flat=True)),
            "accounts.user.password_reset_completed",
        ),
    ),
    everyone("accounts:account", "GET"),
    # My API tokens: each person revokes their own; another person's token is out of reach.
    everyone(
        "accounts:token-revoke",
        "POST",
        302,
        kwargs=kw(token_id=lambda w: _my_token(w).pk),
        proof=Proof(_working_tokens, "accounts.api_token.revoked"),
    ),
    spec(
        "accounts:token-revoke",
        "POST",
        (),
        target="someone-else",
        kwargs=kw(token_id=lambda w: _someone_elses_token(w).pk),
        proof=Proof(_working_tokens, "accounts.api_token.revoked"),
    ),
    everyone(
        "accounts:notification-preferences",
        "POST",
        302,
        data=lambda w: {},  # unticked: turns e-mail notifications off
        proof=Proof(
            lambda w: tuple(
                User.objects.order_by("pk").values_list("email_notifications", flat=True)
            ),
            "accounts.user.preferences_changed",
        ),
    ),
    spec(
        "accounts:membership-switch",
        "POST",
        {ERI: 302},
        denied=302,
        data=lambda w: {"membership": str(w["second_membership"].pk)},
        proof=Proof(lambda w: None, "accounts.membership.switched"),
    ),
    # "You have no membership": a page, not an answer about a record.
    spec("accounts:no-membership", "GET", dict.fromkeys(SIGNED_IN, 403), anon=302),
    # --- Users, memberships and roles ----------------------------------------------------------
    spec(
        "accounts:user-list",
        "GET",
        (ADM, PLA, X_ADM),
        anywhere=True,
        sees=(ADM, PLA),
        shows=lambda w: w["subject"].username,
    ),
    spec("accounts:user-create", "GET", (ADM, PLA, X_ADM), anywhere=True),
    spec(
        "accounts:user-create",
        "POST",
        (ADM, PLA),
        refuse={X_ADM: 400},
        data=lambda w: {
            "username": "nueva.persona",
            "first_name": "Nueva",
            "last_name": "Persona",
            "email": "nueva@example.org",
            "preferred_language": "es",
            "institution": str(w["home"].pk),
            "role": str(Role.objects.get(code=W).pk),
        },
        proof=Proof(count(User, username=lambda w: "nueva.persona"), "accounts.user.created"),
    ),
    spec(
        "accounts:user-detail",
        "GET",
        (ADM, PLA),
        kwargs=kw(user_id=pk("subject")),
        shows=lambda w: w["subject"].username,
    ),
    spec(
        "accounts:user-detail",
        "POST",
        (ADM, PLA),
        kwargs=kw(user_id=pk("subject")),
        data=lambda w: {
            "version": w["subject"].version,
            "first_name": "Cambiado",
            "last_name": "Apellido",
            "email": w["subject"].email,
            "preferred_language": "es",
        },
        proof=Proof(value(User, "subject", "first_name"), "accounts.user.updated"),
    ),
    spec(
        "accounts:user-deactivate",
        "POST",
        (ADM, PLA),
        kwargs=kw(user_id=pk("subject")),
        data=lambda w: {"version": w["subject"].version},
        proof=Proof(value(User, "subject", "is_active"), "accounts.user.deactivated"),
    ),
    spec(
        "accounts:user-activate",
        "POST",
        (ADM, PLA),
        kwargs=kw(user_id=pk("dormant_user")),
        data=lambda w: {"version": w["dormant_user"].version},
        proof=Proof(value(User, "dormant_user", "is_active"), "accounts.user.activated"),
    ),
    spec(
        "accounts:user-unlock",
        "POST",
        (ADM, PLA),
        kwargs=kw(user_id=pk("locked_user")),
        proof=Proof(value(User, "locked_user", "locked_until"), "accounts.user.unlocked"),
    ),
    spec(
        "accounts:user-reset-password",
        "POST",
        (ADM, PLA),
        kwargs=kw(user_id=pk("subject")),
        proof=Proof(value(User, "subject", "password"), "accounts.user.password_reset_requested"),
    ),
    spec(
        "accounts:user-reset-2fa",
        "POST",
        (ADM, PLA),
        kwargs=kw(user_id=pk("subject")),
        proof=Proof(count(TOTPDevice, user=pk("subject")), "accounts.totp.reset"),
    ),
    spec(
        "accounts:membership-create",
        "POST",
        (PLA,),
        refuse={ADM: 302, X_ADM: 404},
        kwargs=kw(user_id=pk("subject")),
        data=lambda w: {
            "new-institution": str(w["other"].pk),
            "new-role": str(Role.objects.get(code=TRN).pk),
        },
        proof=Proof(count(Membership, user=pk("subject")), "accounts.membership.created"),
    ),
    spec(
        "accounts:membership-update",
        "POST",
        (ADM, PLA),
        kwargs=kw(membership_id=pk("subject_membership")),
        data=lambda w: {
            f"m{w['subject_membership'].pk.hex[:8]}-version": w["subject_membership"].version,
            f"m{w['subject_membership'].pk.hex[:8]}-role": str(Role.objects.get(code=TRN).pk),
            f"m{w['subject_membership'].pk.hex[:8]}-is_active": "on",
        },
        proof=Proof(
            value(Membership, "subject_membership", "role_id"), "accounts.membership.updated"
        ),
    ),
    spec("accounts:role-list", "GET", (PLA,)),
    spec("accounts:role-create", "GET", (PLA,)),
    spec(
        "accounts:role-create",
        "POST",
        (PLA,),
        data=lambda w: {
            "code": "nuevo_rol",
            "name": "Nuevo rol",
            "scope": "own",
            "capabilities": ["cases.view"],
        },
        proof=Proof(count(Role, code=lambda w: "nuevo_rol"), "accounts.role.created"),
    ),
    spec(
        "accounts:role-edit",
        "GET",
        (PLA,),
        kwargs=kw(role_id=lambda w: Role.objects.get(code=TRN).pk),
    ),
    spec(
        "accounts:role-edit",
        "POST",
        (PLA,),
        kwargs=kw(role_id=lambda w: Role.objects.get(code=TRN).pk),
        data=lambda w: {
            "version": Role.objects.get(code=TRN).version,
            "name": "Formadora",
            "scope": "institution",
            "capabilities": ["prevention.view"],
        },
        proof=Proof(lambda w: Role.objects.get(code=TRN).capabilities, "accounts.role.updated"),
    ),
    # --- Prosecution code lists (platform administrator) ----------------------------------------
    spec("prosecution:code-lists", "GET", (PLA,), shows=lambda w: w["trafficking"].code),
    spec("prosecution:offence-new", "GET", (PLA,)),
    spec(
        "prosecution:offence-new",
        "POST",
        (PLA,),
        data=lambda w: {
            "code": "nuevo_delito",
            "classification": "related",
            "label_es": "Delito nuevo",
            "label_en": "New offence",
            "label_fr": "Nouvelle infraction",
            "is_active": "on",
        },
        proof=Proof(count(Offence, code=lambda w: "nuevo_delito"), "prosecution.offence.created"),
    ),
    spec("prosecution:offence-edit", "GET", (PLA,), kwargs=kw(entry_id=pk("related"))),
    spec(
        "prosecution:offence-edit",
        "POST",
        (PLA,),
        kwargs=kw(entry_id=pk("related")),
        data=lambda w: {
            "version": w["related"].version,
            "code": w["related"].code,
            "classification": "related",
            "article": "Art. 999",
            **{f"label_{k}": v for k, v in w["related"].labels.items()},
            "is_active": "on",
        },
        proof=Proof(value(Offence, "related", "article"), "prosecution.offence.updated"),
    ),
    spec("prosecution:aggravating-new", "GET", (PLA,)),
    spec(
        "prosecution:aggravating-new",
        "POST",
        (PLA,),
        data=lambda w: {
            "code": "nueva_agravante",
            "label_es": "Agravante nueva",
            "label_en": "New circumstance",
            "label_fr": "Nouvelle circonstance",
            "is_active": "on",
        },
        proof=Proof(
            count(AggravatingCircumstance, code=lambda w: "nueva_agravante"),
            "prosecution.aggravating.created",
        ),
    ),
    spec("prosecution:aggravating-edit", "GET", (PLA,), kwargs=kw(entry_id=pk("aggravating"))),
    spec(
        "prosecution:aggravating-edit",
        "POST",
        (PLA,),
        kwargs=kw(entry_id=pk("aggravating")),
        data=lambda w: {
            "version": w["aggravating"].version,
            "code": w["aggravating"].code,
            "article": "Art. 998",
            **{f"label_{k}": v for k, v in w["aggravating"].labels.items()},
            "is_active": "on",
        },
        proof=Proof(
            value(AggravatingCircumstance, "aggravating", "article"),
            "prosecution.aggravating.updated",
        ),
    ),
    spec(
        "prosecution:time-limit-edit",
        "POST",
        (PLA,),
        kwargs=lambda w: {"stage": "investigation"},
        data=lambda w: {
            "version": StageTimeLimit.objects.get(stage="investigation").version,
            "days": 200,
        },
        proof=Proof(
            lambda w: StageTimeLimit.objects.get(stage="investigation").days,
            "prosecution.time_limit.updated",
        ),
    ),
    # --- Institutions -------------------------------------------------------------------------
    everyone("institutions:institution-list", "GET", shows=lambda w: w["home"].name),
    spec("institutions:institution-create", "GET", (PLA,)),
    spec(
        "institutions:institution-create",
        "POST",
        (PLA,),
        data=lambda w: {
            "name": "Institución nueva",
            "type": "shelter",
            "is_active": "on",
            "first_contact_hours": 24,
        },
        proof=Proof(
            count(Institution, name=lambda w: "Institución nueva"),
            "institutions.institution.created",
        ),
    ),
    everyone("institutions:institution-detail", "GET", kwargs=kw(institution_id=pk("home"))),
    spec(
        "institutions:institution-detail",
        "GET",
        (PLA,),
        target="inactive",
        kwargs=kw(institution_id=pk("inactive")),
    ),
    spec("institutions:institution-edit", "GET", (PLA,), kwargs=kw(institution_id=pk("home"))),
    spec(
        "institutions:institution-edit",
        "POST",
        (PLA,),
        kwargs=kw(institution_id=pk("home")),
        data=lambda w: {
            "version": w["home"].version,
            "name": "Nombre nuevo",
            "type": w["home"].type,
            "is_active": "on",
            "first_contact_hours": 24,
        },
        proof=Proof(value(Institution, "home", "name"), "institutions.institution.updated"),
    ),
    spec(
        "institutions:institution-details-edit",
        "POST",
        (ADM, PLA),
        kwargs=kw(institution_id=pk("home")),
        data=lambda w: {
            "details-version": w["home"].version,
            "details-description": "Descripción nueva",
            "details-first_contact_hours": 24,
            "details-referral_answer_days": 3,
            "details-referral_urgent_hours": 24,
            "details-plan_review_days": "30, 90",
        },
        proof=Proof(
            value(Institution, "home", "description", "referral_answer_days"),
            "institutions.institution.updated",
        ),
    ),
    spec(
        "institutions:unit-create",
        "POST",
        (ADM, PLA),
        kwargs=kw(institution_id=pk("home")),
        data=lambda w: {"units-name": "Oficina de prueba"},
        proof=Proof(count(Unit, institution=pk("home")), "institutions.unit.created"),
    ),
    spec(
        "institutions:contact-point-create",
        "POST",
        (ADM, PLA),
        kwargs=kw(institution_id=pk("home")),
        data=lambda w: {"contacts-name": "Punto de contacto de prueba"},
        proof=Proof(
            count(ContactPoint, institution=pk("home")), "institutions.contact_point.created"
        ),
    ),
    # --- Audit and notifications --------------------------------------------------------------
    spec("audit:event-list", "GET", (AUD, OVS, X_AUD), anywhere=True),
    everyone("notifications:notification-list", "GET"),
    spec(
        "notifications:notification-read-all",
        "POST",
        dict.fromkeys(SIGNED_IN, 302),
        data=lambda w: {},
        proof=Proof(
            count(Notification, read_at__isnull=lambda w: True, user=lambda w: w["me"]),
            "notifications.notification.read",
        ),
    ),
    # --- Intake -------------------------------------------------------------------------------
    everyone("intake:public-report", "GET", anon=200),
    everyone(
        "intake:public-report",
        "POST",
        302,
        anon=302,
        data=lambda w: {"narrative": "Hay menores trabajando de noche en un taller."},
        anon_writes=True,
        proof=Proof(lambda w: Report.objects.count(), "intake.report.received_public"),
    ),
    everyone("intake:public-report-thanks", "GET", 302, anon=302),
    spec(
        "intake:report-queue",
        "GET",
        (HOT, ERI, W, SUP, INV, LAB),
        anywhere=True,
        shows=lambda w: w["report"].reference,
        sees=(HOT, ERI, SUP),
    ),
    spec("intake:report-create", "GET", (HOT, ERI, W, INV, LAB), anywhere=True),
    spec(
        "intake:report-create",
        "POST",
        (HOT, ERI, W, INV, LAB),
        anywhere=True,
        data=lambda w: {
            "channel": "hotline",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "narrative": "Relato nuevo",
            "reporter_anonymous": "on",
            "people-TOTAL_FORMS": "0",
            "people-INITIAL_FORMS": "0",
        },
        proof=Proof(lambda w: Report.objects.count(), "intake.report.created"),
    ),
    spec(
        "intake:report-detail",
        "GET",
        (HOT, ERI, SUP),
        kwargs=kw(report_id=pk("report")),
        shows=lambda w: (w["report"].reference, "Informante Reservado", "Relato de prueba"),
    ),
    spec(
        "intake:report-take",
        "POST",
        (ERI, SUP),
        kwargs=kw(report_id=pk("report")),
        data=lambda w: {"version": w["report"].version},
        proof=Proof(value(Report, "report", "status", "taken_by_id"), "intake.report.taken"),
    ),
    spec(
        "intake:report-accept",
        "POST",
        (ERI, SUP),
        kwargs=kw(report_id=pk("taken_report")),
        data=lambda w: {"version": version("taken_report")(w)},
        proof=Proof(value(Report, "taken_report", "status"), "intake.report.accepted"),
    ),
    spec(
        "intake:report-close",
        "POST",
        (ERI, SUP),
        kwargs=kw(report_id=pk("taken_report")),
        data=lambda w: {
            "version": version("taken_report")(w),
            "reason": "other",
            "referral_information": "Se orientó a la persona hacia la oficina municipal.",
        },
        proof=Proof(value(Report, "taken_report", "status"), "intake.report.closed"),
    ),
    # --- People -------------------------------------------------------------------------------
    spec("people:person-search", "GET", (ERI, W, SUP, PROS, INV), anywhere=True),
    spec(
        "people:person-search",
        "POST",
        (ERI, W, SUP, PROS, INV),
        anywhere=True,
        status=200,
        data=lambda w: {"q": "ana prueba"},
        proof=Proof(lambda w: None, None),
    ),
    spec("people:person-create", "GET", (ERI, W, PROS, INV), anywhere=True),
    spec(
        "people:person-create",
        "POST",
        (ERI, W, PROS, INV),  # prosecutors record suspects
        anywhere=True,
        data=lambda w: {
            "given_names": "Lucía",
            "first_surname": "Nueva",
            "sex": "unknown",
            "gender": "NonSpecifiedUnknown",
            "document_type": "",
            "document_country": "",
        },
        proof=Proof(count(Person, first_surname=lambda w: "Nueva"), "people.person.created"),
    ),
    spec(
        "people:person-matches",
        "POST",
        (ERI, W, PROS, INV),  # prosecutors record suspects
        anywhere=True,
        status=200,
        data=lambda w: {"given_names": "Ana", "first_surname": "Prueba"},
        proof=Proof(lambda w: None, None),
    ),
    spec(
        "people:person-detail",
        "GET",
        (ERI, SUP, PROS),
        kwargs=kw(person_id=pk("person")),
        shows=lambda w: ("Prueba", "Tel 9999-1111"),
    ),
    spec("people:person-edit", "GET", (ERI, SUP), kwargs=kw(person_id=pk("person"))),
    spec(
        "people:person-edit",
        "POST",
        (ERI, SUP),
        kwargs=kw(person_id=pk("person")),
        data=lambda w: {
            "version": w["person"].version,
            "given_names": "Ana",
            "first_surname": "Prueba",
            "aliases": "Anita",
            "sex": "unknown",
            "gender": "NonSpecifiedUnknown",
        },
        proof=Proof(value(Person, "person", "aliases"), "people.person.updated"),
    ),
    # --- Cases --------------------------------------------------------------------------------
    spec(
        "cases:case-list",
        "GET",
        (ERI, W, SUP, PROS, INV),
        anywhere=True,
        shows=lambda w: w["case"].reference,
        # The default list is the institution's work: its cases and those shared with it
        # through an active grant (not an ended one).
        sees=(*CASE_OWNERS, *GRANTS),
    ),
    spec("cases:case-open", "GET", (ERI, W), anywhere=True),
    spec(
        "cases:case-open",
        "POST",
        (ERI,),
        data=lambda w: {"person": str(w["person2"].pk), "victim_type": "direct"},
        proof=Proof(count(Case, person=pk("person2")), "cases.case.opened"),
    ),
    spec(
        "cases:case-detail",
        "GET",
        (*CASE_OWNERS, *GRANTS),
        kwargs=CASE_KW,
        shows=lambda w: w["case"].reference,
    ),
    spec(
        "cases:case-summary",
        "POST",
        (*CASE_OWNERS, *GRANTS),
        status=200,
        kwargs=CASE_KW,
        data=lambda w: {"summary-purpose": "court"},
        # Nothing in the case changes: the export is proved by its audit event and the PDF.
        proof=Proof(
            lambda w: None,
            "cases.case.summary_exported",
            response_check=lambda r: r.content.startswith(b"%PDF"),
        ),
    ),
    spec("cases:case-events-form", "GET", (ERI, W, SUP), kwargs=CASE_KW),
    spec("cases:case-facts-form", "GET", (ERI, W, SUP), kwargs=CASE_KW),
    spec(
        "cases:case-assign",
        "POST",
        (ERI, SUP),
        kwargs=CASE_KW,
        data=lambda w: {"version": version("case")(w), "assignee": str(w["actors"][ERI].pk)},
        proof=Proof(value(Case, "case", "assigned_to_id"), "cases.case.assigned"),
    ),
    spec(
        "cases:case-first-contact",
        "POST",
        (ERI, W, SUP),
        kwargs=CASE_KW,
        data=lambda w: {
            "version": version("case")(w),
            "at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
        proof=Proof(value(Case, "case", "first_contact_at"), "cases.case.first_contact"),
    ),
    spec("cases:case-close-request", "GET", (W, SUP), kwargs=CASE_KW),
    spec(
        "cases:case-close-request",
        "POST",
        (W, SUP),
        kwargs=CASE_KW,
        data=lambda w: {
            "version": version("case")(w),
            "reason": "moved",
            "note": "Se mudó",
            **carried_fields(w["case"]),
        },
        proof=Proof(value(Case, "case", "closure_requested_at"), "cases.case.closure_requested"),
    ),
    spec(
        "cases:case-identification",
        "POST",
        (ERI, SUP),
        kwargs=CASE_KW,
        data=lambda w: {
            "version": version("case")(w),
            "status": "presumed",
            "decided_on": today(),
            "deciding_organisation_type": "",
            "basis": "Indicadores",
        },
        proof=Proof(lambda w: w["case"].identifications.count(), "cases.identification.decided"),
    ),
    spec(
        "cases:case-facts",
        "POST",
        (ERI, W, SUP),
        kwargs=CASE_KW,
        data=lambda w: {
            "version": version("case")(w),
            "forms_of_exploitation": ["forced_labour"],
            "relationship_to_recruiter": w["case"].relationship_to_recruiter,
        },
        proof=Proof(value(Case, "case", "forms_of_exploitation"), "cases.case.facts_updated"),
    ),
    spec(
        "cases:case-events",
        "POST",
        (ERI, W, SUP),
        kwargs=CASE_KW,
        data=lambda w: {"type": "recruitment", "country": "HND"},
        proof=Proof(lambda w: w["case"].events.count(), "cases.event.added"),
    ),
    spec(
        "cases:case-close-decision",
        "POST",
        (SUP,),  # a supervisor decides; the coordinator may not approve closures
        kwargs=kw(case_id=pk("closing_case")),
        data=lambda w: {
            "version": version("closing_case")(w),
            "decision": "approve",
            "comment": "",
        },
        proof=Proof(value(Case, "closing_case", "status"), "cases.case.closed"),
    ),
    spec(
        "cases:case-reopen",
        "POST",
        (ERI, SUP),
        kwargs=kw(case_id=pk("closed_case")),
        data=lambda w: {"version": version("closed_case")(w), "justification": "Hechos nuevos"},
        proof=Proof(value(Case, "closed_case", "status"), "cases.case.reopened"),
    ),
    spec(
        "cases:case-note",
        "POST",
        (*CASE_EDITORS, G_LEGAL, G_CHILD),
        kwargs=CASE_KW,
        data=lambda w: {"sensitivity": "general", "body": "Nota nueva"},
        proof=Proof(count(Note, case=case_of), "cases.note.added"),
    ),
    spec(
        "cases:case-note",
        "POST",
        (ERI, SUP, W, G_CARE, G_HEALTH, G_CHILD),
        target="care-note",
        kwargs=CASE_KW,
        data=lambda w: {"sensitivity": "care", "body": "Llegó al albergue"},
        proof=Proof(count(Note, case=case_of), "cases.note.added"),
    ),
    spec(
        "cases:case-attachment",
        "POST",
        (*CASE_EDITORS, G_LEGAL, G_CHILD),
        kwargs=CASE_KW,
        data=lambda w: {"sensitivity": "general", "file": _pdf()},
        proof=Proof(count(Attachment, case=case_of), "cases.attachment.added"),
    ),
    spec(
        "cases:attachment-download",
        "GET",
        (*CASE_OWNERS, G_LEGAL, G_CHILD),
        kwargs=kw(attachment_id=pk("attachment")),
    ),
    spec(
        "cases:case-consent",
        "POST",
        CASE_EDITORS,
        kwargs=CASE_KW,
        data=lambda w: {"purpose": "statistics", "given_by": "person", "given_on": today()},
        proof=Proof(count(Consent, case=case_of), "cases.consent.recorded"),
    ),
    spec(
        "cases:consent-withdraw",
        "POST",
        CASE_EDITORS,
        kwargs=kw(consent_id=pk("consent")),
        data=lambda w: {},
        proof=Proof(value(Consent, "consent", "withdrawn_on"), "cases.consent.withdrawn"),
    ),
    spec("cases:case-screening", "GET", (ERI, W), kwargs=CASE_KW),
    spec(
        "cases:case-screening",
        "POST",
        (ERI, W),
        kwargs=CASE_KW,
        data=lambda w: {"instrument": str(w["instrument"].pk), "q-dr_job": "yes"},
        proof=Proof(lambda w: w["case"].screenings.count(), "cases.screening.recorded"),
    ),
    spec(
        "cases:task-complete",
        "POST",
        CASE_EDITORS,
        kwargs=kw(task_id=pk("task")),
        data=lambda w: {"note": "Hecho"},
        proof=Proof(value(Task, "task", "done_at"), "cases.task.completed"),
    ),
    # --- Care ---------------------------------------------------------------------------------
    spec(
        "care:care",
        "GET",
        (ERI, W, SUP, G_CARE, G_HEALTH, G_CHILD),
        kwargs=CASE_KW,
        shows=lambda w: "Estabilizar",
    ),
    spec(
        "care:assessment-new",
        "GET",
        (ERI, W, SUP),
        kwargs=CASE_KW,
        data=lambda w: {"template": str(AssessmentTemplate.objects.get(code="risk").pk)},
    ),
    spec(
        "care:assessment-new",
        "POST",
        (ERI, W, SUP),
        kwargs=CASE_KW,
        data=lambda w: {"template": str(AssessmentTemplate.objects.get(code="risk").pk)},
        proof=Proof(lambda w: w["case"].assessments.count(), "care.assessment.recorded"),
    ),
    spec(
        "care:plan-create",
        "POST",
        (ERI, W, SUP),
        target="no-plan",
        kwargs=kw(case_id=pk("bare_case")),
        data=lambda w: {"objectives": "Vivienda", "started_on": today()},
        proof=Proof(count(CarePlan, case=pk("bare_case")), "care.plan.created"),
    ),
    spec(
        "care:plan-edit",
        "POST",
        (ERI, W, SUP),
        kwargs=CASE_KW,
        data=lambda w: {"version": version("plan")(w), "objectives": "Vivienda y salud"},
        proof=Proof(value(CarePlan, "plan", "objectives"), "care.plan.updated"),
    ),
    spec(
        "care:goal-add",
        "POST",
        (ERI, W, SUP),
        kwargs=CASE_KW,
        data=lambda w: {"area": "Medical", "description": "Chequeo médico"},
        proof=Proof(count(Goal, plan=pk("plan")), "care.goal.created"),
    ),
    spec(
        "care:review-add",
        "POST",
        (ERI, W, SUP),
        kwargs=CASE_KW,
        data=lambda w: {
            "version": version("plan")(w),
            "reviewed_on": today(),
            "outcome": "continue",
            "summary": "Va bien",
        },
        proof=Proof(lambda w: w["plan"].reviews.count(), "care.review.recorded"),
    ),
    spec(
        "care:service-add",
        "POST",
        (ERI, W, SUP, G_CARE, G_HEALTH, G_CHILD),
        kwargs=CASE_KW,
        data=lambda w: {
            "type": "Medical",
            "responsible": str((w["me_inst"] or w["home"]).pk),
            "due_on": today(),
        },
        proof=Proof(count(CareService, plan=pk("plan")), "care.service.created"),
    ),
    spec(
        "care:goal-status",
        "POST",
        (ERI, W, SUP),
        kwargs=kw(goal_id=pk("goal")),
        data=lambda w: {"version": version("goal")(w), "status": "achieved"},
        proof=Proof(value(Goal, "goal", "status"), "care.goal.updated"),
    ),
    spec(
        "care:service-status",
        "POST",
        (ERI, W, SUP),
        kwargs=kw(service_id=pk("service")),
        data=lambda w: {"version": version("service")(w), "status": "in_progress"},
        proof=Proof(value(CareService, "service", "status"), "care.service.updated"),
    ),
    spec(
        "care:delivery-add",
        "POST",
        (ERI, W, SUP, G_CARE),
        target="theirs",
        kwargs=kw(service_id=pk("shelter_service")),
        data=lambda w: {"delivered_on": today(), "note": "Primera noche"},
        proof=Proof(lambda w: w["shelter_service"].deliveries.count(), "care.delivery.recorded"),
    ),
    # --- Referrals and transfers --------------------------------------------------------------
    everyone("referrals:directory", "GET"),
    spec(
        "referrals:offering-save",
        "POST",
        (ADM, PLA, X_ADM),
        data=lambda w: {"service": "Legal", "is_active": "on"},
        proof=Proof(lambda w: ServiceOffering.objects.count(), "referrals.offering.created"),
    ),
    spec(
        "referrals:referral-list",
        "GET",
        (ERI, W, SUP, PROS, INV, *GRANTS, G_END, X_ERI),
        anywhere=True,
    ),
    spec("referrals:referral-new", "GET", (ERI, W, SUP), kwargs=CASE_KW),
    spec(
        "referrals:referral-new",
        "POST",
        (ERI, W, SUP),
        kwargs=CASE_KW,
        data=lambda w: {
            "type": "care",
            "services": ["Shelter"],
            "to_institution": str(w["ended_inst"].pk),
        },
        proof=Proof(count(Referral, case=case_of), "referrals.referral.sent"),
    ),
    spec(
        "referrals:referral-detail",
        "GET",
        (ERI, W, SUP, PROS, G_CARE),
        kwargs=kw(referral_id=pk("referral")),
        shows=lambda w: w["case"].reference,
    ),
    spec(
        "referrals:referral-withdraw",
        "POST",
        (ERI, W, SUP),
        kwargs=kw(referral_id=pk("referral")),
        data=lambda w: {
            "withdraw-version": version("referral")(w),
            "withdraw-reason": "Ya no aplica",
        },
        proof=Proof(value(Referral, "referral", "status"), "referrals.referral.withdrawn"),
    ),
    spec(
        "referrals:referral-accept",
        "POST",
        (G_CONS,),
        kwargs=kw(referral_id=pk("pending_referral")),
        data=lambda w: {"version": version("pending_referral")(w)},
        proof=Proof(value(Referral, "pending_referral", "status"), "referrals.referral.accepted"),
    ),
    spec(
        "referrals:referral-decline",
        "POST",
        (G_CONS,),
        kwargs=kw(referral_id=pk("pending_referral")),
        data=lambda w: {
            "decline-version": version("pending_referral")(w),
            "decline-reason": "Sin cupo",
        },
        proof=Proof(value(Referral, "pending_referral", "status"), "referrals.referral.declined"),
    ),
    spec(
        "referrals:referral-assign",
        "POST",
        (G_CARE,),
        kwargs=kw(referral_id=pk("referral")),
        data=lambda w: {
            "assign-version": version("referral")(w),
            "assign-assigned_to": str(w["shelter_colleague"].pk),
        },
        proof=Proof(value(Referral, "referral", "assigned_to_id"), "referrals.referral.assigned"),
    ),
    spec(
        "referrals:referral-complete",
        "POST",
        (ERI, W, SUP, G_CARE),
        kwargs=kw(referral_id=pk("referral")),
        data=lambda w: {
            "version": version("referral")(w),
            "outcome": "successful",
            "reason": "",
            "note": "",
        },
        proof=Proof(value(Referral, "referral", "status"), "referrals.referral.completed"),
    ),
    spec("referrals:transfer-new", "GET", (ERI, SUP), kwargs=CASE_KW),
    spec(
        "referrals:transfer-new",
        "POST",
        (ERI, SUP),
        kwargs=kw(case_id=pk("bare_case")),
        data=lambda w: {"to_institution": str(w["receivers"]["health"].pk)},
        proof=Proof(count(Transfer, case=pk("bare_case")), "referrals.transfer.proposed"),
    ),
    spec(
        "referrals:transfer-detail",
        "GET",
        (ERI, SUP, PROS, G_CARE),
        kwargs=kw(transfer_id=pk("transfer")),
    ),
    spec(
        "referrals:transfer-withdraw",
        "POST",
        (ERI, SUP),
        kwargs=kw(transfer_id=pk("transfer")),
        data=lambda w: {"version": version("transfer")(w)},
        proof=Proof(value(Transfer, "transfer", "status"), "referrals.transfer.withdrawn"),
    ),
    spec(
        "referrals:transfer-accept",
        "POST",
        (G_CARE,),
        kwargs=kw(transfer_id=pk("transfer")),
        data=lambda w: {"version": version("transfer")(w)},
        proof=Proof(value(Transfer, "transfer", "status"), "referrals.transfer.accepted"),
    ),
    spec(
        "referrals:transfer-decline",
        "POST",
        (G_CARE,),
        kwargs=kw(transfer_id=pk("transfer")),
        data=lambda w: {"decline-version": version("transfer")(w), "decline-reason": "Sin cupo"},
        proof=Proof(value(Transfer, "transfer", "status"), "referrals.transfer.declined"),
    ),
    # --- prosecution slice 1 ---
    pspec(
        "prosecution:file-list",
        "GET",
        (PROS, INV, F_PROS, F_INV, F_END),
        shows=lambda w: w["file"].reference,
        sees=(F_PROS,),
    ),
    pspec("prosecution:file-new", "GET", (F_PROS, F_INV, F_END)),
    pspec(
        "prosecution:file-new",
        "POST",
        (F_PROS, F_INV, F_END),
        data=lambda w: {
            "complaint_on": today(),
            "offence": str(w["trafficking"].pk),
            "department": w["department"].pk,
        },
        proof=Proof(count(CriminalFile), "prosecution.file.created"),
    ),
    pspec(
        "prosecution:file-detail",
        "GET",
        (F_PROS,),
        kwargs=kw(file_id=pk("file")),
        shows=lambda w: w["file"].reference,
    ),
    pspec(
        "prosecution:file-update",
        "POST",
        (F_PROS,),
        kwargs=kw(file_id=pk("file")),
        data=lambda w: {
            "version": version("file")(w),
            "offence": str(w["trafficking"].pk),
            "department": w["department"].pk,
            "court": "Tribunal de Sentencia de prueba",
        },
        proof=Proof(value(CriminalFile, "file", "court"), "prosecution.file.updated"),
    ),
    pspec(
        "prosecution:file-assign",
        "POST",
        (F_PROS,),
        kwargs=kw(file_id=pk("complaint_file")),
        data=lambda w: {
            "version": version("complaint_file")(w),
            "user": str(w["actors"][F_PROS].pk),
        },
        proof=Proof(value(CriminalFile, "complaint_file", "version"), "prosecution.file.assigned"),
    ),
    pspec(
        "prosecution:stage-advance",
        "POST",
        (F_PROS,),
        kwargs=kw(file_id=pk("complaint_file")),
        data=lambda w: {
            "version": version("complaint_file")(w),
            "stage": "investigation",
            "on": today(),
        },
        proof=Proof(
            value(CriminalFile, "complaint_file", "stage"), "prosecution.file.stage_advanced"
        ),
    ),
    pspec(
        "prosecution:stage-correct",
        "POST",
        (F_PROS,),
        kwargs=kw(file_id=pk("closed_file")),
        data=lambda w: {
            "version": version("closed_file")(w),
            "stage": "complaint",
            "on": today(),
            "reason": "Archivado por error",
        },
        proof=Proof(
            value(CriminalFile, "closed_file", "closed_early"), "prosecution.file.stage_corrected"
        ),
    ),
    pspec(
        "prosecution:file-close-early",
        "POST",
        (F_PROS,),
        kwargs=kw(file_id=pk("complaint_file")),
        data=lambda w: {
            "version": version("complaint_file")(w),
            "reason": "archived",
            "on": today(),
        },
        proof=Proof(
            value(CriminalFile, "complaint_file", "closed_early"), "prosecution.file.closed_early"
        ),
    ),
    pspec(
        "prosecution:hearing-schedule",
        "POST",
        (F_PROS,),
        kwargs=kw(file_id=pk("file")),
        data=lambda w: {
            "type": "trial",
            "starts_at": timezone.localtime(timezone.now() + timedelta(days=7)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
        },
        proof=Proof(count(Hearing, file=pk("file")), "prosecution.hearing.scheduled"),
    ),
    pspec(
        "prosecution:hearing-result",
        "POST",
        (F_PROS,),
        kwargs=kw(hearing_id=pk("hearing")),
        data=lambda w: {"version": version("hearing")(w), "result": "held"},
        proof=Proof(value(Hearing, "hearing", "result"), "prosecution.hearing.result_recorded"),
    ),
    pspec(
        "prosecution:operation-list",
        "GET",
        (PROS, INV, F_PROS, F_INV, F_END),
        shows=lambda w: w["operation"].reference,
        sees=(F_PROS, F_INV),
    ),
    pspec("prosecution:operation-new", "GET", (F_PROS, F_INV, F_END)),
    pspec(
        "prosecution:operation-new",
        "POST",
        (F_PROS, F_INV, F_END),
        data=lambda w: {
            "name": "Operativo Alba",
            "carried_out_on": today(),
            "department": w["department"].pk,
            "victims_found": 1,
            "suspects_arrested": 0,
        },
        proof=Proof(count(Operation), "prosecution.operation.created"),
    ),
    pspec(
        "prosecution:operation-detail",
        "GET",
        (F_PROS, F_INV),
        kwargs=kw(operation_id=pk("operation")),
        shows=lambda w: w["operation"].reference,
    ),
    # The prosecutor reaches no report (no intake.view): the home report is refused (400).
    pspec(
        "prosecution:operation-link-reports",
        "POST",
        (F_INV,),
        status=302,
        target="police",
        kwargs=kw(operation_id=pk("police_operation")),
        data=lambda w: {
            "version": version("police_operation")(w),
            "reports": [str(w["police_report"].pk)],
        },
        proof=Proof(
            lambda w: w["police_operation"].reports.count(),
            "prosecution.operation.reports_linked",
        ),
    ),
    pspec(
        "prosecution:operation-link-reports",
        "POST",
        (),
        refuse={F_PROS: 400},
        kwargs=kw(operation_id=pk("operation")),
        data=lambda w: {"version": version("operation")(w), "reports": [str(w["report"].pk)]},
        proof=Proof(
            lambda w: w["operation"].reports.count(), "prosecution.operation.reports_linked"
        ),
    ),
    # --- prosecution slice 2 ---
    pspec(
        "prosecution:file-people",
        "GET",
        (F_PROS,),
        kwargs=kw(file_id=pk("file")),
        shows=lambda w: ("Rigoberto Quintanilla", "I-1", "V-1"),
    ),
    pspec(
        "prosecution:defendant-add",
        "POST",
        (F_PROS,),
        kwargs=kw(file_id=pk("file")),
        data=lambda w: dict(P2_DEFENDANT),
        proof=Proof(count(Defendant, file=pk("file")), "prosecution.defendant.added"),
    ),
    pspec(
        "prosecution:defendant-update",
        "POST",
        (F_PROS,),
        kwargs=kw(defendant_id=pk("defendant")),
        data=lambda w: {
            "version": version("defendant")(w),
            "sex": "male",
            "detention": "arrested",
            "arrested_on": today(),
            "extradition": "none",
        },
        proof=Proof(value(Defendant, "defendant", "detention"), "prosecution.defendant.updated"),
    ),
    pspec(
        "prosecution:charge-add",
        "POST",
        (F_PROS,),
        kwargs=kw(defendant_id=pk("defendant")),
        data=lambda w: {"offence": _offence_code(w), "charged_on": today()},
        proof=Proof(count(PCharge, defendant=pk("defendant")), "prosecution.charge.added"),
    ),
    pspec(
        "prosecution:compensation-payment",
        "POST",
        (F_PROS,),
        kwargs=kw(defendant_id=pk("verdict_defendant")),
        data=lambda w: {"amount": "100.00", "currency": "HNL", "paid_on": today()},
        proof=Proof(
            count(CompensationPayment, defendant=pk("verdict_defendant")),
            "prosecution.compensation.paid",
        ),
    ),
    pspec(
        "prosecution:asset-record",
        "POST",
        (F_PROS,),
        kwargs=kw(defendant_id=pk("defendant")),
        data=lambda w: {"description": "Vehículo", "confiscated_on": today()},
        proof=Proof(
            count(ConfiscatedAsset, defendant=pk("defendant")), "prosecution.asset.recorded"
        ),
    ),
    pspec(
        "prosecution:verdict-record",
        "POST",
        (F_PROS,),
        kwargs=kw(charge_id=pk("free_charge")),
        data=lambda w: {"outcome": "convicted", "sentence_years": "5", "decided_on": today()},
        proof=Proof(count(PVerdict, charge=pk("free_charge")), "prosecution.verdict.recorded"),
    ),
    pspec(
        "prosecution:appeal-file",
        "POST",
        (F_PROS,),
        kwargs=kw(file_id=pk("verdict_file")),
        data=lambda w: {
            "kind": "cassation",
            "appealed_by": "prosecution",
            "filed_on": today(),
            "court": "Corte Suprema",
        },
        proof=Proof(count(PAppeal, file=pk("verdict_file")), "prosecution.appeal.filed"),
    ),
    pspec(
        "prosecution:appeal-decide",
        "POST",
        (F_PROS,),
        kwargs=kw(appeal_id=pk("appeal")),
        data=lambda w: {
            "version": version("appeal")(w),
            "result": "confirmed",
            "decided_on": today(),
        },
        proof=Proof(value(PAppeal, "appeal", "result"), "prosecution.appeal.decided"),
    ),
    pspec(
        "prosecution:victim-link-case",
        "POST",
        (F_PROS,),
        kwargs=kw(file_id=pk("complaint_file")),
        data=lambda w: {"case": str(w["case"].pk), "role": "victim"},
        proof=Proof(count(FileVictim, file=pk("complaint_file")), "prosecution.victim.linked"),
    ),
    pspec(
        "prosecution:victim-record",
        "POST",
        (F_PROS,),
        kwargs=kw(file_id=pk("file")),
        data=lambda w: {**P2_VICTIM, "sex": "female", "role": "witness"},
        proof=Proof(count(FileVictim, file=pk("file")), "prosecution.victim.recorded"),
    ),
    pspec(
        "prosecution:victim-update",
        "POST",
        (F_PROS,),
        kwargs=kw(victim_id=pk("file_victim")),
        data=lambda w: {
            "version": version("file_victim")(w),
            "role": "victim",
            "participation": "not_located",
        },
        proof=Proof(
            value(FileVictim, "file_victim", "participation"), "prosecution.victim.updated"
        ),
    ),
    pspec(
        "prosecution:measure-request",
        "POST",
        (F_PROS,),
        kwargs=kw(victim_id=pk("file_victim")),
        data=lambda w: {"type": "relocation", "requested_on": today()},
        proof=Proof(
            count(ProtectionMeasure, victim=pk("file_victim")), "prosecution.measure.requested"
        ),
    ),
    pspec(
        "prosecution:measure-decide",
        "POST",
        (F_PROS,),
        kwargs=kw(measure_id=pk("measure")),
        data=lambda w: {
            "version": version("measure")(w),
            "status": "granted",
            "decided_on": today(),
        },
        proof=Proof(value(ProtectionMeasure, "measure", "status"), "prosecution.measure.decided"),
    ),
    # --- prosecution slice 3 ---------------------------------------------------------------
    # The funnel: national counts for the holders of reporting.view_aggregates (never a
    # record), the institution's files in scope for prosecutors and investigators.
    pspec(
        "prosecution:funnel",
        "GET",
        (ERI, SUP, SEC, MEA, PROS, INV, X_ERI, *GRANTS, G_END, F_PROS, F_INV, F_END),
        shows=lambda w: (w["file"].reference, w["defendant_person"].first_surname),
        sees=(),
    ),
    # Queues and calendar: the files' owners; the Fiscalía's prosecutor sees the file at
    # trial whose verdict waits, nobody else does.
    pspec(
        "prosecution:queues",
        "GET",
        (PROS, INV, F_PROS, F_INV, F_END),
        shows=lambda w: w["file"].reference,
        sees=(F_PROS,),
    ),
    pspec("prosecution:calendar", "GET", (PROS, INV, F_PROS, F_INV, F_END)),
]

API_SPECS: list[Spec] = [
    # --- Prosecution code lists -----------------------------------------------------------------
    pspec(
        "api:prosecution-code-lists",
        "GET",
        (PROS, INV, PLA, F_PROS, F_INV, F_END),
        shows=lambda w: w["trafficking"].code,
    ),
    everyone(
        "api:service-offerings",
        "GET",
        target="inactive",  # a closed institution's offering is out of the directory
        shows=lambda w: w["inactive"].name,
        sees=(),
    ),
    spec(
        "api:membership-detail",
        "PATCH",
        {},
        target="self",  # nobody changes their own role
        kwargs=kw(membership_id=lambda w: _my_membership(w).pk),
        data=lambda w: {"version": _my_membership(w).version, "role": str(_role(TRN).pk)},
        proof=Proof(
            lambda w: Membership.objects.filter(role__code=TRN).count(),
            "accounts.membership.updated",
        ),
    ),
    spec(
        "api:membership-detail",
        "PATCH",
        {},
        target="platform",  # an institution administrator never changes a platform role
        kwargs=kw(membership_id=lambda w: w["memberships"][PLA].pk),
        data=lambda w: {"version": w["memberships"][PLA].version, "role": str(_role(TRN).pk)},
        proof=Proof(
            value(Membership, "platform_membership", "role_id"), "accounts.membership.updated"
        ),
    ),
    spec(
        "accounts:membership-update",
        "POST",
        {},
        target="self",
        kwargs=kw(membership_id=lambda w: _my_membership(w).pk),
        data=lambda w: {
            f"m{_my_membership(w).pk.hex[:8]}-version": _my_membership(w).version,
            f"m{_my_membership(w).pk.hex[:8]}-role": str(_role(TRN).pk),
            f"m{_my_membership(w).pk.hex[:8]}-is_active": "on",
        },
        proof=Proof(
            lambda w: Membership.objects.filter(role__code=TRN).count(),
            "accounts.membership.updated",
        ),
    ),
    spec(
        "accounts:user-deactivate",
        "POST",
        {},
        target="self",  # nobody locks, deactivates or resets their own account here
        kwargs=kw(user_id=lambda w: (w["me"] or w["subject"]).pk),
        data=lambda w: {"version": (w["me"] or w["subject"]).version},
        proof=Proof(
            lambda w: User.objects.filter(is_active=False).count(), "accounts.user.deactivated"
        ),
    ),
    spec(
        "api:user-deactivate",
        "POST",
        {},
        target="self",
        kwargs=kw(user_id=lambda w: (w["me"] or w["subject"]).pk),
        data=lambda w: {"version": (w["me"] or w["subject"]).version},
        proof=Proof(
            lambda w: User.objects.filter(is_active=False).count(), "accounts.user.deactivated"
        ),
    ),
    spec(
        "people:person-detail",
        "GET",
        (ERI, SUP, PROS),
        target="health",
        kwargs=kw(person_id=pk("person")),
        shows=lambda w: "Silla de ruedas",
        sees=(ERI, SUP),  # the prosecutor reads identity and contact, not health
    ),
    spec(
        "referrals:referral-new",
        "POST",
        (SUP,),
        refuse={ERI: 400, W: 400},  # no consent to share, and no right to override it
        target="override",
        kwargs=CASE_KW,
        data=lambda w: {
            "type": "care",
            "services": ["Shelter"],
            "to_institution": str(w["no_consent_inst"].pk),
            "consent_override_reason": "Riesgo inminente",
        },
        proof=Proof(count(Referral, case=case_of), "referrals.referral.sent"),
    ),
    spec(
        "api:referral-assign",
        "POST",
        (G_CARE,),
        kwargs=kw(referral_id=pk("referral")),
        data=lambda w: {
            "version": version("referral")(w),
            "assigned_to": str(w["shelter_colleague"].pk),
        },
        proof=Proof(value(Referral, "referral", "assigned_to_id"), "referrals.referral.assigned"),
    ),
    spec(
        "api:case-notes",
        "GET",
        (*CASE_OWNERS, *GRANTS),
        target="care-notes",
        kwargs=CASE_KW,
        shows=lambda w: "NOTA-care",
        sees=(ERI, W, SUP, G_CARE, G_HEALTH, G_CHILD),
    ),
    spec(
        "api:case-notes",
        "GET",
        (*CASE_OWNERS, *GRANTS),
        target="legal-notes",
        kwargs=CASE_KW,
        shows=lambda w: "NOTA-legal",
        sees=(ERI, SUP, PROS, G_LEGAL),
    ),
    spec(
        "api:case-facts",
        "POST",
        (ERI, W, SUP),
        kwargs=CASE_KW,
        data=lambda w: {"version": version("case")(w), "forms_of_exploitation": ["forced_labour"]},
        proof=Proof(value(Case, "case", "forms_of_exploitation"), "cases.case.facts_updated"),
    ),
    spec(
        "api:case-close-decision",
        "POST",
        (SUP,),  # a supervisor decides; the coordinator may not approve closures
        kwargs=kw(case_id=pk("closing_case")),
        data=lambda w: {"version": version("closing_case")(w), "approve": True},
        proof=Proof(value(Case, "closing_case", "status"), "cases.case.closed"),
    ),
    spec(
        "api:case-reopen",
        "POST",
        (ERI, SUP),
        kwargs=kw(case_id=pk("closed_case")),
        data=lambda w: {"version": version("closed_case")(w), "justification": "Hechos nuevos"},
        proof=Proof(value(Case, "closed_case", "status"), "cases.case.reopened"),
    ),
    spec(
        "api:report-accept",
        "POST",
        (ERI, SUP),
        kwargs=kw(report_id=pk("taken_report")),
        data=lambda w: {"version": version("taken_report")(w)},
        proof=Proof(value(Report, "taken_report", "status"), "intake.report.accepted"),
    ),
    spec(
        "api:report-close",
        "POST",
        (ERI, SUP),
        kwargs=kw(report_id=pk("taken_report")),
        data=lambda w: {
            "version": version("taken_report")(w),
            "reason": "other",
            "referral_information": "Se orientó a la persona hacia la oficina municipal.",
        },
        proof=Proof(value(Report, "taken_report", "status"), "intake.report.closed"),
    ),
    everyone(
        "api:auth-token",
        "POST",
        201,
        anon=201,
        data=lambda w: {"username": w["login_user"].username, "password": w["password"]},
        proof=Proof(lambda w: w["login_user"].api_tokens.count(), "accounts.api_token.created"),
        anon_writes=True,
        actors=(A,),
    ),
    everyone(
        "api:auth-token",
        "DELETE",
        204,
        proof=Proof(lambda w: None, "accounts.api_token.revoked"),
    ),
    everyone("api:me", "GET"),
    everyone("api:me-token-list", "GET", shows=lambda w: _my_token(w).prefix),
    everyone(
        "api:me-token-revoke",
        "POST",
        kwargs=kw(token_id=lambda w: _my_token(w).pk),
        proof=Proof(_working_tokens, "accounts.api_token.revoked"),
    ),
    spec(
        "api:me-token-revoke",
        "POST",
        (),
        target="someone-else",
        kwargs=kw(token_id=lambda w: _someone_elses_token(w).pk),
        proof=Proof(_working_tokens, "accounts.api_token.revoked"),
    ),
    everyone(
        "api:me",
        "PATCH",
        data=lambda w: {"email_notifications": False},
        proof=Proof(
            lambda w: tuple(
                User.objects.order_by("pk").values_list("email_notifications", flat=True)
            ),
            "accounts.user.preferences_changed",
        ),
    ),
    everyone("api:schema", "GET"),
    everyone("api:docs", "GET"),
    spec(
        "api:user-list",
        "GET",
        (ADM, PLA, X_ADM),
        anywhere=True,
        shows=lambda w: w["subject"].username,
        sees=(ADM, PLA),
    ),
    spec(
        "api:user-list",
        "POST",
        (ADM, PLA),
        status=201,
        data=lambda w: {
            "username": "nueva.api",
            "first_name": "Nueva",
            "last_name": "Api",
            "email": "nueva.api@example.org",
            "institution": str(w["home"].pk),
            "role": str(Role.objects.get(code=W).pk),
        },
        proof=Proof(count(User, username=lambda w: "nueva.api"), "accounts.user.created"),
    ),
    spec("api:user-detail", "GET", (ADM, PLA), kwargs=kw(user_id=pk("subject"))),
    spec(
        "api:user-detail",
        "PATCH",
        (ADM, PLA),
        kwargs=kw(user_id=pk("subject")),
        data=lambda w: {"version": w["subject"].version, "first_name": "Cambiado"},
        proof=Proof(value(User, "subject", "first_name"), "accounts.user.updated"),
    ),
    spec(
        "api:user-reset-2fa",
        "POST",
        (ADM, PLA),
        kwargs=kw(user_id=pk("subject")),
        proof=Proof(count(TOTPDevice, user=pk("subject")), "accounts.totp.reset"),
    ),
    spec(
        "api:user-reset-password",
        "POST",
        (ADM, PLA),
        kwargs=kw(user_id=pk("subject")),
        proof=Proof(value(User, "subject", "password"), "accounts.user.password_reset_requested"),
    ),
    spec(
        "api:user-unlock",
        "POST",
        (ADM, PLA),
        kwargs=kw(user_id=pk("locked_user")),
        proof=Proof(value(User, "locked_user", "locked_until"), "accounts.user.unlocked"),
    ),
    spec(
        "api:user-deactivate",
        "POST",
        (ADM, PLA),
        kwargs=kw(user_id=pk("subject")),
        data=lambda w: {"version": w["subject"].version},
        proof=Proof(value(User, "subject", "is_active"), "accounts.user.deactivated"),
    ),
    spec(
        "api:user-activate",
        "POST",
        (ADM, PLA),
        kwargs=kw(user_id=pk("dormant_user")),
        data=lambda w: {"version": w["dormant_user"].version},
        proof=Proof(value(User, "dormant_user", "is_active"), "accounts.user.activated"),
    ),
    spec("api:membership-list", "GET", (ADM, PLA, X_ADM), anywhere=True),
    spec(
        "api:membership-list",
        "POST",
        (PLA,),
        refuse={ADM: 404},
        status=201,
        data=lambda w: {
            "user": str(w["subject"].pk),
            "institution": str(w["other"].pk),
            "role": str(Role.objects.get(code=TRN).pk),
        },
        proof=Proof(count(Membership, user=pk("subject")), "accounts.membership.created"),
    ),
    spec(
        "api:membership-detail",
        "GET",
        (ADM, PLA),
        kwargs=kw(membership_id=pk("subject_membership")),
    ),
    spec(
        "api:membership-detail",
        "PATCH",
        (ADM, PLA),
        kwargs=kw(membership_id=pk("subject_membership")),
        data=lambda w: {
            "version": w["subject_membership"].version,
            "role": str(Role.objects.get(code=TRN).pk),
        },
        proof=Proof(
            value(Membership, "subject_membership", "role_id"), "accounts.membership.updated"
        ),
    ),
    spec("api:role-list", "GET", (ADM, PLA, X_ADM), anywhere=True, shows=lambda w: "case_worker"),
    everyone("api:institution-list", "GET"),
    spec(
        "api:institution-list",
        "POST",
        (PLA,),
        status=201,
        data=lambda w: {"name": "Institución API", "type": "shelter"},
        proof=Proof(
            count(Institution, name=lambda w: "Institución API"), "institutions.institution.created"
        ),
    ),
    everyone("api:institution-detail", "GET", kwargs=kw(institution_id=pk("home"))),
    spec(
        "api:institution-detail",
        "GET",
        (PLA,),
        target="inactive",
        kwargs=kw(institution_id=pk("inactive")),
    ),
    spec(
        "api:institution-detail",
        "PATCH",
        (ADM, PLA),
        kwargs=kw(institution_id=pk("home")),
        data=lambda w: {"version": w["home"].version, "description": "Nueva descripción"},
        proof=Proof(value(Institution, "home", "description"), "institutions.institution.updated"),
    ),
    spec(
        "api:audit-event-list",
        "GET",
        (AUD, OVS, X_AUD),
        anywhere=True,
        shows=lambda w: str(w["event"].pk),
        sees=(AUD, OVS),
    ),
    spec("api:audit-event-detail", "GET", (AUD, OVS), kwargs=kw(event_id=pk("event"))),
    spec(
        "api:report-list",
        "GET",
        (HOT, ERI, W, SUP, INV, LAB),
        anywhere=True,
        shows=lambda w: w["report"].reference,
        sees=(HOT, ERI, SUP),
    ),
    spec(
        "api:report-list",
        "POST",
        (HOT, ERI, W, INV, LAB),
        anywhere=True,
        status=201,
        data=lambda w: {"channel": "hotline", "narrative": "Relato por la API"},
        proof=Proof(lambda w: Report.objects.count(), "intake.report.created"),
    ),
    spec(
        "api:report-detail",
        "GET",
        (HOT, ERI, SUP),
        shows=lambda w: (w["report"].reference, "Informante Reservado", "Relato de prueba"),
        kwargs=kw(report_id=pk("report")),
    ),
    spec(
        "api:report-take",
        "POST",
        (ERI, SUP),
        kwargs=kw(report_id=pk("report")),
        data=lambda w: {"version": w["report"].version},
        proof=Proof(value(Report, "report", "status", "taken_by_id"), "intake.report.taken"),
    ),
    spec(
        "api:person-list",
        "POST",
        (ERI, W, PROS, INV),  # prosecutors record suspects
        anywhere=True,
        status=201,
        data=lambda w: {"given_names": "Lucía", "first_surname": "Nueva"},
        proof=Proof(count(Person, first_surname=lambda w: "Nueva"), "people.person.created"),
    ),
    spec(
        "api:person-search",
        "POST",
        (ERI, W, SUP, PROS, INV),
        anywhere=True,
        status=200,
        data=lambda w: {"q": "ana prueba"},
        proof=Proof(lambda w: None, None),
    ),
    spec(
        "api:person-matches",
        "POST",
        (ERI, W, PROS, INV),  # prosecutors record suspects
        anywhere=True,
        status=200,
        data=lambda w: {"given_names": "Ana", "first_surname": "Prueba"},
        proof=Proof(lambda w: None, None),
    ),
    spec(
        "api:person-detail",
        "GET",
        (ERI, SUP, PROS),
        shows=lambda w: ("Prueba", "Tel 9999-1111"),
        kwargs=kw(person_id=pk("person")),
    ),
    spec(
        "api:person-detail",
        "PATCH",
        (ERI, SUP),
        kwargs=kw(person_id=pk("person")),
        data=lambda w: {"version": w["person"].version, "aliases": "Anita"},
        proof=Proof(value(Person, "person", "aliases"), "people.person.updated"),
    ),
    spec(
        "api:case-list",
        "GET",
        (ERI, W, SUP, PROS, INV),
        anywhere=True,
        shows=lambda w: w["case"].reference,
        sees=CASE_OWNERS,
    ),
    spec(
        "api:case-list",
        "POST",
        (ERI,),
        status=201,
        data=lambda w: {"person": str(w["person2"].pk)},
        proof=Proof(count(Case, person=pk("person2")), "cases.case.opened"),
    ),
    spec("api:case-detail", "GET", (*CASE_OWNERS, *GRANTS), kwargs=CASE_KW),
    spec(
        "api:case-first-contact",
        "POST",
        (ERI, W, SUP),
        kwargs=CASE_KW,
        data=lambda w: {"version": version("case")(w)},
        proof=Proof(value(Case, "case", "first_contact_at"), "cases.case.first_contact"),
    ),
    spec(
        "api:case-assign",
        "POST",
        (ERI, SUP),
        kwargs=CASE_KW,
        data=lambda w: {"version": version("case")(w), "assignee": str(w["actors"][ERI].pk)},
        proof=Proof(value(Case, "case", "assigned_to_id"), "cases.case.assigned"),
    ),
    spec(
        "api:case-identification",
        "POST",
        (ERI, SUP),
        kwargs=CASE_KW,
        data=lambda w: {
            "version": version("case")(w),
            "status": "presumed",
            "decided_on": today(),
            "basis": "Indicadores",
        },
        proof=Proof(lambda w: w["case"].identifications.count(), "cases.identification.decided"),
    ),
    spec(
        "api:case-events",
        "POST",
        (ERI, W, SUP),
        kwargs=CASE_KW,
        data=lambda w: {"type": "recruitment", "country": "HND"},
        proof=Proof(lambda w: w["case"].events.count(), "cases.event.added"),
    ),
    spec("api:case-closure-items", "GET", (W, SUP), kwargs=CASE_KW),
    spec(
        "api:case-close-request",
        "POST",
        (W, SUP),
        kwargs=CASE_KW,
        data=lambda w: {
            "version": version("case")(w),
            "reason": "moved",
            "note": "Se mudó",
            "carried": carried_rows(w["case"]),
        },
        proof=Proof(value(Case, "case", "closure_requested_at"), "cases.case.closure_requested"),
    ),
    spec(
        "api:case-notes",
        "GET",
        (*CASE_OWNERS, *GRANTS),
        kwargs=CASE_KW,
        shows=lambda w: "NOTA-general",
        sees=(*CASE_OWNERS, G_LEGAL, G_CHILD),
    ),
    spec(
        "api:case-notes",
        "POST",
        (ERI, W, SUP, G_CARE, G_HEALTH, G_CHILD),
        status=201,
        kwargs=CASE_KW,
        data=lambda w: {"sensitivity": "care", "body": "Nota de la API"},
        proof=Proof(count(Note, case=case_of), "cases.note.added"),
    ),
    spec(
        "api:case-notes",
        "POST",
        (ERI, SUP, G_LEGAL),
        status=201,
        target="legal-note",
        kwargs=CASE_KW,
        data=lambda w: {"sensitivity": "legal", "body": "Denuncia presentada"},
        proof=Proof(count(Note, case=case_of), "cases.note.added"),
    ),
    spec("api:case-attachments", "GET", (*CASE_OWNERS, *GRANTS), kwargs=CASE_KW),
    spec(
        "api:case-attachments",
        "POST",
        (*CASE_EDITORS, G_LEGAL, G_CHILD),
        status=201,
        kwargs=CASE_KW,
        fmt="multipart",
        data=lambda w: {"sensitivity": "general", "file": _pdf()},
        proof=Proof(count(Attachment, case=case_of), "cases.attachment.added"),
    ),
    spec(
        "api:attachment-download",
        "GET",
        (*CASE_OWNERS, G_LEGAL, G_CHILD),
        kwargs=kw(attachment_id=pk("attachment")),
    ),
    spec("api:case-consents", "GET", (*CASE_OWNERS,), kwargs=CASE_KW),
    spec(
        "api:case-consents",
        "POST",
        CASE_EDITORS,
        status=201,
        kwargs=CASE_KW,
        data=lambda w: {"purpose": "statistics", "given_by": "person", "given_on": today()},
        proof=Proof(count(Consent, case=case_of), "cases.consent.recorded"),
    ),
    spec(
        "api:consent-withdraw",
        "POST",
        CASE_EDITORS,
        kwargs=kw(consent_id=pk("consent")),
        data=lambda w: {},
        proof=Proof(value(Consent, "consent", "withdrawn_on"), "cases.consent.withdrawn"),
    ),
    spec("api:case-screenings", "GET", (ERI, W, SUP, PROS), kwargs=CASE_KW),
    spec(
        "api:case-screenings",
        "POST",
        (ERI, W),
        status=201,
        kwargs=CASE_KW,
        data=lambda w: {"instrument": str(w["instrument"].pk), "answers": {"dr_job": "yes"}},
        proof=Proof(lambda w: w["case"].screenings.count(), "cases.screening.recorded"),
    ),
    spec("api:screening-instruments", "GET", anywhere=True, allow=(ERI, W, SUP, PROS, INV)),
    spec(
        "api:task-complete",
        "POST",
        CASE_EDITORS,
        kwargs=kw(task_id=pk("task")),
        data=lambda w: {},
        proof=Proof(value(Task, "task", "done_at"), "cases.task.completed"),
    ),
    spec("api:assessment-templates", "GET", anywhere=True, allow=(ERI, W, SUP, PROS, INV)),
    spec("api:case-assessments", "GET", (ERI, W, SUP, G_CARE, G_HEALTH, G_CHILD), kwargs=CASE_KW),
    spec(
        "api:case-assessments",
        "POST",
        (ERI, W, SUP),
        status=201,
        kwargs=CASE_KW,
        data=lambda w: {
            "template": str(AssessmentTemplate.objects.get(code="risk").pk),
            "answers": {},
        },
        proof=Proof(lambda w: w["case"].assessments.count(), "care.assessment.recorded"),
    ),
    spec("api:case-care-plan", "GET", (ERI, W, SUP, G_CARE, G_HEALTH, G_CHILD), kwargs=CASE_KW),
    spec(
        "api:case-care-plan",
        "POST",
        (ERI, W, SUP),
        status=201,
        target="no-plan",
        kwargs=kw(case_id=pk("bare_case")),
        data=lambda w: {"objectives": "Vivienda"},
        proof=Proof(count(CarePlan, case=pk("bare_case")), "care.plan.created"),
    ),
    spec(
        "api:case-care-plan",
        "PATCH",
        (ERI, W, SUP),
        kwargs=CASE_KW,
        data=lambda w: {"version": version("plan")(w), "objectives": "Vivienda y salud"},
        proof=Proof(value(CarePlan, "plan", "objectives"), "care.plan.updated"),
    ),
    spec(
        "api:case-care-plan-goals",
        "POST",
        (ERI, W, SUP),
        status=201,
        kwargs=CASE_KW,
        data=lambda w: {"area": "Medical", "description": "Chequeo médico"},
        proof=Proof(count(Goal, plan=pk("plan")), "care.goal.created"),
    ),
    spec(
        "api:case-care-plan-services",
        "POST",
        (ERI, W, SUP, G_CARE, G_HEALTH, G_CHILD),
        status=201,
        kwargs=CASE_KW,
        data=lambda w: {
            "type": "Medical",
            "responsible": str((w["me_inst"] or w["home"]).pk),
            "due_on": today(),
        },
        proof=Proof(count(CareService, plan=pk("plan")), "care.service.created"),
    ),
    spec(
        "api:case-care-plan-reviews",
        "POST",
        (ERI, W, SUP),
        status=201,
        kwargs=CASE_KW,
        data=lambda w: {"version": version("plan")(w), "outcome": "continue", "summary": "Bien"},
        proof=Proof(lambda w: w["plan"].reviews.count(), "care.review.recorded"),
    ),
    spec(
        "api:care-goal",
        "PATCH",
        (ERI, W, SUP),
        kwargs=kw(goal_id=pk("goal")),
        data=lambda w: {"version": version("goal")(w), "status": "achieved"},
        proof=Proof(value(Goal, "goal", "status"), "care.goal.updated"),
    ),
    spec(
        "api:care-service",
        "PATCH",
        (ERI, W, SUP),
        kwargs=kw(service_id=pk("service")),
        data=lambda w: {"version": version("service")(w), "status": "in_progress"},
        proof=Proof(value(CareService, "service", "status"), "care.service.updated"),
    ),
    spec(
        "api:care-service",
        "PATCH",
        (ERI, W, SUP, G_CARE),
        target="theirs",  # the shelter gives this service: it records its progress
        kwargs=kw(service_id=pk("shelter_service")),
        data=lambda w: {"version": version("shelter_service")(w), "status": "in_progress"},
        proof=Proof(value(CareService, "shelter_service", "status"), "care.service.updated"),
    ),
    spec(
        "api:care-service-deliveries",
        "POST",
        (ERI, W, SUP),
        status=201,
        kwargs=kw(service_id=pk("service")),
        data=lambda w: {"delivered_on": today()},
        proof=Proof(lambda w: w["service"].deliveries.count(), "care.delivery.recorded"),
    ),
    spec(
        "api:care-service-deliveries",
        "POST",
        (ERI, W, SUP, G_CARE),
        status=201,
        target="theirs",
        kwargs=kw(service_id=pk("shelter_service")),
        data=lambda w: {"delivered_on": today()},
        proof=Proof(lambda w: w["shelter_service"].deliveries.count(), "care.delivery.recorded"),
    ),
    everyone("api:service-offerings", "GET", shows=lambda w: w["receivers"]["care"].name),
    spec(
        "api:service-offerings",
        "POST",
        (ADM, PLA, X_ADM),
        status=201,
        data=lambda w: {"service": "Legal", "departments": []},
        proof=Proof(lambda w: ServiceOffering.objects.count(), "referrals.offering.created"),
    ),
    spec(
        "api:referral-list", "GET", (ERI, W, SUP, PROS, INV, *GRANTS, G_END, X_ERI), anywhere=True
    ),
    spec(
        "api:referral-list",
        "POST",
        (ERI, W, SUP),
        status=201,
        data=lambda w: {
            "case": str(w["case"].pk),
            "type": "care",
            "services": ["Shelter"],
            "to_institution": str(w["ended_inst"].pk),
        },
        proof=Proof(count(Referral, case=case_of), "referrals.referral.sent"),
    ),
    spec(
        "api:referral-dashboard",
        "GET",
        (ERI, W, SUP, PROS, *GRANTS, G_END, X_ERI),  # as the home page card
        anywhere=True,
    ),
    spec(
        "api:referral-detail",
        "GET",
        (ERI, W, SUP, PROS, G_CARE),
        kwargs=kw(referral_id=pk("referral")),
    ),
    spec(
        "api:referral-withdraw",
        "POST",
        (ERI, W, SUP),
        kwargs=kw(referral_id=pk("referral")),
        data=lambda w: {"version": version("referral")(w), "reason": "Ya no aplica"},
        proof=Proof(value(Referral, "referral", "status"), "referrals.referral.withdrawn"),
    ),
    spec(
        "api:referral-decline",
        "POST",
        (G_CONS,),
        kwargs=kw(referral_id=pk("pending_referral")),
        data=lambda w: {"version": version("pending_referral")(w), "reason": "Sin cupo"},
        proof=Proof(value(Referral, "pending_referral", "status"), "referrals.referral.declined"),
    ),
    spec(
        "api:referral-accept",
        "POST",
        (G_CONS,),
        kwargs=kw(referral_id=pk("pending_referral")),
        data=lambda w: {"version": version("pending_referral")(w)},
        proof=Proof(value(Referral, "pending_referral", "status"), "referrals.referral.accepted"),
    ),
    spec(
        "api:referral-complete",
        "POST",
        (ERI, W, SUP, G_CARE),
        kwargs=kw(referral_id=pk("referral")),
        data=lambda w: {"version": version("referral")(w), "outcome": "successful"},
        proof=Proof(value(Referral, "referral", "status"), "referrals.referral.completed"),
    ),
    spec(
        "api:transfer-list",
        "GET",
        (ERI, W, SUP, PROS, INV, *GRANTS, G_END, X_ERI),
        anywhere=True,
        shows=lambda w: str(w["transfer"].pk),
        sees=(ERI, SUP, PROS, G_CARE),
    ),
    spec(
        "api:transfer-list",
        "POST",
        (ERI, SUP),
        status=201,
        data=lambda w: {
            "case": str(w["bare_case"].pk),
            "to_institution": str(w["receivers"]["health"].pk),
        },
        proof=Proof(count(Transfer, case=pk("bare_case")), "referrals.transfer.proposed"),
    ),
    spec(
        "api:transfer-detail",
        "GET",
        (ERI, SUP, PROS, G_CARE),
        kwargs=kw(transfer_id=pk("transfer")),
    ),
    spec(
        "api:transfer-withdraw",
        "POST",
        (ERI, SUP),
        kwargs=kw(transfer_id=pk("transfer")),
        data=lambda w: {"version": version("transfer")(w)},
        proof=Proof(value(Transfer, "transfer", "status"), "referrals.transfer.withdrawn"),
    ),
    spec(
        "api:transfer-decline",
        "POST",
        (G_CARE,),
        kwargs=kw(transfer_id=pk("transfer")),
        data=lambda w: {"version": version("transfer")(w), "reason": "Sin cupo"},
        proof=Proof(value(Transfer, "transfer", "status"), "referrals.transfer.declined"),
    ),
    spec(
        "api:transfer-accept",
        "POST",
        (G_CARE,),
        kwargs=kw(transfer_id=pk("transfer")),
        data=lambda w: {"version": version("transfer")(w)},
        proof=Proof(value(Transfer, "transfer", "status"), "referrals.transfer.accepted"),
    ),
    # --- Notifications: the caller's own, as the bell -----------------------------------------
    everyone("api:notification-list", "GET", shows=lambda w: str(_my_notification(w).pk)),
    everyone(
        "api:notification-list",
        "GET",
        target="someone-else",
        shows=lambda w: str(_someone_elses_notification(w).pk),
        sees=(),  # nobody's list shows another person's notification
    ),
    everyone(
        "api:notification-read",
        "POST",
        kwargs=kw(notification_id=lambda w: _my_notification(w).pk),
        proof=Proof(
            lambda w: Notification.objects.get(pk=_my_notification(w).pk).read_at,
            "notifications.notification.read",
        ),
    ),
    spec(
        "api:notification-read",
        "POST",
        (),
        target="someone-else",
        kwargs=kw(notification_id=lambda w: _someone_elses_notification(w).pk),
        proof=Proof(_unread_notifications, "notifications.notification.read"),
    ),
    everyone(
        "api:notification-read-all",
        "POST",
        proof=Proof(_unread_notifications, "notifications.notification.read"),
    ),
    # --- prosecution slice 1 ---
    pspec(
        "api:criminal-file-list",
        "GET",
        (PROS, INV, F_PROS, F_INV, F_END),
        shows=lambda w: w["file"].reference,
        sees=(F_PROS,),
    ),
    pspec(
        "api:criminal-file-list",
        "POST",
        (F_PROS, F_INV, F_END),
        status=201,
        data=lambda w: {
            "complaint_on": today(),
            "offence": w["trafficking"].code,
            "department": w["department"].pk,
        },
        proof=Proof(count(CriminalFile), "prosecution.file.created"),
    ),
    pspec(
        "api:criminal-file-detail",
        "GET",
        (F_PROS,),
        kwargs=kw(file_id=pk("file")),
        shows=lambda w: w["file"].reference,
    ),
    pspec(
        "api:criminal-file-update",
        "POST",
        (F_PROS,),
        kwargs=kw(file_id=pk("file")),
        data=lambda w: {"version": version("file")(w), "court": "Tribunal de prueba"},
        proof=Proof(value(CriminalFile, "file", "court"), "prosecution.file.updated"),
    ),
    pspec(
        "api:criminal-file-assign",
        "POST",
        (F_PROS,),
        kwargs=kw(file_id=pk("complaint_file")),
        data=lambda w: {
            "version": version("complaint_file")(w),
            "user": str(w["actors"][F_PROS].pk),
        },
        proof=Proof(value(CriminalFile, "complaint_file", "version"), "prosecution.file.assigned"),
    ),
    pspec(
        "api:criminal-file-advance-stage",
        "POST",
        (F_PROS,),
        kwargs=kw(file_id=pk("complaint_file")),
        data=lambda w: {
            "version": version("complaint_file")(w),
            "stage": "investigation",
            "on": today(),
        },
        proof=Proof(
            value(CriminalFile, "complaint_file", "stage"), "prosecution.file.stage_advanced"
        ),
    ),
    pspec(
        "api:criminal-file-correct-stage",
        "POST",
        (F_PROS,),
        kwargs=kw(file_id=pk("closed_file")),
        data=lambda w: {
            "version": version("closed_file")(w),
            "stage": "complaint",
            "on": today(),
            "reason": "Archivado por error",
        },
        proof=Proof(
            value(CriminalFile, "closed_file", "closed_early"), "prosecution.file.stage_corrected"
        ),
    ),
    pspec(
        "api:criminal-file-close-early",
        "POST",
        (F_PROS,),
        kwargs=kw(file_id=pk("complaint_file")),
        data=lambda w: {
            "version": version("complaint_file")(w),
            "reason": "archived",
            "on": today(),
        },
        proof=Proof(
            value(CriminalFile, "complaint_file", "closed_early"), "prosecution.file.closed_early"
        ),
    ),
    pspec(
        "api:criminal-file-hearing-schedule",
        "POST",
        (F_PROS,),
        status=201,
        kwargs=kw(file_id=pk("file")),
        data=lambda w: {
            "type": "trial",
            "starts_at": (timezone.now() + timedelta(days=7)).isoformat(),
        },
        proof=Proof(count(Hearing, file=pk("file")), "prosecution.hearing.scheduled"),
    ),
    pspec(
        "api:hearing-result",
        "POST",
        (F_PROS,),
        kwargs=kw(hearing_id=pk("hearing")),
        data=lambda w: {"version": version("hearing")(w), "result": "held"},
        proof=Proof(value(Hearing, "hearing", "result"), "prosecution.hearing.result_recorded"),
    ),
    pspec(
        "api:police-operation-list",
        "GET",
        (PROS, INV, F_PROS, F_INV, F_END),
        shows=lambda w: w["operation"].reference,
        sees=(F_PROS, F_INV),
    ),
    pspec(
        "api:police-operation-list",
        "POST",
        (F_PROS, F_INV, F_END),
        status=201,
        data=lambda w: {
            "name": "Operativo Alba",
            "carried_out_on": today(),
            "department": w["department"].pk,
        },
        proof=Proof(count(Operation), "prosecution.operation.created"),
    ),
    pspec(
        "api:police-operation-detail",
        "GET",
        (F_PROS, F_INV),
        kwargs=kw(operation_id=pk("operation")),
        shows=lambda w: w["operation"].reference,
    ),
    # The prosecutor reaches no report (no intake.view): the home report is refused (422).
    pspec(
        "api:police-operation-link-reports",
        "POST",
        (F_INV,),
        status=200,
        target="police",
        kwargs=kw(operation_id=pk("police_operation")),
        data=lambda w: {
            "version": version("police_operation")(w),
            "reports": [str(w["police_report"].pk)],
        },
        proof=Proof(
            lambda w: w["police_operation"].reports.count(),
            "prosecution.operation.reports_linked",
        ),
    ),
    pspec(
        "api:police-operation-link-reports",
        "POST",
        (),
        refuse={F_PROS: 422},
        kwargs=kw(operation_id=pk("operation")),
        data=lambda w: {"version": version("operation")(w), "reports": [str(w["report"].pk)]},
        proof=Proof(
            lambda w: w["operation"].reports.count(), "prosecution.operation.reports_linked"
        ),
    ),
    # --- prosecution slice 2 ---
    pspec(
        "api:criminal-file-defendants",
        "GET",
        (F_PROS,),
        kwargs=kw(file_id=pk("file")),
        shows=lambda w: ("Rigoberto Quintanilla", "I-1"),
    ),
    pspec(
        "api:criminal-file-defendants",
        "POST",
        (F_PROS,),
        status=201,
        kwargs=kw(file_id=pk("file")),
        data=lambda w: {"identity": dict(P2_DEFENDANT)},
        proof=Proof(count(Defendant, file=pk("file")), "prosecution.defendant.added"),
    ),
    pspec(
        "api:defendant-detail",
        "GET",
        (F_PROS,),
        kwargs=kw(defendant_id=pk("defendant")),
        shows=lambda w: "Rigoberto Quintanilla",
    ),
    pspec(
        "api:defendant-update",
        "POST",
        (F_PROS,),
        kwargs=kw(defendant_id=pk("defendant")),
        data=lambda w: {
            "version": version("defendant")(w),
            "detention": "arrested",
            "arrested_on": today(),
        },
        proof=Proof(value(Defendant, "defendant", "detention"), "prosecution.defendant.updated"),
    ),
    pspec(
        "api:defendant-charges",
        "POST",
        (F_PROS,),
        status=201,
        kwargs=kw(defendant_id=pk("defendant")),
        data=lambda w: {"offence": _offence_code(w), "charged_on": today()},
        proof=Proof(count(PCharge, defendant=pk("defendant")), "prosecution.charge.added"),
    ),
    pspec(
        "api:defendant-payments",
        "POST",
        (F_PROS,),
        status=201,
        kwargs=kw(defendant_id=pk("verdict_defendant")),
        data=lambda w: {"amount": "100.00", "currency": "HNL", "paid_on": today()},
        proof=Proof(
            count(CompensationPayment, defendant=pk("verdict_defendant")),
            "prosecution.compensation.paid",
        ),
    ),
    pspec(
        "api:defendant-assets",
        "POST",
        (F_PROS,),
        status=201,
        kwargs=kw(defendant_id=pk("defendant")),
        data=lambda w: {"description": "Vehículo", "confiscated_on": today()},
        proof=Proof(
            count(ConfiscatedAsset, defendant=pk("defendant")), "prosecution.asset.recorded"
        ),
    ),
    pspec(
        "api:charge-verdict",
        "POST",
        (F_PROS,),
        status=201,
        kwargs=kw(charge_id=pk("free_charge")),
        data=lambda w: {"outcome": "convicted", "sentence_years": 5, "decided_on": today()},
        proof=Proof(count(PVerdict, charge=pk("free_charge")), "prosecution.verdict.recorded"),
    ),
    pspec(
        "api:criminal-file-appeals",
        "POST",
        (F_PROS,),
        status=201,
        kwargs=kw(file_id=pk("verdict_file")),
        data=lambda w: {
            "kind": "cassation",
            "appealed_by": "prosecution",
            "filed_on": today(),
            "court": "Corte Suprema",
        },
        proof=Proof(count(PAppeal, file=pk("verdict_file")), "prosecution.appeal.filed"),
    ),
    pspec(
        "api:appeal-decide",
        "POST",
        (F_PROS,),
        kwargs=kw(appeal_id=pk("appeal")),
        data=lambda w: {
            "version": version("appeal")(w),
            "result": "modified",
            "decided_on": today(),
            "verdicts": [{"charge": str(w["verdict_charge"].pk), "outcome": "acquitted"}],
        },
        proof=Proof(value(PAppeal, "appeal", "result"), "prosecution.appeal.decided"),
    ),
    pspec(
        "api:criminal-file-victims",
        "GET",
        (F_PROS,),
        kwargs=kw(file_id=pk("file")),
        shows=lambda w: ("V-1", "Marta Testigo"),
    ),
    pspec(
        "api:criminal-file-victims-link-case",
        "POST",
        (F_PROS,),
        status=201,
        kwargs=kw(file_id=pk("complaint_file")),
        data=lambda w: {"case": str(w["case"].pk)},
        proof=Proof(count(FileVictim, file=pk("complaint_file")), "prosecution.victim.linked"),
    ),
    pspec(
        "api:criminal-file-victims-record",
        "POST",
        (F_PROS,),
        status=201,
        kwargs=kw(file_id=pk("file")),
        data=lambda w: {"identity": dict(P2_VICTIM), "role": "witness"},
        proof=Proof(count(FileVictim, file=pk("file")), "prosecution.victim.recorded"),
    ),
    pspec(
        "api:file-victim-update",
        "POST",
        (F_PROS,),
        kwargs=kw(victim_id=pk("file_victim")),
        data=lambda w: {"version": version("file_victim")(w), "participation": "not_located"},
        proof=Proof(
            value(FileVictim, "file_victim", "participation"), "prosecution.victim.updated"
        ),
    ),
    pspec(
        "api:file-victim-measures",
        "POST",
        (F_PROS,),
        status=201,
        kwargs=kw(victim_id=pk("file_victim")),
        data=lambda w: {"type": "relocation", "requested_on": today()},
        proof=Proof(
            count(ProtectionMeasure, victim=pk("file_victim")), "prosecution.measure.requested"
        ),
    ),
    pspec(
        "api:protection-measure-decide",
        "POST",
        (F_PROS,),
        kwargs=kw(measure_id=pk("measure")),
        data=lambda w: {
            "version": version("measure")(w),
            "status": "granted",
            "decided_on": today(),
        },
        proof=Proof(value(ProtectionMeasure, "measure", "status"), "prosecution.measure.decided"),
    ),
    # --- prosecution slice 3 ---------------------------------------------------------------
    pspec(
        "api:prosecution-funnel",
        "GET",
        (ERI, SUP, SEC, MEA, PROS, INV, X_ERI, *GRANTS, G_END, F_PROS, F_INV, F_END),
        shows=lambda w: (w["file"].reference, str(w["file"].pk)),
        sees=(),
    ),
    pspec("api:hearing-calendar", "GET", (PROS, INV, F_PROS, F_INV, F_END)),
]

PREVENTION_SPECS = [
    *matrix_courses.SPECS,
    *matrix_people.SPECS,
    *matrix_imports.SPECS,
    *matrix_certificates.SPECS,
    *matrix_outreach.SPECS,
    *matrix_reports.SPECS,
]


def _collect(package: str) -> list[Spec]:
    """Every ``SPECS`` of the package's ``matrix_*`` modules (one per topic)."""
    module = importlib.import_module(package)
    out: list[Spec] = []
    for info in sorted(pkgutil.iter_modules(module.__path__), key=lambda i: i.name):
        if info.name.startswith("matrix_"):
            out.extend(importlib.import_module(f"{package}.{info.name}").SPECS)
    return out


PARTNERSHIP_SPECS = [*_collect("tests.coordination"), *_collect("tests.results")]
PEOPLE_SPECS = _collect("tests.people")
STATISTICS_SPECS = _collect("tests.reporting")
ALL_SPECS = {
    (s.route, s.method, s.target): s
    for s in [
        *SPECS,
        *API_SPECS,
        *PREVENTION_SPECS,
        *PARTNERSHIP_SPECS,
        *PEOPLE_SPECS,
        *STATISTICS_SPECS,
    ]
}


def _expand(s: Spec) -> list[Row]:
    out = []
    for actor in s.actors:
        expected = s.anon if actor == A else s.allow.get(actor, s.denied)
        out.append(
            Row(s.route, s.method, actor, expected, s.target, s.proof, s.xfail.get(actor, ""))
        )
    return out


MATRIX: list[Row] = [row for s in ALL_SPECS.values() for row in _expand(s)]


def engine_sample(rows: list[Row], share: int = 8) -> set[Row]:
    """The rows worth running again on a second database engine: for each (route, method,
    target), the first actor to get each answer (so every view runs, allowed and refused,
    through the engine's SQL), and a fixed one in ``share`` of the others, chosen by a hash
    of the row (so every actor's scope queries run too). The others differ from a kept row
    only in who asks, which the policies decide in Python and SQLite has already proved."""
    kept: set[Row] = set()
    answers: set[tuple[str, str, str, int]] = set()
    for row in rows:
        answer = (row.route, row.method, row.target, row.expected)
        if answer not in answers or zlib.crc32(str(row).encode()) % share == 0:
            kept.add(row)
        answers.add(answer)
    return kept


ENGINE_SAMPLE = engine_sample(MATRIX)


def _param(row: Row):
    marks = [pytest.mark.xfail(reason=row.xfail, strict=True)] if row.xfail else []
    if row not in ENGINE_SAMPLE:
        marks.append(pytest.mark.matrix_repeat)
    return pytest.param(row, id=str(row), marks=marks)


# ---------------------------------------------------------------------------------------------
# The world: built once per module, rolled back at the end; each row runs in a savepoint.
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    attachments = tmp_path_factory.mktemp("matrix-attachments")
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            RUTA_ATTACHMENT_DIR=str(attachments),
            DEMO_MODE=False,
            REQUIRE_2FA=True,
        ),
        transaction.atomic(),
    ):
        w = _build_world()
        w["attachment_dir"] = str(attachments)
        yield w
        transaction.set_rollback(True)


def _build_world() -> World:
    from ruta.cases.models import ScreeningInstrument

    home = make_institution("Equipo propio", T.RESPONSE_TEAM, receives_public_reports=True)
    other = make_institution("Otra institución", T.RESPONSE_TEAM)
    inactive = make_institution("Institución cerrada", is_active=False)
    unit = make_unit(home)
    users: dict[str, User] = {}
    for role in ROLE_TEMPLATES:
        users[role] = make_user(role, home, unit=unit if role in (ERI, SUP) else None)
    for name in STRANGERS:
        users[name] = make_user(name.split(":")[1], other)
    coordinator = actor_of(users[ERI])
    platform = actor_of(users[PLA])
    # The coordinator also works for another institution: membership-switch has a target.
    second = Membership.objects.create(
        user=users[ERI], institution=other, role=Role.objects.get(code=TRN)
    )
    subject = make_user(W, home, with_2fa=True)  # the user the administrators manage
    login_user = make_user(TRN, home)  # signs in on the sign-in rows
    # Accounts the administrators unlock and activate again.
    locked_user = make_user(
        W, home, locked_until=timezone.now() + timedelta(hours=1), failed_logins=5
    )
    dormant_user = make_user(W, home, is_active=False)

    person = people.person_create(
        actor=coordinator,
        given_names="Ana",
        first_surname="Prueba",
        contact="Tel 9999-1111",
        has_disability=True,
        disability_notes="Silla de ruedas",
    )
    person2 = people.person_create(actor=coordinator, given_names="Rosa", first_surname="Otra")
    case = cases.case_open(actor=coordinator, person=person, assigned_to=users[W])
    bare = people.person_create(actor=coordinator, given_names="Eva", first_surname="Sinplan")
    bare_case = cases.case_open(actor=coordinator, person=bare, assigned_to=users[W])
    task = case.tasks.get()
    Task.objects.filter(pk=task.pk).update(due_at=timezone.now() - timedelta(days=1))  # overdue
    attachment = cases.attachment_add(
        actor=coordinator,
        case=case,
        sensitivity="general",
        filename="acta.pdf",
        content=b"%PDF-1.4 prueba",
    )
    day = timezone.localdate()
    consent = cases.consent_record(
        actor=coordinator, case=case, purpose="statistics", given_by="person", given_on=day
    )
    cases.consent_record(
        actor=coordinator, case=case, purpose="assistance", given_by="person", given_on=day
    )
    cases.consent_record(
        actor=coordinator, case=bare_case, purpose="assistance", given_by="person", given_on=day
    )
    plan = care.plan_create(actor=coordinator, case=case, objectives="Estabilizar")
    goal = care.goal_add(actor=coordinator, plan=plan, area="Shelter", description="Albergue")
    service = care.service_add(
        actor=coordinator, plan=plan, type="Shelter", responsible=home, due_on=day
    )

    receivers, referral_of = {}, {}
    for kind, (name, type_, offered) in [*RECEIVERS.items(), ("ended", RECEIVERS["care"])]:
        institution = make_institution(f"{name} {kind}", type_)
        services_ = [offered, "Shelter"] if kind == "consular" else [offered]
        for s in services_:
            referrals.offering_save(
                actor=platform, institution=institution, service=s, departments=[]
            )
        responder = make_user(ERI, institution)
        users[f"grant:{kind}"] = responder
        receivers[kind] = institution
        for shared in (case, bare_case):
            cases.consent_record(
                actor=coordinator,
                case=shared,
                purpose="sharing",
                recipient=institution,
                given_by="person",
                given_on=day,
            )
        referral = referrals.referral_send(
            actor=coordinator,
            case=case,
            to_institution=institution,
            type="care" if kind == "ended" else kind,
            services=[offered],
        )
        referral = referrals.referral_accept(
            actor=actor_of(responder), referral=referral, version=referral.version
        )
        referral_of[kind] = referral
    shelter_colleague = make_user(W, receivers["care"])
    ServiceOffering.objects.create(institution=inactive, service="Shelter")
    no_consent_inst = make_institution("Albergue sin consentimiento", T.SHELTER)
    referrals.offering_save(
        actor=platform, institution=no_consent_inst, service="Shelter", departments=[]
    )
    shelter_service = care.service_add(
        actor=coordinator, plan=plan, type="Shelter", responsible=receivers["care"], due_on=day
    )
    ended = referral_of["ended"]
    referrals.referral_complete(
        actor=coordinator, referral=ended, version=ended.version, outcome="successful"
    )
    prosecution = prosecution_world.build(
        users=users, receivers=receivers, case=case, coordinator=coordinator
    )
    prevention = prevention_world.build(users=users, home=home, other=other, lab_user=users[LAB])
    coordination = coordination_world.build(users=users, home=home)
    results = results_world.build(users=users, home=home, coordination=coordination)
    partnership = {**coordination, **results}
    for package in ("tests.coordination", "tests.results", "tests.people", "tests.reporting"):
        # Each slice's extra records: ``world_<topic>.build(users=, home=, world=)``.
        module = importlib.import_module(package)
        for info in sorted(pkgutil.iter_modules(module.__path__), key=lambda i: i.name):
            if info.name.startswith("world_"):
                extra = importlib.import_module(f"{package}.{info.name}")
                partnership.update(extra.build(users=users, home=home, world=partnership))
    # The consulate also shelters: a referral it has not answered yet.
    pending = referrals.referral_send(
        actor=coordinator,
        case=case,
        to_institution=receivers["consular"],
        type="care",
        services=["Shelter"],
    )
    transfer = referrals.transfer_propose(
        actor=coordinator, case=case, to_institution=receivers["care"]
    )
    report = intake.report_create(
        actor=actor_of(users[HOT]),
        channel="hotline",
        narrative="Relato de prueba",
        reporter_name="Informante Reservado",
        reporter_contact="9999-0000",
    )
    taken_report = intake.report_create(
        actor=actor_of(users[HOT]), channel="hotline", narrative="Otro relato"
    )
    taken_report = intake.report_take(
        actor=coordinator, report=taken_report, version=taken_report.version
    )
    # Cases whose closure is asked for, and closed: deciding and reopening.
    closing_case = cases.case_open(
        actor=coordinator,
        person=people.person_create(actor=coordinator, given_names="Iris", first_surname="Cierre"),
        assigned_to=users[W],
    )
    closing_case = cases.case_request_closure(
        actor=actor_of(users[W]),
        case=closing_case,
        version=closing_case.version,
        reason="moved",
        note="",
        carried=carried_all(closing_case),
    )
    closed_case = cases.case_open(
        actor=coordinator,
        person=people.person_create(actor=coordinator, given_names="Olga", first_surname="Cerrada"),
        assigned_to=users[W],
    )
    closed_case = cases.case_request_closure(
        actor=actor_of(users[W]),
        case=closed_case,
        version=closed_case.version,
        reason="moved",
        note="",
        carried=carried_all(closed_case),
    )
    closed_case = cases.case_decide_closure(
        actor=actor_of(users[SUP]),
        case=closed_case,
        version=closed_case.version,
        approve=True,
        comment="",
    )
    for sensitivity in ("general", "care", "health", "legal"):
        cases.note_add(
            actor=coordinator, case=case, sensitivity=sensitivity, body=f"NOTA-{sensitivity}"
        )
    event = audit.record(action="tests.matrix.seeded", target=home)
    notified = users[ERI]
    for name, user in users.items():  # one unread notification each, to mark read
        Notification.objects.create(
            user=user,
            institution=_institution_of(name, home, other, receivers),
            kind="test",
            title="Aviso",
        )
    tokens = {}
    for name, user in users.items():
        membership = user.memberships.filter(
            institution=_institution_of(name, home, other, receivers)
        ).get()
        tokens[name] = auth.token_create(user=user, membership=membership, second_factor=True)[1]
    sessions = {}
    for name, user in users.items():  # a signed-in browser session each, kept for the module
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        session = client.session
        session["ruta_epoch"] = user.session_epoch
        session["ruta_second_factor"] = True  # as after a one-time code
        session["ruta_membership_id"] = str(
            user.memberships.get(institution=_institution_of(name, home, other, receivers)).pk
        )
        session.save()
        sessions[name] = session.session_key
    case.refresh_from_db()
    return {
        "sessions": sessions,
        "home": home,
        "other": other,
        "inactive": inactive,
        "unit": unit,
        "actors": users,
        "tokens": tokens,
        "memberships": {
            n: u.memberships.get(institution=_institution_of(n, home, other, receivers))
            for n, u in users.items()
        },
        "second_membership": second,
        "subject": subject,
        "subject_membership": subject.memberships.get(),
        "platform_membership": users[PLA].memberships.get(),
        "login_user": login_user,
        "locked_user": locked_user,
        "dormant_user": dormant_user,
        "password": "correct horse battery staple 42",
        "person": person,
        "person2": person2,
        "case": case,
        "bare_case": bare_case,
        "task": task,
        "attachment": attachment,
        "consent": consent,
        "plan": plan,
        "goal": goal,
        "service": service,
        "shelter_service": shelter_service,
        "shelter_colleague": shelter_colleague,
        "no_consent_inst": no_consent_inst,
        "receivers": receivers,
        "ended_inst": receivers["ended"],
        "referral": referral_of["care"],
        "pending_referral": pending,
        "transfer": transfer,
        "report": report,
        "taken_report": taken_report,
        "closing_case": closing_case,
        "closed_case": closed_case,
        "event": event,
        "notified": notified,
        "instrument": ScreeningInstrument.objects.order_by("code").first(),
        **prosecution,
        **prevention,
        **partnership,
    }


def _institution_of(name, home, other, receivers):
    if name in prosecution_world.PLACES:
        return prosecution_world.PLACES[name]
    if name in prevention_world.PLACES:
        return prevention_world.PLACES[name]
    if name in coordination_world.PLACES:
        return coordination_world.PLACES[name]
    if name.startswith("other:"):
        return other
    if name.startswith("grant:"):
        return receivers[name.split(":")[1]]
    return home


@pytest.fixture
def matrix_world(world, db, settings):
    settings.RUTA_ATTACHMENT_DIR = world["attachment_dir"]
    return world


# ---------------------------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------------------------
def _request(row: Row, s: Spec, w: World):
    url = reverse(row.route, kwargs=s.kwargs(w))
    data = s.data(w)
    if s.api:
        client = APIClient()
        if row.actor != A:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {w['tokens'][row.actor]}")
        call = getattr(client, row.method.lower())
        return call(url, data, format=s.fmt) if row.method != "GET" else call(url, data)
    client = Client()
    if row.actor != A:
        client.cookies[settings.SESSION_COOKIE_NAME] = w["sessions"][row.actor]
    call = getattr(client, row.method.lower())
    return call(url, data)


def _allowed(row: Row, s: Spec) -> bool:
    if row.actor == A:
        return s.anon_writes
    return row.actor in s.allow and s.allow[row.actor] < 400 and row.actor not in s.refused


def _audit_count(action: str | None) -> int:
    return AuditEvent.objects.filter(action=action).count() if action else 0


@pytest.mark.parametrize("row", [_param(r) for r in MATRIX])
def test_permission_matrix(row, matrix_world):
    w = matrix_world
    s = ALL_SPECS[(row.route, row.method, row.target)]
    proof = s.proof
    w["me"] = w["actors"].get(row.actor)
    w["me_name"] = row.actor
    w["me_inst"] = w["memberships"][row.actor].institution if row.actor != A else None
    before = proof.snapshot(w) if proof else None
    audited = _audit_count(proof.audit) if proof else 0
    response = _request(row, s, w)
    detail = response.content[:300] if response.status_code in (400, 409, 422) else ""
    assert response.status_code == row.expected, f"{row}: got {response.status_code} {detail}"
    if row.method == "GET":
        if s.shows is not None and response.status_code == 200:
            texts = s.shows(w)
            texts = (texts,) if isinstance(texts, str) else texts
            content = response.content.decode()
            sees = s.sees if s.sees is not None else tuple(s.allow)
            if row.actor in sees and row.actor not in s.refused:
                missing = [t for t in texts if t not in content]
                assert not missing, f"{row}: does not show {missing}"
            elif s.sees is not None:
                leaked = [t for t in texts if t in content]
                assert not leaked, f"{row}: shows {leaked}, out of the actor's scope"
        return
    after = proof.snapshot(w)
    new_events = _audit_count(proof.audit) - audited
    if _allowed(row, s):
        if proof.response_check is not None:
            assert proof.response_check(response), f"{row}: the write did not happen"
        if proof.audit is not None:
            assert new_events > 0, f"{row}: no {proof.audit} event: the write did not happen"
        if before is not None:
            assert after != before, f"{row}: nothing changed: the write did not happen"
    else:
        assert after == before, f"{row}: a denied write changed {before!r} -> {after!r}"
        assert new_events == 0, f"{row}: a denied write recorded {proof.audit}"


def test_every_route_and_method_has_rows():
    assert uncovered_pairs(MATRIX) == set()


def test_no_row_for_a_method_the_route_does_not_answer():
    assert unknown_pairs(MATRIX) == set()


def test_every_write_has_a_proof():
    assert not [str(r) for r in MATRIX if r.is_write and r.proof is None]


def test_every_actor_is_tried_on_every_pair():
    covered: dict[tuple[str, str], set[str]] = {}
    for row in MATRIX:
        covered.setdefault((row.route, row.method), set()).add(row.actor)
    # Sign-in and token creation are tried by anonymous visitors only (a signed-in user is
    # redirected away before anything is written).
    partial = {
        ("accounts:login", "POST"),
        ("accounts:login-verify", "POST"),
        ("api:auth-token", "POST"),
    }
    expected: dict[tuple[str, str], set[str]] = {}
    for s in ALL_SPECS.values():
        if (s.route, s.method) not in partial:  # a spec may add actors, never drop one
            assert set(ACTORS) <= set(s.actors), s.route
        expected.setdefault((s.route, s.method), set()).update(s.actors)
    assert not {
        p: expected[p] - a for p, a in covered.items() if p not in partial and a != expected[p]
    }


def test_the_engine_sample_runs_every_answer_of_every_route_and_every_actor():
    sample = engine_sample(MATRIX)
    answers = {(r.route, r.method, r.target, r.expected) for r in MATRIX}
    assert {(r.route, r.method, r.target, r.expected) for r in sample} == answers
    assert {r.actor for r in sample} == {r.actor for r in MATRIX}
    assert len(sample) < len(MATRIX) / 3


def test_out_of_scope_is_never_403():
    assert not [
        row for row in MATRIX if row.expected == 403 and row.route != "accounts:no-membership"
    ]
