from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProsecutionConfig(AppConfig):
    name = "ruta.prosecution"
    label = "prosecution"
    verbose_name = _("Prosecution")

    def ready(self) -> None:
        from ruta.core.registry import case_panels, closure_checks
        from ruta.prosecution.closure import closure_check
        from ruta.prosecution.panels import case_panel

        case_panels.register("prosecution", case_panel, order=40)
        closure_checks.register("prosecution", closure_check, order=40)
