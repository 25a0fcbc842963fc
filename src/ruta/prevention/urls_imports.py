"""Pages: bulk enrolment and results from spreadsheets (slice imports)."""

urlpatterns: list = []
