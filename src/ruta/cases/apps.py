from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "ruta.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from ruta.cases.report_actions import open_case_action
        from ruta.core.registry import report_actions

        report_actions.register("cases.open", open_case_action)
