"""Pages: committees."""

urlpatterns: list = []
