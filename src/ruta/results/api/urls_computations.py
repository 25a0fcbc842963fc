"""API routes: computations."""

urlpatterns: list = []
