"""API v1 for sign-in tokens, the current actor, users and memberships."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from ruta.accounts import policies, selectors, services
from ruta.accounts.api import serializers as s
from ruta.accounts.api.authentication import BearerTokenAuthentication
from ruta.accounts.models import ApiToken, User
from ruta.accounts.services import credentials as auth
from ruta.accounts.throttling import SignInThrottle
from ruta.core.actor import Actor
from ruta.core.api.errors import problem
from ruta.core.api.views import ActionApi
from ruta.core.errors import require
from ruta.core.middleware import client_ip
from ruta.core.views import base_url
from ruta.institutions.selectors import institution_get, places_by_code, unit_get


class TokenApi(GenericAPIView):
    """POST: exchange user name, password (and the one-time code) for a token.
    DELETE: revoke the token used for this request."""

    authentication_classes = [BearerTokenAuthentication]
    serializer_class = s.TokenRequestSerializer
    throttle_classes = [SignInThrottle]

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else super().get_permissions()

    @extend_schema(request=s.TokenRequestSerializer, responses={201: s.TokenSerializer})
    def post(self, request):
        data = s.TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        ip = client_ip(request._request)
        result = auth.password_check(
            username=v["username"], password=v["password"], ip=ip, request_id=request.request_id
        )
        if result.needs_setup:
            return problem(
                400,
                _("Two-factor authentication required"),
                _("Turn on two-factor authentication in the web interface first."),
                kind="two-factor-setup",
            )
        if result.needs_otp:
            if not v.get("otp_code"):
                return problem(
                    400,
                    _("One-time code required"),
                    _("Send otp_code with the current code from your authenticator app."),
                    kind="otp-required",
                    errors={"otp_code": [_("This field is required.")]},
                )
            auth.otp_verify(
                user=result.user, code=v["otp_code"], ip=ip, request_id=request.request_id
            )
        membership = auth.membership_for_user(result.user, v.get("membership"))
        if membership is None:
            return problem(
                400,
                _("No membership"),
                _("This account does not belong to that institution, or to any active one."),
                kind="no-membership",
            )
        auth.signed_in(user=result.user, ip=ip, request_id=request.request_id, via="api")
        token, key = auth.token_create(
            user=result.user,
            membership=membership,
            second_factor=result.needs_otp,  # otp_verify passed above, or raised
            name=v.get("name", ""),
            ip=ip,
        )
        return Response(
            {
                "token": key,
                "expires_at": token.expires_at,
                "membership": s.MembershipSerializer(membership).data,
            },
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        if not isinstance(request.auth, ApiToken):
            return problem(
                400,
                _("No token"),
                _("Send the token to revoke in the Authorization header."),
                kind="no-token",
            )
        auth.token_revoke(actor=request.actor, token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeApi(GenericAPIView):
    """GET: who is calling, for which institution, with what access.
    PATCH: the caller's own preferences (whether notifications are also e-mailed)."""

    serializer_class = s.MeSerializer

    def _me(self, actor: Actor, user: User) -> Response:
        data = {
            "id": user.pk,
            "username": user.username,
            "full_name": user.get_full_name(),
            "preferred_language": user.preferred_language,
            "acting_for": actor.membership,
            "capabilities": sorted(actor.capabilities),
            "scope": actor.scope,
            "read_sensitivities": sorted(actor.read_sensitivities),
            "write_sensitivities": sorted(actor.write_sensitivities),
            "memberships": selectors.memberships_of(user),
            "two_factor": auth.has_confirmed_device(user),
            "email_notifications": user.email_notifications,
        }
        return Response(s.MeSerializer(data).data)

    def get(self, request):
        return self._me(request.actor, request.actor.user)

    @extend_schema(request=s.MeUpdateSerializer, responses={200: s.MeSerializer})
    def patch(self, request):
        actor = request.actor
        # Partial: a field left out is left alone, whatever the content type.
        data = s.MeUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = actor.user
        if "email_notifications" in data.validated_data:
            user = services.notification_preferences_set(
                actor=actor, email_notifications=data.validated_data["email_notifications"]
            )
        return self._me(actor, user)


