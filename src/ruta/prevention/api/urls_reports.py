"""API routes: the training report, coverage of mandatory courses, exports."""

urlpatterns: list = []
