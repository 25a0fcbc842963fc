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

        from ruta.core.registry import case_panels
        from ruta.referrals.views import case_panel

        case_panels.register("referrals", case_panel, order=20)

        from ruta.core.registry import case_closed_hooks, closure_checks
        from ruta.referrals.services.closure import closure_check, on_case_closed

        closure_checks.register("referrals", closure_check, order=20)
        case_closed_hooks.register("referrals", on_case_closed, order=20)
