from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views import View

from ruta.notifications import selectors, services


class NotificationListView(View):
    def get(self, request):
        page = Paginator(selectors.notification_list(actor=request.actor), 50).get_page(
            request.GET.get("page")
        )
        return render(request, "notifications/notification_list.html", {"page": page})


class NotificationReadAllView(View):
    """Mark every notification of mine read (the API's POST /notifications/read-all/)."""

    def post(self, request):
        services.notifications_mark_read(actor=request.actor)
        return redirect("notifications:notification-list")
