"""Pages: campaigns and labour inspections (slice outreach)."""

urlpatterns: list = []
