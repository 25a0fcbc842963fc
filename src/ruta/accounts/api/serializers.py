from __future__ import annotations

from typing import cast

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ruta.accounts.models import LANGUAGE_CHOICES, ApiToken, Membership, Role, User
from ruta.core.api.serializers import CodeLabelField, StrictSerializer
from ruta.core.choices import RecordScope


class TokenRequestSerializer(StrictSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=1000, trim_whitespace=False)
    otp_code = serializers.CharField(max_length=10, required=False, allow_blank=True)
    membership = serializers.UUIDField(required=False)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True)


class RoleSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]  # a field, not Field.label
    scope = CodeLabelField(RecordScope.choices)

    class Meta:
        model = Role
        fields = [
            "id",
            "code",
            "label",
            "capabilities",
            "scope",
            "read_sensitivities",
            "write_sensitivities",
            "version",
        ]


class MembershipSerializer(serializers.ModelSerializer):
    institution = serializers.SerializerMethodField()
    role = serializers.SerializerMethodField()
    user = serializers.UUIDField(source="user_id", read_only=True)
    unit = serializers.UUIDField(source="unit_id", read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "institution", "role", "unit", "is_active", "version"]

    def get_institution(self, obj) -> dict:
        return {"id": str(obj.institution_id), "name": obj.institution.short_name}

    def get_role(self, obj) -> dict:
        return {"id": str(obj.role_id), "code": obj.role.code, "label": str(obj.role.label)}


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Shown once: keep it secret."))
    expires_at = serializers.DateTimeField()
    membership = MembershipSerializer()


class MembershipDetailSerializer(MembershipSerializer):
    """One membership, with the places a territory scope reaches (empty: the institution's)."""

    departments = serializers.SerializerMethodField()
    municipalities = serializers.SerializerMethodField()

    class Meta(MembershipSerializer.Meta):
        fields = [*MembershipSerializer.Meta.fields, "departments", "municipalities"]

    def get_departments(self, obj) -> list[str]:
        return sorted(d.pk for d in obj.departments.all())

    def get_municipalities(self, obj) -> list[str]:
        return sorted(m.pk for m in obj.municipalities.all())


class UserSerializer(serializers.ModelSerializer):
    memberships = serializers.SerializerMethodField()
    locked = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "preferred_language",
            "is_active",
            "locked",
            "memberships",
            "version",
        ]

    def get_memberships(self, obj) -> list[dict]:
        memberships = getattr(obj, "visible_memberships", [])
        # many=True makes a list serializer: its data is a list (the stubs say a dict).
        return cast(list[dict], MembershipSerializer(memberships, many=True).data)

    def get_locked(self, obj) -> bool:
        from django.utils import timezone

        return bool(obj.locked_until and obj.locked_until > timezone.now())


class UserCreateSerializer(StrictSerializer):
    username = serializers.CharField(max_length=150)
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    email = serializers.EmailField()
    preferred_language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, default="es")
    institution = serializers.UUIDField()
    role = serializers.UUIDField()
    unit = serializers.UUIDField(required=False, allow_null=True)


class UserUpdateSerializer(StrictSerializer):
    version = serializers.IntegerField()
    first_name = serializers.CharField(max_length=150, required=False)
    last_name = serializers.CharField(max_length=150, required=False)
    email = serializers.EmailField(required=False)
    preferred_language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, required=False)


class UserDeactivateSerializer(StrictSerializer):
    """Deactivate an account (its sessions and tokens end), naming the version you saw."""

    version = serializers.IntegerField()


class UserActivateSerializer(StrictSerializer):
    """Activate an account again, naming the version you saw."""

    version = serializers.IntegerField()


class MembershipCreateSerializer(StrictSerializer):
    user = serializers.UUIDField()
    institution = serializers.UUIDField()
    role = serializers.UUIDField()
    unit = serializers.UUIDField(required=False, allow_null=True)


class MembershipUpdateSerializer(StrictSerializer):
    version = serializers.IntegerField()
    role = serializers.UUIDField(required=False)
    unit = serializers.UUIDField(required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False)
    departments = serializers.ListField(
        child=serializers.CharField(max_length=6),
        required=False,
        max_length=100,
        help_text=_("ISO 3166-2 codes of the departments a territory scope reaches."),
    )
    municipalities = serializers.ListField(
        child=serializers.CharField(max_length=10),
        required=False,
        max_length=1000,
        help_text=_("Codes of the municipalities a territory scope reaches."),
    )


class MeSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    preferred_language = serializers.CharField()
    acting_for = MembershipSerializer()
    capabilities = serializers.ListField(child=serializers.CharField())
    scope = serializers.CharField()
    read_sensitivities = serializers.ListField(child=serializers.CharField())
    write_sensitivities = serializers.ListField(child=serializers.CharField())
    memberships = MembershipSerializer(many=True)
    two_factor = serializers.BooleanField(help_text=_("Two-factor authentication is on."))
    email_notifications = serializers.BooleanField(
        help_text=_("Notifications also reach the user by e-mail.")
    )


class MeUpdateSerializer(StrictSerializer):
    email_notifications = serializers.BooleanField(
        required=False, help_text=_("Notifications also reach the user by e-mail.")
    )


class ApiTokenSerializer(serializers.ModelSerializer):
    """One of my tokens: never its key nor its hash (the key is shown once, at creation)."""

    membership = MembershipSerializer(read_only=True)
    second_factor = serializers.BooleanField(
        read_only=True, help_text=_("Issued after a one-time code (second factor).")
    )

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "prefix",
            "name",
            "membership",
            "second_factor",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
        ]
        read_only_fields = fields
