"""API routes: returns."""

urlpatterns: list = []
