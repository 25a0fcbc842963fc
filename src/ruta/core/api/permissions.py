from rest_framework.permissions import BasePermission


class HasActor(BasePermission):
    """Deny by default: every endpoint needs an authenticated Actor (token or session)."""

    def has_permission(self, request, view) -> bool:
        return (
            request.successful_authenticator is not None
            and getattr(request, "actor", None) is not None
        )
