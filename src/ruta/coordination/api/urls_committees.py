"""API routes: committees."""

urlpatterns: list = []
