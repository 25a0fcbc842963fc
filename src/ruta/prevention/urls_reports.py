"""Pages: the training report, coverage of mandatory courses, exports (slice reports)."""

urlpatterns: list = []