class MeTokenListApi(GenericAPIView):
    """GET: my API tokens that still work, for whichever of my memberships each acts for."""

    serializer_class = s.ApiTokenSerializer

    @extend_schema(operation_id="me_tokens_list", responses=s.ApiTokenSerializer(many=True))
    def get(self, request):
        page = self.paginate_queryset(selectors.api_token_list(actor=request.actor))
        return self.get_paginated_response(s.ApiTokenSerializer(page, many=True).data)


class MeTokenRevokeApi(GenericAPIView):
    """POST: revoke one of my tokens (another person's token, or one already revoked or
    expired, answers 404)."""

    serializer_class = s.ApiTokenSerializer

    @extend_schema(request=None, responses={200: s.ApiTokenSerializer})
    def post(self, request, token_id):
        token = selectors.api_token_get(actor=request.actor, token_id=token_id)
        token = auth.token_revoke(actor=request.actor, token=token)
        return Response(s.ApiTokenSerializer(token).data)


class UserListApi(GenericAPIView):
    serializer_class = s.UserSerializer

    @extend_schema(operation_id="users_list", responses=s.UserSerializer(many=True))
    def get(self, request):
        require(policies.can_list_users(request.actor))
        qs = selectors.user_list(
            actor=request.actor, search=request.query_params.get("q", "")[:100]
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.UserSerializer(page, many=True).data)

    @extend_schema(request=s.UserCreateSerializer, responses={201: s.UserSerializer})
    def post(self, request):
        actor = request.actor
        require(policies.can_create_user(actor))
        data = s.UserCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        institution = institution_get(actor=actor, institution_id=v.pop("institution"))
        role = selectors.grantable_role_get(actor=actor, role_id=v.pop("role"))
        unit_id = v.pop("unit", None)
        unit = (
            unit_get(actor=actor, unit_id=unit_id, institution_id=institution.pk)
            if unit_id
            else None
        )
        user = services.user_create(
            actor=actor,
            institution=institution,
            role=role,
            unit=unit,
            base_url=base_url(request._request),
            **v,
        )
        user = selectors.user_get(actor=actor, user_id=user.pk)
        return Response(s.UserSerializer(user).data, status=status.HTTP_201_CREATED)


class UserDetailApi(GenericAPIView):
    serializer_class = s.UserSerializer

    def get(self, request, user_id):
        user = selectors.user_get(actor=request.actor, user_id=user_id)
        return Response(s.UserSerializer(user).data)

    @extend_schema(request=s.UserUpdateSerializer)
    def patch(self, request, user_id):
        user = selectors.user_get(actor=request.actor, user_id=user_id)
        data = s.UserUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        services.user_update(actor=request.actor, user=user, version=v.pop("version"), **v)
        user = selectors.user_get(actor=request.actor, user_id=user_id)
        return Response(s.UserSerializer(user).data)


class _UserActionApi(ActionApi):
    """A whole-account action: answers with the user as it is now. Unlock and the resets take
    no body (one sent is ignored)."""

    response_serializer_class = s.UserSerializer

    def load(self, request, **kwargs: Any) -> User:
        return selectors.user_get(actor=request.actor, user_id=kwargs["user_id"])

    def respond(self, request, result: User) -> Response:
        # Read again through the selector: the memberships the caller may see.
        user = selectors.user_get(actor=request.actor, user_id=result.pk)
        return super().respond(request, user)


class UserUnlockApi(_UserActionApi):
    """Unlock an account locked after failed sign-ins. No body."""

    serializer_class = None

    def perform(self, request, obj: User, data: dict[str, Any]) -> User:
        return services.user_unlock(actor=request.actor, user=obj)


class UserDeactivateApi(_UserActionApi):
    """Deactivate an account: its sessions and tokens end at once."""

    serializer_class = s.UserDeactivateSerializer

    def perform(self, request, obj: User, data: dict[str, Any]) -> User:
        return services.user_set_active(
            actor=request.actor, user=obj, active=False, version=data["version"]
        )


