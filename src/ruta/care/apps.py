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

        from ruta.care.closure import closure_check, on_case_closed
        from ruta.core.registry import case_closed_hooks, closure_checks

        closure_checks.register("care", closure_check, order=10)
        case_closed_hooks.register("care", on_case_closed, order=10)
