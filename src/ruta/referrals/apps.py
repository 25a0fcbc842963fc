from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "ruta.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from ruta.cases.services import child_case
        from ruta.referrals.services import on_child_case

        child_case.connect(on_child_case, dispatch_uid="referrals.mandatory_child_protection")

        from ruta.core.registry import case_panels
        from ruta.referrals.views import case_panel

        case_panels.register("referrals", case_panel, order=20)
