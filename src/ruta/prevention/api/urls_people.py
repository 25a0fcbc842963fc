"""API routes: participants, enrolment, attendance, test results, follow-up."""

urlpatterns: list = []
