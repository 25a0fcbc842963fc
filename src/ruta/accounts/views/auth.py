"""Sign-in, two-factor authentication, passwords, sessions and the membership switcher."""

from __future__ import annotations

import time

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout, update_session_auth_hash
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from ruta.accounts import services
from ruta.accounts.forms import (
    NotificationPreferencesForm,
    OtpForm,
    PasswordChangeForm,
    SetPasswordForm,
    SignInForm,
)
from ruta.accounts.middleware import (
    SECOND_FACTOR_KEY,
    SESSION_EPOCH_KEY,
    delete_had_session_cookie,
    set_had_session_cookie,
)
from ruta.accounts.models import User
from ruta.accounts.selectors import (
    NEEDS_2FA_SETUP_KEY,
    SESSION_MEMBERSHIP_KEY,
    api_token_get,
    api_token_list,
    memberships_of,
)
from ruta.accounts.services import credentials as auth
from ruta.accounts.throttling import sign_in_wait, throttled_message
from ruta.core.errors import DomainError
from ruta.core.middleware import client_ip
from ruta.core.views import safe_next

PENDING_USER_KEY = "ruta_pending_user"
PENDING_AT_KEY = "ruta_pending_at"
PENDING_SECONDS = 300


def _keep_this_session(request) -> None:
    """After the user changed their own password or second factor, every session and token
    ended (``credentials_revoke``); the session that made the change carries on."""
    request.user.refresh_from_db(fields=["password", "session_epoch"])
    update_session_auth_hash(request, request.user)
    request.session[SESSION_EPOCH_KEY] = request.user.session_epoch


def _complete_sign_in(request, user: User, *, second_factor: bool, needs_setup: bool = False):
    request.session.pop(PENDING_USER_KEY, None)
    request.session.pop(PENDING_AT_KEY, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_EPOCH_KEY] = user.session_epoch
    request.session[SECOND_FACTOR_KEY] = second_factor
    if needs_setup:
        request.session[NEEDS_2FA_SETUP_KEY] = True
    auth.signed_in(user=user, ip=client_ip(request), request_id=request.request_id)
    target = (
        reverse("accounts:totp-setup") if needs_setup else safe_next(request, reverse("web:home"))
    )
    response = redirect(target)
    set_had_session_cookie(response)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        user.preferred_language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@method_decorator([sensitive_post_parameters("password"), never_cache], name="dispatch")
