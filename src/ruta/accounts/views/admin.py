"""Administration pages: users and memberships (institution administrators), role templates
(platform administrators)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ruta.accounts import policies, selectors, services
from ruta.accounts.forms import (
    AccountActionForm,
    AccountVersionForm,
    MembershipEditForm,
    MembershipForm,
    RoleCreateForm,
    RoleForm,
    UserCreateForm,
    UserForm,
)
from ruta.accounts.models import User
from ruta.core.errors import ConflictError, require
from ruta.core.views import ActionView, apply_validation_error, base_url
from ruta.institutions.selectors import institution_list, unit_choices


def _institution_choices(actor):
    if policies._manages_all(actor):
        return institution_list(actor=actor)
    return institution_list(actor=actor).filter(pk=actor.institution_id)


def _membership_prefix(membership) -> str:
    """Each membership's form on the user page has its own field ids."""
    return f"m{membership.pk.hex[:8]}"


USER_STATE_LABELS = (
    ("", gettext_lazy("All")),
    ("active", gettext_lazy("Active")),
    ("without_2fa", gettext_lazy("Active, without two-factor authentication")),
    ("locked", gettext_lazy("Locked")),
)


class UserListView(View):
    def get(self, request):
        actor = request.actor
        require(policies.can_list_users(actor))
        search = request.GET.get("q", "").strip()[:100]
        state = request.GET.get("state", "")
        state = state if state in selectors.USER_STATES else ""
        users = selectors.user_list(actor=actor, search=search, state=state)
        page = Paginator(users, 50).get_page(request.GET.get("page"))
        template = (
            "accounts/partials/_user_rows.html" if request.htmx else "accounts/user_list.html"
        )
        query = urlencode({k: v for k, v in (("q", search), ("state", state)) if v})
        return render(
            request,
            template,
            {
                "page": page,
                "q": search,
                "state": state,
                "states": USER_STATE_LABELS,
                "query": query,
            },
        )


class UserCreateView(View):
    def _form(self, request, data=None):
        actor = request.actor
        return UserCreateForm(
            data,
            institutions=_institution_choices(actor),
            roles=policies.grantable_roles(actor),
            units=unit_choices(actor=actor),
            initial={"institution": actor.institution_id, "preferred_language": "es"},
        )

    def get(self, request):
        require(policies.can_create_user(request.actor))
        return render(request, "accounts/user_form.html", {"form": self._form(request)})

    def post(self, request):
        require(policies.can_create_user(request.actor))
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                user = services.user_create(
                    actor=request.actor, base_url=base_url(request), **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request, _("The account was created and an invitation was sent by e-mail.")
                )
                return redirect("accounts:user-detail", user_id=user.pk)
        return render(request, "accounts/user_form.html", {"form": form}, status=400)


class UserDetailView(View):
    def get(self, request, user_id):
        actor = request.actor
        user = selectors.user_get(actor=actor, user_id=user_id)
        can_manage_account = policies.can_manage_account(actor, user)
        return render(
            request,
            "accounts/user_detail.html",
            {
                "subject": user,
                # Whole-account forms and buttons (profile, password, 2FA, lock, status).
                "can_manage_account": can_manage_account,
                "account_managed_elsewhere": not can_manage_account and user.pk != actor.user_id,
                "can_add_membership": policies.can_add_membership(actor, user),
                "form": UserForm(instance=user, initial={"version": user.version}),
                "membership_form": MembershipForm(
                    prefix="new",
                    institutions=_institution_choices(actor),
                    roles=policies.grantable_roles(actor),
                    units=unit_choices(actor=actor),
                ),
                "memberships": [
                    (
                        m,
                        MembershipEditForm(
                            prefix=_membership_prefix(m),
                            initial={
                                "version": m.version,
                                "role": m.role_id,
                                "unit": m.unit_id,
                                "is_active": m.is_active,
                                **selectors.membership_places(membership=m),
                            },
                            roles=policies.grantable_roles(actor),
                            units=unit_choices(actor=actor, institution_id=m.institution_id),
                        ),
                        policies.can_change_membership(actor, m),
                    )
                    for m in user.visible_memberships  # type: ignore[attr-defined]  # user_get's Prefetch
                ],
            },
        )

    def post(self, request, user_id):
        """Edit the profile fields (name, e-mail, language)."""
        user = selectors.user_get(actor=request.actor, user_id=user_id)
        form = UserForm(request.POST, instance=user)
        if form.is_valid():
            try:
                services.user_update(
                    actor=request.actor,
                    user=user,
                    version=form.cleaned_data.get("version"),
                    **{k: form.cleaned_data[k] for k in services.USER_FIELDS},
                )
            except ConflictError as exc:
                messages.error(request, exc.message)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The changes were saved."))
        else:
            messages.error(request, _("Please correct the errors below."))
        return redirect("accounts:user-detail", user_id=user.pk)


