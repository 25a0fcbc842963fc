"""Pages: participants, enrolment, attendance, test results, follow-up (slice people)."""

urlpatterns: list = []
