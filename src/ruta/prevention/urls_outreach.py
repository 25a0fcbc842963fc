"""Pages: campaigns and labour inspections (slice outreach)."""

from django.urls import path

from ruta.prevention import views_campaigns as campaigns
from ruta.prevention import views_inspections as inspections

urlpatterns: list = [
    path("campaigns/", campaigns.CampaignListView.as_view(), name="campaign-list"),
    path("campaigns/new/", campaigns.CampaignNewView.as_view(), name="campaign-new"),
    path(
        "campaigns/<uuid:campaign_id>/",
        campaigns.CampaignDetailView.as_view(),
        name="campaign-detail",
    ),
    path(
        "campaigns/<uuid:campaign_id>/edit/",
        campaigns.CampaignEditView.as_view(),
        name="campaign-edit",
    ),
    path(
        "campaigns/<uuid:campaign_id>/reach/",
        campaigns.CampaignReachView.as_view(),
        name="campaign-reach",
    ),
    path(
        "campaigns/<uuid:campaign_id>/materials/",
        campaigns.CampaignMaterialUploadView.as_view(),
        name="campaign-material-upload",
    ),
    path(
        "campaign-materials/<uuid:material_id>/",
        campaigns.CampaignMaterialDownloadView.as_view(),
        name="campaign-material-download",
    ),
    path(
        "campaign-materials/<uuid:material_id>/remove/",
        campaigns.CampaignMaterialRemoveView.as_view(),
        name="campaign-material-remove",
    ),
    path("inspections/", inspections.InspectionListView.as_view(), name="inspection-list"),
    path("inspections/new/", inspections.InspectionNewView.as_view(), name="inspection-new"),
    path(
        "inspections/<uuid:inspection_id>/",
        inspections.InspectionDetailView.as_view(),
        name="inspection-detail",
    ),
    path(
        "inspections/<uuid:inspection_id>/edit/",
        inspections.InspectionEditView.as_view(),
        name="inspection-edit",
    ),
    path(
        "inspections/<uuid:inspection_id>/measures/",
        inspections.InspectionMeasureAddView.as_view(),
        name="inspection-measure-add",
    ),
    path(
        "inspection-measures/<uuid:measure_id>/remove/",
        inspections.InspectionMeasureRemoveView.as_view(),
        name="inspection-measure-remove",
    ),
    path(
        "inspections/<uuid:inspection_id>/raise-report/",
        inspections.InspectionRaiseReportView.as_view(),
        name="inspection-raise-report",
    ),
]
