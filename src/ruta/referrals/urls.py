from django.urls import path

from ruta.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.ReferralListView.as_view(), name="referral-list"),
    path("directory/", views.DirectoryView.as_view(), name="directory"),
    path("directory/offerings/", views.OfferingSaveView.as_view(), name="offering-save"),
    path("cases/<uuid:case_id>/new/", views.ReferralNewView.as_view(), name="referral-new"),
    path("cases/<uuid:case_id>/transfer/", views.TransferNewView.as_view(), name="transfer-new"),
    path(
        "transfers/<uuid:transfer_id>/", views.TransferDetailView.as_view(), name="transfer-detail"
    ),
    path(
        "transfers/<uuid:transfer_id>/<slug:action>/",
        views.TransferActionView.as_view(),
        name="transfer-action",
    ),
    path("<uuid:referral_id>/", views.ReferralDetailView.as_view(), name="referral-detail"),
    path(
        "<uuid:referral_id>/<slug:action>/",
        views.ReferralActionView.as_view(),
        name="referral-action",
    ),
]
