"""Pages: computations."""

urlpatterns: list = []