class UserActivateApi(_UserActionApi):
    """Activate a deactivated account again."""

    serializer_class = s.UserActivateSerializer

    def perform(self, request, obj: User, data: dict[str, Any]) -> User:
        return services.user_set_active(
            actor=request.actor, user=obj, active=True, version=data["version"]
        )


class UserResetPasswordApi(_UserActionApi):
    """Send a link to choose a new password; the old one stops working. No body."""

    serializer_class = None

    def perform(self, request, obj: User, data: dict[str, Any]) -> User:
        services.user_password_reset(
            actor=request.actor, user=obj, base_url=base_url(request._request)
        )
        return obj


class UserReset2faApi(_UserActionApi):
    """Remove the two-factor device: the user enrols again at the next sign-in. No body."""

    serializer_class = None

    def perform(self, request, obj: User, data: dict[str, Any]) -> User:
        services.user_totp_reset(actor=request.actor, user=obj)
        return obj


class MembershipListApi(GenericAPIView):
    serializer_class = s.MembershipSerializer

    @extend_schema(operation_id="memberships_list", responses=s.MembershipSerializer(many=True))
    def get(self, request):
        require(policies.can_list_users(request.actor))
        qs = selectors.membership_list(actor=request.actor)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.MembershipSerializer(page, many=True).data)

    @extend_schema(request=s.MembershipCreateSerializer, responses={201: s.MembershipSerializer})
    def post(self, request):
        actor = request.actor
        require(policies.can_list_users(actor))
        data = s.MembershipCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        user = selectors.user_get(actor=actor, user_id=v["user"])
        institution = institution_get(actor=actor, institution_id=v["institution"])
        role = selectors.grantable_role_get(actor=actor, role_id=v["role"])
        unit = (
            unit_get(actor=actor, unit_id=v["unit"], institution_id=institution.pk)
            if v.get("unit")
            else None
        )
        membership = services.membership_create(
            actor=actor, user=user, institution=institution, role=role, unit=unit
        )
        return Response(s.MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)


class MembershipDetailApi(GenericAPIView):
    serializer_class = s.MembershipDetailSerializer

    def get(self, request, membership_id):
        membership = selectors.membership_get(actor=request.actor, membership_id=membership_id)
        return Response(s.MembershipDetailSerializer(membership).data)

    @extend_schema(request=s.MembershipUpdateSerializer)
    def patch(self, request, membership_id):
        actor = request.actor
        membership = selectors.membership_get(actor=actor, membership_id=membership_id)
        data = s.MembershipUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        role = (
            selectors.grantable_role_get(actor=actor, role_id=v["role"]) if v.get("role") else None
        )
        unit = membership.unit
        if "unit" in v:
            unit = (
                unit_get(actor=actor, unit_id=v["unit"], institution_id=membership.institution_id)
                if v["unit"]
                else None
            )
        places = None
        if "departments" in v or "municipalities" in v:
            current = selectors.membership_places(membership=membership)
            places = places_by_code(
                departments=v.get("departments", current["departments"]),
                municipalities=v.get("municipalities", current["municipalities"]),
            )
        with transaction.atomic():
            membership = services.membership_update(
                actor=actor,
                membership=membership,
                version=v["version"],
                role=role,
                unit=unit,
                is_active=v.get("is_active"),
            )
            if places is not None:
                membership = services.membership_set_territory(
                    actor=actor, membership=membership, version=membership.version, **places
                )
        return Response(s.MembershipDetailSerializer(membership).data)


class RoleListApi(GenericAPIView):
    serializer_class = s.RoleSerializer

    @extend_schema(operation_id="roles_list", responses=s.RoleSerializer(many=True))
    def get(self, request):
        require(policies.can_view_roles(request.actor))
        qs = selectors.role_list(actor=request.actor)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.RoleSerializer(page, many=True).data)
