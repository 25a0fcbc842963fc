"""API routes: bulk enrolment and results from spreadsheets."""

urlpatterns: list = []
