"""Pages: returns."""

urlpatterns: list = []
