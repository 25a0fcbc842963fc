"""Public pages (no sign-in): certificate verification and the follow-up questionnaire.
Each name is listed in ``accounts.middleware.PUBLIC_URL_NAMES``."""

from django.urls import path

from ruta.prevention.views_people import FollowUpView

urlpatterns: list = [
    # -- slice people --
    path("follow-up/<str:token>/", FollowUpView.as_view(), name="follow-up"),
]