class SignInView(View):
    template_name = "accounts/sign_in.html"

    def get(self, request):
        if request.user.is_authenticated:
            return redirect("web:home")
        return render(
            request, self.template_name, {"form": SignInForm(), "next": safe_next(request, "")}
        )

    def post(self, request):
        form = SignInForm(request.POST)
        if form.is_valid():
            wait = sign_in_wait(request, form.cleaned_data["username"])
            if wait is not None:
                form.add_error(None, throttled_message(wait))
                return render(
                    request,
                    self.template_name,
                    {"form": form, "next": safe_next(request, "")},
                    status=429,
                )
            try:
                result = auth.password_check(
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password"],
                    ip=client_ip(request),
                    request_id=request.request_id,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                if result.notice:
                    messages.warning(request, result.notice)
                if result.needs_otp:
                    request.session.cycle_key()
                    request.session[PENDING_USER_KEY] = str(result.user.pk)
                    request.session[PENDING_AT_KEY] = int(time.time())
                    verify = reverse("accounts:login-verify")
                    nxt = safe_next(request, "")
                    return redirect(f"{verify}?next={nxt}" if nxt else verify)
                return _complete_sign_in(
                    request, result.user, second_factor=False, needs_setup=result.needs_setup
                )
        return render(
            request, self.template_name, {"form": form, "next": safe_next(request, "")}, status=400
        )


@method_decorator(never_cache, name="dispatch")
class SignInVerifyView(View):
    template_name = "accounts/sign_in_verify.html"

    def _pending_user(self, request) -> User | None:
        user_id = request.session.get(PENDING_USER_KEY)
        started = request.session.get(PENDING_AT_KEY, 0)
        if not user_id or time.time() - started > PENDING_SECONDS:
            return None
        return get_user_model().objects.filter(pk=user_id, is_active=True).first()

    def get(self, request):
        if self._pending_user(request) is None:
            messages.info(request, _("Enter your user name and password first."))
            return redirect("accounts:login")
        return render(
            request, self.template_name, {"form": OtpForm(), "next": safe_next(request, "")}
        )

    def post(self, request):
        user = self._pending_user(request)
        if user is None:
            messages.warning(request, _("The sign-in took too long. Start again."))
            return redirect("accounts:login")
        form = OtpForm(request.POST)
        if form.is_valid():
            wait = sign_in_wait(request, user.username)
            if wait is not None:
                form.add_error("code", throttled_message(wait))
                return render(
                    request,
                    self.template_name,
                    {"form": form, "next": safe_next(request, "")},
                    status=429,
                )
            try:
                auth.otp_verify(
                    user=user,
                    code=form.cleaned_data["code"],
                    ip=client_ip(request),
                    request_id=request.request_id,
                )
            except auth.AccountLocked as exc:
                request.session.pop(PENDING_USER_KEY, None)
                messages.error(request, exc.message)
                return redirect("accounts:login")
            except DomainError as exc:
                form.add_error("code", exc.message)
            else:
                return _complete_sign_in(request, user, second_factor=True)
        return render(
            request, self.template_name, {"form": form, "next": safe_next(request, "")}, status=400
        )


@method_decorator(never_cache, name="dispatch")
class TotpSetupView(View):
    template_name = "accounts/totp_setup.html"

    def _context(self, request, form):
        device = auth.totp_setup_begin(user=request.user) if form is None else self.device
        uri = auth.totp_provisioning_uri(device)
        return {
            "form": form or OtpForm(),
            "qr_svg": segno.make(uri, error="m").svg_inline(scale=5, dark="#1b2733"),
            "secret": " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4)),
            "required": request.session.get(NEEDS_2FA_SETUP_KEY, False),
            "enrolled": auth.has_confirmed_device(request.user),
        }

    def get(self, request):
        if auth.has_confirmed_device(request.user):
            return render(request, self.template_name, {"enrolled": True})
        return render(request, self.template_name, self._context(request, None))

    def post(self, request):
        form = OtpForm(request.POST)
        device = auth.totp_pending_device(user=request.user)
        if device is None or device.confirmed_at is not None:
            return redirect("accounts:totp-setup")
        self.device = device
        if form.is_valid():
            try:
                auth.totp_setup_confirm(
                    user=request.user, code=form.cleaned_data["code"], ip=client_ip(request)
                )
            except DomainError as exc:
                form.add_error("code", exc.message)
            else:
                _keep_this_session(request)
                request.session.pop(NEEDS_2FA_SETUP_KEY, None)
                request.session[SECOND_FACTOR_KEY] = True
                messages.success(request, _("Two-factor authentication is on for your account."))
                return redirect("web:home")
        return render(request, self.template_name, self._context(request, form), status=400)


class SignOutView(View):
    def post(self, request):
        if request.user.is_authenticated:
            auth.signed_out(user=request.user, ip=client_ip(request), request_id=request.request_id)
        logout(request)
        response = redirect("accounts:login")
        delete_had_session_cookie(response)
        messages.success(request, _("You have signed out."))
        return response


class SignOutEverywhereView(View):
    def post(self, request):
        auth.sign_out_everywhere(user=request.user, ip=client_ip(request))
        logout(request)
        response = redirect("accounts:login")
        delete_had_session_cookie(response)
        messages.success(
            request,
            _("You have been signed out of every session and your API tokens were revoked."),
        )
        return response


@method_decorator(sensitive_post_parameters(), name="dispatch")
class PasswordChangeView(View):
    template_name = "accounts/password_change.html"

    def get(self, request):
        return render(request, self.template_name, {"form": PasswordChangeForm()})

    def post(self, request):
        form = PasswordChangeForm(request.POST)
        if form.is_valid():
            try:
                auth.password_change(
                    user=request.user,
                    old_password=form.cleaned_data["old_password"],
                    new_password=form.cleaned_data["new_password1"],
                )
            except DomainError as exc:
                form.add_error("old_password", exc.message)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("new_password1", message)
            else:
                _keep_this_session(request)
                messages.success(
                    request,
                    _(
                        "Your password has been changed. Your other sessions ended and your "
                        "API tokens were revoked."
                    ),
                )
                return redirect("accounts:account")
        return render(request, self.template_name, {"form": form}, status=400)


@method_decorator([sensitive_post_parameters(), never_cache], name="dispatch")
class PasswordResetConfirmView(View):
    template_name = "accounts/password_reset_confirm.html"

    def _user(self, uidb64: str, token: str) -> User | None:
        try:
            user_id = force_str(urlsafe_base64_decode(uidb64))
            user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        except (ValueError, ValidationError):
            return None
        if user is None or not default_token_generator.check_token(user, token):
            return None
        return user

    def get(self, request, uidb64, token):
        user = self._user(uidb64, token)
        if user is None:
            return render(request, self.template_name, {"invalid": True}, status=400)
        return render(request, self.template_name, {"form": SetPasswordForm()})

    def post(self, request, uidb64, token):
        user = self._user(uidb64, token)
        if user is None:
            return render(request, self.template_name, {"invalid": True}, status=400)
        form = SetPasswordForm(request.POST)
        if form.is_valid():
            try:
                auth.password_set_from_reset(
                    user=user, new_password=form.cleaned_data["new_password1"]
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("new_password1", message)
            else:
                messages.success(request, _("Your password is set. You can sign in now."))
                return redirect("accounts:login")
        return render(request, self.template_name, {"form": form}, status=400)


class AccountView(View):
    """The user's own page: memberships, notification e-mails, two-factor status, tokens,
    sessions."""

    def get(self, request):
        return render(
            request,
            "accounts/account.html",
            {
                "memberships": memberships_of(request.user),
                "has_2fa": auth.has_confirmed_device(request.user),
                "tokens": api_token_list(actor=request.actor),
                "preferences_form": NotificationPreferencesForm(
                    initial={"email_notifications": request.user.email_notifications}
                ),
            },
        )


class TokenRevokeView(View):
    """Revoke one of my own API tokens from the account page (HTMX swaps the table; a plain
    form post comes back to the page)."""

    def post(self, request, token_id):
        token = api_token_get(actor=request.actor, token_id=token_id)
        auth.token_revoke(actor=request.actor, token=token)
        if request.htmx:
            return render(
                request,
                "accounts/partials/_api_tokens.html",
                {"tokens": api_token_list(actor=request.actor), "revoked": token},
            )
        messages.success(
            request, _("The token %(prefix)s… was revoked.") % {"prefix": token.prefix}
        )
        return redirect("accounts:account")


class NotificationPreferencesView(View):
    def post(self, request):
        form = NotificationPreferencesForm(request.POST)
        if form.is_valid():  # a lone checkbox: always valid, absent means off
            services.notification_preferences_set(
                actor=request.actor, email_notifications=form.cleaned_data["email_notifications"]
            )
            messages.success(request, _("Your notification preferences were saved."))
        return redirect("accounts:account")


class MembershipSwitchView(View):
    def post(self, request):
        try:
            membership = services.membership_switch(
                actor=request.actor, membership_id=request.POST.get("membership")
            )
        except (Http404, ValidationError, ValueError):
            messages.error(request, _("You cannot act for that institution."))
            return redirect("web:home")
        request.session[SESSION_MEMBERSHIP_KEY] = str(membership.pk)
        messages.success(
            request,
            _("You are now acting for %(institution)s as %(role)s.")
            % {"institution": membership.institution.short_name, "role": membership.role.label},
        )
        return redirect("web:home")


class NoMembershipView(View):
    def get(self, request):
        return render(request, "accounts/no_membership.html", status=403)
