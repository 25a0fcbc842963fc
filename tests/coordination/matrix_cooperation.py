"""Permission-matrix specs of cooperation agreements: ``cooperation`` is recorded by the home
(managed by ``SEC``), with ``member_inst`` as the other party (``C_MEM`` reads it)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from ruta.coordination.models import CooperationAgreement
from tests.coordination.matrix_actions import LISTERS
from tests.matrix import Proof
from tests.matrix_spec import (
    C_MEM,
    C_SEC,
    ERI,
    MEA,
    PROS,
    SEC,
    SUP,
    TRN,
    Spec,
    count,
    cspec,
    kw,
    pk,
    value,
)

READERS = (ERI, SUP, PROS, TRN, SEC, MEA, C_MEM)
MANAGERS = (SEC, C_MEM, C_SEC)
COOP = kw(cooperation_id=pk("cooperation"))


def _v(w):
    return CooperationAgreement.objects.get(pk=w["cooperation"].pk).version


def _form(w):
    return {
        "kind": "memorandum",
        "title": "Memorando nuevo",
        "status": "draft",
        "parties": [str(w["member_inst"].pk), str(w["foreign_inst"].pk)],
    }


def _new(w):
    # The parties include the actor's own institution: each manager names its own.
    return _form(w)


CREATED = Proof(count(CooperationAgreement), "coordination.cooperation.created")
EDITED = Proof(
    value(CooperationAgreement, "cooperation", "title", "version"),
    "coordination.cooperation.updated",
)
DOCUMENT = Proof(
    value(CooperationAgreement, "cooperation", "document_name", "version"),
    "coordination.cooperation.document_uploaded",
)


def _edit(w):
    coop = w["cooperation"]
    return {
        "version": _v(w),
        "kind": coop.kind,
        "title": "Convenio renovado",
        "status": "in_force",
        "parties": [str(p.pk) for p in coop.parties.all()],
        "signed_on": coop.signed_on.isoformat(),
        "starts_on": coop.starts_on.isoformat(),
        "ends_on": coop.ends_on.isoformat(),
        "renewal_on": coop.renewal_on.isoformat(),
    }


SPECS: list[Spec] = [
    cspec("coordination:cooperation-list", "GET", LISTERS, anywhere=True),
    cspec("api:coordination-cooperation-list", "GET", LISTERS, anywhere=True),
    cspec("coordination:cooperation-new", "GET", MANAGERS),
    # The form names member_inst and foreign_inst: the home's secretary is no party, refused.
    cspec(
        "coordination:cooperation-new",
        "POST",
        (C_MEM, C_SEC),
        refuse={SEC: 400},
        data=_new,
        proof=CREATED,
    ),
    cspec(
        "api:coordination-cooperation-list",
        "POST",
        {C_MEM: 201, C_SEC: 201},
        refuse={SEC: 422},
        data=_new,
        proof=CREATED,
    ),
    cspec("coordination:cooperation-detail", "GET", READERS, kwargs=COOP),
    # The kept document: every reader of the agreement downloads it; nobody else learns it
    # exists.
    cspec(
        "coordination:cooperation-document-download",
        "GET",
        READERS,
        kwargs=kw(cooperation_id=pk("cooperation_documented")),
    ),
    cspec(
        "api:coordination-cooperation-document-download",
        "GET",
        READERS,
        kwargs=kw(cooperation_id=pk("cooperation_documented")),
    ),
    cspec("api:coordination-cooperation-detail", "GET", READERS, kwargs=COOP),
    cspec("coordination:cooperation-edit", "GET", (SEC,), kwargs=COOP),
    cspec("coordination:cooperation-edit", "POST", (SEC,), kwargs=COOP, data=_edit, proof=EDITED),
    cspec(
        "api:coordination-cooperation-update",
        "POST",
        (SEC,),
        kwargs=COOP,
        data=lambda w: {"version": _v(w), "title": "Convenio renovado"},
        proof=EDITED,
    ),
    cspec("coordination:cooperation-document-upload", "GET", (SEC,), kwargs=COOP),
    cspec(
        "coordination:cooperation-document-upload",
        "POST",
        (SEC,),
        kwargs=COOP,
        data=lambda w: {"file": SimpleUploadedFile("convenio.pdf", b"%PDF-1.4 firmado")},
        proof=DOCUMENT,
    ),
    cspec(
        "api:coordination-cooperation-document-upload",
        "POST",
        (SEC,),
        kwargs=COOP,
        data=lambda w: {"file": SimpleUploadedFile("convenio.pdf", b"%PDF-1.4 firmado")},
        fmt="multipart",
        proof=DOCUMENT,
    ),
]