class _UserActionView(ActionView):
    """One whole-account action on the user page: back to the user, done or not."""

    form_class: type[forms.Form] = AccountActionForm

    def load(self, request, **kwargs: Any) -> User:
        return selectors.user_get(actor=request.actor, user_id=kwargs["user_id"])

    def success_url(self, obj: User, result: Any) -> str:
        return reverse("accounts:user-detail", kwargs={"user_id": obj.pk})


class UserUnlockView(_UserActionView):
    success_message = gettext_lazy("The account is unlocked.")

    def perform(self, request, obj: User, data: dict[str, Any]) -> User:
        return services.user_unlock(actor=request.actor, user=obj)


class UserDeactivateView(_UserActionView):
    form_class = AccountVersionForm
    success_message = gettext_lazy("The account is deactivated and its sessions ended.")

    def perform(self, request, obj: User, data: dict[str, Any]) -> User:
        return services.user_set_active(
            actor=request.actor, user=obj, active=False, version=data["version"]
        )


class UserActivateView(_UserActionView):
    form_class = AccountVersionForm
    success_message = gettext_lazy("The account is active again.")

    def perform(self, request, obj: User, data: dict[str, Any]) -> User:
        return services.user_set_active(
            actor=request.actor, user=obj, active=True, version=data["version"]
        )


class UserResetPasswordView(_UserActionView):
    success_message = gettext_lazy("A link to choose a new password was sent by e-mail.")

    def perform(self, request, obj: User, data: dict[str, Any]) -> None:
        services.user_password_reset(actor=request.actor, user=obj, base_url=base_url(request))


class UserReset2faView(_UserActionView):
    success_message = gettext_lazy("Two-factor authentication was reset; the user enrols again.")

    def perform(self, request, obj: User, data: dict[str, Any]) -> None:
        services.user_totp_reset(actor=request.actor, user=obj)


class MembershipCreateView(View):
    def post(self, request, user_id):
        actor = request.actor
        user = selectors.user_get(actor=actor, user_id=user_id)
        form = MembershipForm(
            request.POST,
            prefix="new",
            institutions=_institution_choices(actor),
            roles=policies.grantable_roles(actor),
            units=unit_choices(actor=actor),
        )
        if form.is_valid():
            try:
                services.membership_create(actor=actor, user=user, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The membership was added."))
        else:
            messages.error(request, _("Choose an institution and a role you may grant."))
        return redirect("accounts:user-detail", user_id=user.pk)


class MembershipUpdateView(View):
    def post(self, request, membership_id):
        actor = request.actor
        membership = selectors.membership_get(actor=actor, membership_id=membership_id)
        form = MembershipEditForm(
            request.POST,
            prefix=_membership_prefix(membership),
            roles=policies.grantable_roles(actor),
            units=unit_choices(actor=actor, institution_id=membership.institution_id),
        )
        if form.is_valid():
            places = {
                "departments": list(form.cleaned_data.pop("departments")),
                "municipalities": list(form.cleaned_data.pop("municipalities")),
            }
            try:
                membership = services.membership_update(
                    actor=actor, membership=membership, **form.cleaned_data
                )
                services.membership_set_territory(
                    actor=actor, membership=membership, version=membership.version, **places
                )
            except ConflictError as exc:
                messages.error(request, exc.message)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The membership was updated."))
        else:
            messages.error(request, _("Choose a role you may grant."))
        return redirect("accounts:user-detail", user_id=membership.user_id)


class RoleListView(View):
    def get(self, request):
        require(policies.can_manage_roles(request.actor))
        return render(
            request, "accounts/role_list.html", {"roles": selectors.role_list(actor=request.actor)}
        )


def _role_initial(role):
    return {
        "version": role.version,
        "name": role.name,
        "description": role.description,
        "scope": role.scope,
        "capabilities": role.capabilities,
        "read_sensitivities": role.read_sensitivities,
        "write_sensitivities": role.write_sensitivities,
    }


class RoleEditView(View):
    def get(self, request, role_id):
        require(policies.can_manage_roles(request.actor))
        role = selectors.role_get(actor=request.actor, role_id=role_id)
        form = RoleForm(initial=_role_initial(role))
        return render(request, "accounts/role_form.html", {"form": form, "role": role})

    def post(self, request, role_id):
        require(policies.can_manage_roles(request.actor))
        role = selectors.role_get(actor=request.actor, role_id=role_id)
        form = RoleForm(request.POST)
        if form.is_valid():
            try:
                services.role_update(actor=request.actor, role=role, **form.cleaned_data)
            except ConflictError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("The role was saved. If what it allows changed, its holders sign in again."),
                )
                return redirect("accounts:role-list")
        return render(request, "accounts/role_form.html", {"form": form, "role": role}, status=400)


class RoleCreateView(View):
    def get(self, request):
        require(policies.can_manage_roles(request.actor))
        return render(request, "accounts/role_form.html", {"form": RoleCreateForm()})

    def post(self, request):
        require(policies.can_manage_roles(request.actor))
        form = RoleCreateForm(request.POST)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.role_create(actor=request.actor, **data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The role was created."))
                return redirect("accounts:role-list")
        return render(request, "accounts/role_form.html", {"form": form}, status=400)
