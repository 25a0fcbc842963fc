"""API routes: frameworks."""

urlpatterns: list = []
