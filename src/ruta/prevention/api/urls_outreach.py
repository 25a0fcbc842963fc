"""API routes: campaigns and labour inspections."""

urlpatterns: list = []
