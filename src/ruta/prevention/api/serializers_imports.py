"""API bodies and answers of spreadsheet imports."""

from __future__ import annotations

from rest_framework import serializers

from ruta.core.api.serializers import CodeLabelField
from ruta.prevention.choices import ImportKind, ImportStatus
from ruta.prevention.models import ImportJob
from ruta.prevention.services.imports import error_message


class ImportUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ImportKind.choices)
    file = serializers.FileField(help_text="XLSX, or CSV in UTF-8; at most 10,000 rows.")


class ImportJobSerializer(serializers.ModelSerializer):
    session = serializers.UUIDField(source="session_id", read_only=True)
    kind = CodeLabelField(ImportKind.choices, read_only=True)
    status = CodeLabelField(ImportStatus.choices, read_only=True)
    errors_count = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "session",
            "kind",
            "status",
            "filename",
            "rows_total",
            "rows_done",
            "errors_count",
            "created_at",
            "finished_at",
        ]

    def get_errors_count(self, job: ImportJob) -> int:
        return len(job.errors or [])


class ImportErrorSerializer(serializers.Serializer):
    """One error: the row (None for the whole file), the column, the code with its parameters,
    and the message in the requester's language."""

    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField(allow_blank=True)
    code = serializers.CharField()
    params = serializers.DictField()
    message = serializers.SerializerMethodField()

    def get_message(self, err: dict) -> str:
        return error_message(err)
