"""API of the people in a criminal file: the same selectors, services and policies as the
pages, one route per action. Names follow the same rules (a reserved identity answers the
code only) and reading them is audited."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.core.api.errors import unprocessable
from ruta.core.api.views import ActionApi
from ruta.core.errors import require
from ruta.prosecution import selectors_people as sel
from ruta.prosecution import services
from ruta.prosecution.api import serializers_people as s
from ruta.prosecution.models import CriminalFile, Defendant, FileVictim


def _person(actor, data: dict):
    person_id = data.get("person")
    person = sel.person_for(actor=actor, person_id=person_id)
    if person_id and person is None:
        raise unprocessable({"person": [_("Unknown person.")]})
    return person


class _PeopleApi(ActionApi):
    def get_serializer_context(self):
        return {**super().get_serializer_context(), "actor": self.request.actor}  # type: ignore[attr-defined]


class DefendantListApi(_PeopleApi):
    """The suspects and defendants of a file (GET), or add one (POST)."""

    queryset = Defendant.objects.none()
    pagination_class = None  # a file's suspects: a short list, answered whole
    serializer_class = s.DefendantAddSerializer
    response_serializer_class = s.DefendantSerializer
    success_status = status.HTTP_201_CREATED
    operation_id = "criminal_file_defendants_add"

    def load(self, request, **kwargs: Any) -> CriminalFile:
        return sel.file_get(actor=request.actor, file_id=kwargs["file_id"])

    @extend_schema(
        operation_id="criminal_file_defendants_list", responses=s.DefendantSerializer(many=True)
    )
    def get(self, request, file_id):
        actor = request.actor
        file = self.load(request, file_id=file_id)
        defendants = sel.defendant_list(actor=actor, file=file)
        body = s.DefendantSerializer(defendants, many=True, context={"actor": actor}).data
        sel.audit_people_read(actor, file, names=sum(1 for d in body if d["name"]))
        return Response(body)

    def perform(self, request, obj, data):
        identity = dict(data.get("identity") or {}) or None
        return services.defendant_add(
            actor=request.actor, file=obj, person=_person(request.actor, data), identity=identity
        )


class DefendantDetailApi(GenericAPIView):
    queryset = Defendant.objects.none()
    serializer_class = s.DefendantSerializer

    def get(self, request, defendant_id):
        actor = request.actor
        defendant = sel.defendant_get(actor=actor, defendant_id=defendant_id)
        body = s.DefendantSerializer(defendant, context={"actor": actor}).data
        sel.audit_people_read(actor, defendant.file, names=1 if body["name"] else 0)
        return Response(body)


class _DefendantActionApi(_PeopleApi):
    queryset = Defendant.objects.none()

    def load(self, request, **kwargs: Any) -> Defendant:
        return sel.defendant_get(actor=request.actor, defendant_id=kwargs["defendant_id"])


class DefendantUpdateApi(_DefendantActionApi):
    serializer_class = s.DefendantUpdateSerializer
    response_serializer_class = s.DefendantSerializer
    operation_id = "defendants_update"

    def perform(self, request, obj, data):
        changes = {k: v for k, v in data.items() if k != "version"}
        if "role" in changes:
            role = sel.role_by_code(changes["role"])
            if changes["role"] and role is None:
                raise unprocessable(
                    {"role": [_("Unknown code: %(code)s") % {"code": changes["role"]}]}
                )
            changes["role"] = role
        return services.defendant_update(
            actor=request.actor, defendant=obj, version=data["version"], **changes
        )


class ChargeAddApi(_DefendantActionApi):
    serializer_class = s.ChargeAddSerializer
    response_serializer_class = s.ChargeSerializer
    success_status = status.HTTP_201_CREATED
    operation_id = "defendants_charges_add"

    def perform(self, request, obj, data):
        offence = sel.offence_by_code(data["offence"])
        if offence is None:
            raise unprocessable(
                {"offence": [_("Unknown code: %(code)s") % {"code": data["offence"]}]}
            )
        aggravating = sel.aggravating_by_codes(data.get("aggravating", []))
        if aggravating is None:
            raise unprocessable({"aggravating": [_("Unknown aggravating circumstance.")]})
        return services.charge_add(
            actor=request.actor,
            defendant=obj,
            offence=offence,
            charged_on=data["charged_on"],
            form_of_exploitation=data.get("form_of_exploitation", ""),
            aggravating=aggravating,
        )


class PaymentRecordApi(_DefendantActionApi):
    serializer_class = s.PaymentRecordSerializer
    response_serializer_class = s.PaymentSerializer
    success_status = status.HTTP_201_CREATED
    operation_id = "defendants_payments_add"

    def perform(self, request, obj, data):
        return services.compensation_record_payment(actor=request.actor, defendant=obj, **data)


class AssetRecordApi(_DefendantActionApi):
    serializer_class = s.AssetRecordSerializer
    response_serializer_class = s.AssetSerializer
    success_status = status.HTTP_201_CREATED
    operation_id = "defendants_assets_add"

    def perform(self, request, obj, data):
        return services.asset_record(actor=request.actor, defendant=obj, **data)


class VerdictRecordApi(_PeopleApi):
    queryset = Defendant.objects.none()
    serializer_class = s.VerdictRecordSerializer
    response_serializer_class = s.VerdictSerializer
    success_status = status.HTTP_201_CREATED
    operation_id = "charges_verdict_record"

    def load(self, request, **kwargs: Any):
        return sel.charge_get(actor=request.actor, charge_id=kwargs["charge_id"])

    def perform(self, request, obj, data):
        return services.verdict_record(actor=request.actor, charge=obj, **data)


class AppealFileApi(_PeopleApi):
    queryset = Defendant.objects.none()
    serializer_class = s.AppealFileSerializer
    response_serializer_class = s.AppealSerializer
    success_status = status.HTTP_201_CREATED
    operation_id = "criminal_file_appeals_add"

    def load(self, request, **kwargs: Any):
        return sel.file_get(actor=request.actor, file_id=kwargs["file_id"])

    def perform(self, request, obj, data):
        return services.appeal_file(actor=request.actor, file=obj, **data)


class AppealDecideApi(_PeopleApi):
    queryset = Defendant.objects.none()
    serializer_class = s.AppealDecideSerializer
    response_serializer_class = s.AppealSerializer
    operation_id = "appeals_decide"

    def load(self, request, **kwargs: Any):
        return sel.appeal_get(actor=request.actor, appeal_id=kwargs["appeal_id"])

    def perform(self, request, obj, data):
        changed = [dict(v) for v in data.get("verdicts", [])]
        charges = sel.charges_of_file(obj.file, [v["charge"] for v in changed])
        if len(charges) != len({v["charge"] for v in changed}):
            raise unprocessable({"verdicts": [_("A charge named is not in this file.")]})
        verdicts = {charges[v.pop("charge")]: v for v in changed}
        return services.appeal_decide(
            actor=request.actor,
            appeal=obj,
            version=data["version"],
            result=data["result"],
            decided_on=data["decided_on"],
            verdicts=verdicts,
        )


class VictimListApi(GenericAPIView):
    queryset = FileVictim.objects.none()
    pagination_class = None  # a file's victims and witnesses: a short list, answered whole
    serializer_class = s.VictimSerializer

    @extend_schema(
        operation_id="criminal_file_victims_list", responses=s.VictimSerializer(many=True)
    )
    def get(self, request, file_id):
        actor = request.actor
        file = sel.file_get(actor=actor, file_id=file_id)
        body = s.VictimSerializer(
            sel.victim_list(actor=actor, file=file), many=True, context={"actor": actor}
        ).data
        sel.audit_people_read(actor, file, names=sum(1 for v in body if v["name"]))
        return Response(body)


class _FileVictimAddApi(_PeopleApi):
    queryset = FileVictim.objects.none()
    response_serializer_class = s.VictimSerializer
    success_status = status.HTTP_201_CREATED

    def load(self, request, **kwargs: Any):
        return sel.file_get(actor=request.actor, file_id=kwargs["file_id"])


class VictimLinkCaseApi(_FileVictimAddApi):
    serializer_class = s.VictimLinkCaseSerializer
    operation_id = "criminal_file_victims_link_case"

    def perform(self, request, obj, data):
        case = sel.linkable_case(actor=request.actor, case_id=data["case"])
        require(case is not None)
        return services.victim_link_case(
            actor=request.actor, file=obj, case=case, role=data.get("role", "victim")
        )


class VictimRecordApi(_FileVictimAddApi):
    serializer_class = s.VictimRecordSerializer
    operation_id = "criminal_file_victims_record"

    def perform(self, request, obj, data):
        identity = dict(data.get("identity") or {}) or None
        return services.victim_record(
            actor=request.actor,
            file=obj,
            person=_person(request.actor, data),
            identity=identity,
            role=data.get("role", "victim"),
        )


class _VictimActionApi(_PeopleApi):
    queryset = FileVictim.objects.none()

    def load(self, request, **kwargs: Any):
        return sel.victim_get(actor=request.actor, victim_id=kwargs["victim_id"])


class VictimUpdateApi(_VictimActionApi):
    serializer_class = s.VictimUpdateSerializer
    response_serializer_class = s.VictimSerializer
    operation_id = "file_victims_update"

    def perform(self, request, obj, data):
        return services.victim_update(actor=request.actor, victim=obj, **data)


class MeasureRequestApi(_VictimActionApi):
    serializer_class = s.MeasureRequestSerializer
    response_serializer_class = s.MeasureSerializer
    success_status = status.HTTP_201_CREATED
    operation_id = "file_victims_measures_request"

    def perform(self, request, obj, data):
        return services.measure_request(actor=request.actor, victim=obj, **data)


class MeasureDecideApi(_PeopleApi):
    queryset = FileVictim.objects.none()
    serializer_class = s.MeasureDecideSerializer
    response_serializer_class = s.MeasureSerializer
    operation_id = "protection_measures_decide"

    def load(self, request, **kwargs: Any):
        return sel.measure_get(actor=request.actor, measure_id=kwargs["measure_id"])

    def perform(self, request, obj, data):
        return services.measure_decide(actor=request.actor, measure=obj, **data)
