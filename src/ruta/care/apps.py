from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "ruta.care"
    label = "care"
    verbose_name = _("Assessment and care")

    def ready(self) -> None:
        from ruta.care.views import case_panel
        from ruta.core.registry import case_panels

        case_panels.register("care", case_panel, order=10)
