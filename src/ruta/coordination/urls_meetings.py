"""Pages: meetings."""

urlpatterns: list = []
