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
        "transfers/<uuid:transfer_id>/accept/",
        views.TransferAcceptView.as_view(),
        name="transfer-accept",
    ),
    path(
        "transfers/<uuid:transfer_id>/decline/",
        views.TransferDeclineView.as_view(),
        name="transfer-decline",
    ),
    path(
        "transfers/<uuid:transfer_id>/withdraw/",
        views.TransferWithdrawView.as_view(),
        name="transfer-withdraw",
    ),
    path("<uuid:referral_id>/", views.ReferralDetailView.as_view(), name="referral-detail"),
    path("<uuid:referral_id>/accept/", views.ReferralAcceptView.as_view(), name="referral-accept"),
    path("<uuid:referral_id>/assign/", views.ReferralAssignView.as_view(), name="referral-assign"),
    path(
        "<uuid:referral_id>/decline/", views.ReferralDeclineView.as_view(), name="referral-decline"
    ),
    path(
        "<uuid:referral_id>/withdraw/",
        views.ReferralWithdrawView.as_view(),
        name="referral-withdraw",
    ),
    path(
        "<uuid:referral_id>/complete/",
        views.ReferralCompleteView.as_view(),
        name="referral-complete",
    ),
]
