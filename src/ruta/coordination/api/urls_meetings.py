"""API routes: meetings."""

urlpatterns: list = []
