"""API routes: competency frameworks, courses, modules, tests, sessions, trainers."""

urlpatterns: list = []
