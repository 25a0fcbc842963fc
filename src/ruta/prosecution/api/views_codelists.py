"""The prosecution code lists, read-only (the platform administrator edits them on pages)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.core.errors import require
from ruta.prosecution import policies
from ruta.prosecution.api.serializers_codelists import CodeListsSerializer
from ruta.prosecution.models import (
    AggravatingCircumstance,
    Offence,
    PerpetratorRole,
    StageTimeLimit,
)


class CodeListsApi(GenericAPIView):
    serializer_class = CodeListsSerializer

    @extend_schema(operation_id="prosecution_code_lists", responses=CodeListsSerializer)
    def get(self, request):
        require(policies.can_read_code_lists(request.actor))
        lists = {
            "offences": Offence.objects.all(),
            "aggravating_circumstances": AggravatingCircumstance.objects.all(),
            "roles_in_process": PerpetratorRole.objects.all(),
            "stage_time_limits": StageTimeLimit.objects.all(),
        }
        return Response(CodeListsSerializer(lists).data)
