"""Pages: cooperation."""

urlpatterns: list = []
