from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "ruta.prevention"
    label = "prevention"
    verbose_name = _("Prevention")

    def ready(self) -> None:
        # slice outreach: the report's page names the inspection that raised it.
        from ruta.core.registry import report_panels
        from ruta.prevention.panels import report_panel

        report_panels.register("prevention.inspection", report_panel, order=50)
