"""Public pages (no sign-in): certificate verification and the follow-up questionnaire.
Each name is listed in ``accounts.middleware.PUBLIC_URL_NAMES``."""

urlpatterns: list = []
