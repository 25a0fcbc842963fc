from django.conf import settings

from ruta.web.navigation import items_for


def navigation(request):
    actor = getattr(request, "actor", None)
    memberships, unread = [], 0
    if actor is not None:
        from ruta.accounts.selectors import memberships_of
        from ruta.notifications.selectors import unread_count

        memberships = memberships_of(actor.user)
        unread = unread_count(actor=actor)
    return {
        "actor": actor,
        "nav_items": items_for(actor, request.path),
        "user_memberships": memberships,
        "unread_notifications": unread,
        "demo_mode": settings.DEMO_MODE,
        "relaxed_2fa": settings.DEMO_MODE or not settings.REQUIRE_2FA,
    }
