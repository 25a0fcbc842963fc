from django.urls import path

from ruta.accounts.views import admin, auth

app_name = "accounts"

urlpatterns = [
    path("sign-in/", auth.SignInView.as_view(), name="login"),
    path("sign-in/verify/", auth.SignInVerifyView.as_view(), name="login-verify"),
    path("sign-out/", auth.SignOutView.as_view(), name="logout"),
    path("sign-out/everywhere/", auth.SignOutEverywhereView.as_view(), name="logout-everywhere"),
    path("two-factor/", auth.TotpSetupView.as_view(), name="totp-setup"),
    path("password/", auth.PasswordChangeView.as_view(), name="password-change"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("account/", auth.AccountView.as_view(), name="account"),
    path(
        "account/notifications/",
        auth.NotificationPreferencesView.as_view(),
        name="notification-preferences",
    ),
    path(
        "account/tokens/<uuid:token_id>/revoke/",
        auth.TokenRevokeView.as_view(),
        name="token-revoke",
    ),
    path("switch/", auth.MembershipSwitchView.as_view(), name="membership-switch"),
    path("no-membership/", auth.NoMembershipView.as_view(), name="no-membership"),
    path("users/", admin.UserListView.as_view(), name="user-list"),
    path("users/new/", admin.UserCreateView.as_view(), name="user-create"),
    path("users/<uuid:user_id>/", admin.UserDetailView.as_view(), name="user-detail"),
    path(
        "users/<uuid:user_id>/memberships/",
        admin.MembershipCreateView.as_view(),
        name="membership-create",
    ),
    path("users/<uuid:user_id>/unlock/", admin.UserUnlockView.as_view(), name="user-unlock"),
    path(
        "users/<uuid:user_id>/deactivate/",
        admin.UserDeactivateView.as_view(),
        name="user-deactivate",
    ),
    path("users/<uuid:user_id>/activate/", admin.UserActivateView.as_view(), name="user-activate"),
    path(
        "users/<uuid:user_id>/reset-password/",
        admin.UserResetPasswordView.as_view(),
        name="user-reset-password",
    ),
    path(
        "users/<uuid:user_id>/reset-2fa/", admin.UserReset2faView.as_view(), name="user-reset-2fa"
    ),
    path(
        "memberships/<uuid:membership_id>/",
        admin.MembershipUpdateView.as_view(),
        name="membership-update",
    ),
    path("roles/", admin.RoleListView.as_view(), name="role-list"),
    path("roles/new/", admin.RoleCreateView.as_view(), name="role-create"),
    path("roles/<uuid:role_id>/", admin.RoleEditView.as_view(), name="role-edit"),
]
