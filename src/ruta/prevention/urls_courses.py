"""Pages: competency frameworks, courses, modules, tests, sessions, trainers (slice courses)."""

urlpatterns: list = []
