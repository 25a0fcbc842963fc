from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "ruta.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from ruta.core.registry import child_case_hooks
        from ruta.referrals.services.child_protection import on_child_case

        child_case_hooks.register("referrals.mandatory_child_protection", on_child_case)

        from ruta.cases.views import CASE_PANELS
        from ruta.referrals.views import case_panel

        if case_panel not in CASE_PANELS:
            CASE_PANELS.append(case_panel)
