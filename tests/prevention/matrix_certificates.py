"""Permission-matrix specs of the prevention routes: certificates.

The home session (``session``) is the home's; its trainer (``TRN``) manages it. ``certificate``
is held by staff of the other institution, so that institution's user administrator
(``X_ADM``, the employer's view) reads it too, and nobody else. ``enrolment`` (home staff) is
eligible and has none yet: issuing gives it one. The public check answers everyone."""

from __future__ import annotations

from ruta.prevention.models import Certificate
from tests.matrix import Proof
from tests.matrix_spec import (
    P_TRN,
    PREVENTION_ACTORS,
    TRN,
    X_ADM,
    A,
    Spec,
    count,
    kw,
    pk,
    value,
    vspec,
)

SESSION = kw(session_id=pk("session"))
CERTIFICATE = kw(certificate_id=pk("certificate"))
READERS = (TRN, X_ADM)  # the organiser's trainer, the holder's employer
EVERYONE = tuple(a for a in PREVENTION_ACTORS if a != A)
ISSUED = Proof(count(Certificate, enrolment=pk("enrolment")), "prevention.certificate.issued")
REVOKED = Proof(value(Certificate, "certificate", "revoked_at"), "prevention.certificate.revoked")


def _holder(w) -> str:
    return w["certificate"].holder_name


SPECS: list[Spec] = [
    # --- pages ---
    vspec(
        "prevention:certificate-issue",
        "GET",
        (TRN,),
        kwargs=SESSION,
        shows=lambda w: (w["participant"].full_name, w["certificate"].code),
    ),
    vspec(
        "prevention:certificate-issue",
        "POST",
        (TRN,),
        kwargs=SESSION,
        data=lambda w: {"enrolments": [str(w["enrolment"].pk)]},
        proof=ISSUED,
    ),
    vspec(
        "prevention:certificate-detail",
        "GET",
        READERS,
        kwargs=CERTIFICATE,
        shows=lambda w: (w["certificate"].code, _holder(w)),
    ),
    vspec("prevention:certificate-pdf", "GET", READERS, kwargs=CERTIFICATE),
    vspec(
        "prevention:certificate-credential",
        "GET",
        READERS,
        kwargs=CERTIFICATE,
        shows=lambda w: ("OpenBadgeCredential", "eddsa-jcs-2022"),
    ),
    vspec("prevention:certificate-revoke", "GET", (TRN,), kwargs=CERTIFICATE),
    vspec(
        "prevention:certificate-revoke",
        "POST",
        (TRN,),
        kwargs=CERTIFICATE,
        data=lambda w: {"reason": "Registro duplicado"},
        proof=REVOKED,
    ),
    # Everyone signed in has a list of their own (empty for the matrix's users).
    vspec("prevention:my-certificates", "GET", EVERYONE),
    # --- the public check: everyone, signed in or not ---
    vspec("prevention_public:verify-form", "GET", EVERYONE, anon=200),
    vspec(
        "prevention_public:verify",
        "GET",
        EVERYONE,
        anon=200,
        kwargs=kw(code=lambda w: w["certificate"].code.lower()),
        shows=lambda w: (_holder(w), w["certificate"].course_title),
    ),
    # --- API ---
    vspec(
        "api:certificate-list",
        "GET",
        EVERYONE,
        shows=lambda w: w["certificate"].code,
        sees=READERS,
    ),
    vspec(
        "api:certificate-detail",
        "GET",
        READERS,
        kwargs=CERTIFICATE,
        shows=lambda w: w["certificate"].code,
    ),
    vspec(
        "api:certificate-credential",
        "GET",
        READERS,
        kwargs=CERTIFICATE,
        shows=lambda w: "DataIntegrityProof",
    ),
    vspec(
        "api:certificate-revoke",
        "POST",
        (TRN,),
        kwargs=CERTIFICATE,
        data=lambda w: {"reason": "Registro duplicado"},
        proof=REVOKED,
    ),
    vspec(
        "api:certificate-eligibility",
        "GET",
        (TRN,),
        kwargs=SESSION,
        shows=lambda w: str(w["enrolment"].pk),
    ),
    vspec(
        "api:certificate-issue",
        "POST",
        {TRN: 201},
        kwargs=SESSION,
        data=lambda w: {"enrolments": [str(w["enrolment"].pk)]},
        proof=ISSUED,
    ),
    # The academy's trainer reads the academy's certificate, never the home's (above).
    vspec(
        "prevention:certificate-detail",
        "GET",
        (P_TRN,),
        target="academy",
        kwargs=kw(certificate_id=pk("academy_certificate")),
        shows=lambda w: w["academy_certificate"].code,
    ),
]
