"""Matrix world (slice cooperation): ``cooperation_documented``, the home's cooperation
agreement with member_inst, with its signed document kept (a PDF)."""

from __future__ import annotations

from ruta.coordination.models import CooperationAgreement
from ruta.coordination.services.cooperation import cooperation_document_upload
from tests.factories import actor_of


def build(*, users, home, world) -> dict:
    agreement = CooperationAgreement.objects.create(
        institution=home, kind="protocol", title="Protocolo con documento firmado"
    )
    agreement.parties.add(home, world["member_inst"])
    agreement = cooperation_document_upload(
        actor=actor_of(users["committee_secretary"]),
        agreement=agreement,
        filename="protocolo.pdf",
        content=b"%PDF-1.4 protocolo firmado",
    )
    return {"cooperation_documented": agreement}
