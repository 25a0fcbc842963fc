"""API routes: reports."""

urlpatterns: list = []
