"""API routes: actions."""

urlpatterns: list = []
