"""Pages: recomputing computed indicators."""

from django.urls import path

from ruta.results import views_computations as v

urlpatterns: list = [
    path(
        "frameworks/<uuid:framework_id>/recompute/",
        v.FrameworkRecomputeView.as_view(),
        name="framework-recompute",
    ),
]
