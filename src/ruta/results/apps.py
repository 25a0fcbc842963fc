from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "ruta.results"
    label = "results"
    verbose_name = _("Results")

    def ready(self) -> None:
        # The named computations register themselves in results.registry.
        from ruta.results import computations  # noqa: F401
