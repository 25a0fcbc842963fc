"""API routes: campaigns and labour inspections."""

from django.urls import path

from ruta.prevention.api import views_outreach as v

urlpatterns: list = [
    path("campaigns/", v.CampaignListApi.as_view(), name="campaign-list"),
    path("campaigns/<uuid:campaign_id>/", v.CampaignDetailApi.as_view(), name="campaign-detail"),
    path(
        "campaigns/<uuid:campaign_id>/update/",
        v.CampaignUpdateApi.as_view(),
        name="campaign-update",
    ),
    path(
        "campaigns/<uuid:campaign_id>/reach/",
        v.CampaignReachApi.as_view(),
        name="campaign-reach",
    ),
    path(
        "campaigns/<uuid:campaign_id>/materials/",
        v.CampaignMaterialUploadApi.as_view(),
        name="campaign-material-upload",
    ),
    path(
        "campaign-materials/<uuid:material_id>/",
        v.CampaignMaterialDownloadApi.as_view(),
        name="campaign-material-download",
    ),
    path(
        "campaign-materials/<uuid:material_id>/remove/",
        v.CampaignMaterialRemoveApi.as_view(),
        name="campaign-material-remove",
    ),
    path("inspections/", v.InspectionListApi.as_view(), name="inspection-list"),
    path(
        "inspections/<uuid:inspection_id>/",
        v.InspectionDetailApi.as_view(),
        name="inspection-detail",
    ),
    path(
        "inspections/<uuid:inspection_id>/update/",
        v.InspectionUpdateApi.as_view(),
        name="inspection-update",
    ),
    path(
        "inspections/<uuid:inspection_id>/measures/",
        v.InspectionMeasureAddApi.as_view(),
        name="inspection-measure-add",
    ),
    path(
        "inspection-measures/<uuid:measure_id>/remove/",
        v.InspectionMeasureRemoveApi.as_view(),
        name="inspection-measure-remove",
    ),
    path(
        "inspections/<uuid:inspection_id>/raise-report/",
        v.InspectionRaiseReportApi.as_view(),
        name="inspection-raise-report",
    ),
]
