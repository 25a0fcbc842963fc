"""Pages: frameworks."""

urlpatterns: list = []
