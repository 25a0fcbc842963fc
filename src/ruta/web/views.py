from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from ruta.core.api.errors import handler_problem
from ruta.web.home import home_panels


class HomeView(View):
    def get(self, request):
        return render(request, "web/home.html", {"panels": home_panels(request.actor)})


def healthz(request):
    """Liveness and database reachability, without a session."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def csrf_failure(request, reason=""):
    return render(request, "web/csrf_failure.html", status=403)


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return too_large(request)
    return handler_problem(request, 400) or render(request, "web/400.html", status=400)


def too_large(request):
    """A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django refuses to read it): a page in the
    reader's language that says so and that nothing was saved, and the way back (the
    browser's Back button keeps what was typed); 413, never a bare 400 or a 500."""
    problem = handler_problem(request, 413)
    if problem is not None:
        return problem
    referer = request.headers.get("referer", "")
    same_site = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    context = {
        "limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        "back_url": referer if referer and same_site else "",
    }
    return render(request, "web/413.html", context, status=413)


def not_found(request, exception=None):
    # An API path that matches no route answers problem+json like every other API error.
    return handler_problem(request, 404) or render(request, "web/404.html", status=404)


def server_error(request):
    """Rendered without the request: no context processor may touch a failing database."""
    return handler_problem(request, 500) or HttpResponseServerError(
        loader.get_template("web/500.html").render()
    )
