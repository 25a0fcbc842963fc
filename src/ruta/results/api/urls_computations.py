"""API routes: recomputing computed indicators."""

from django.urls import path

from ruta.results.api import views_computations as v

urlpatterns: list = [
    path(
        "frameworks/<uuid:framework_id>/recompute/",
        v.FrameworkRecomputeApi.as_view(),
        name="results-framework-recompute",
    ),
    path(
        "indicators/<uuid:indicator_id>/recompute/",
        v.IndicatorRecomputeApi.as_view(),
        name="results-indicator-recompute",
    ),
]
