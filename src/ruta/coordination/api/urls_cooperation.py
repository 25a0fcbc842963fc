"""API routes: cooperation."""

urlpatterns: list = []
