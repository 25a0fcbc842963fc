from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "ruta.institutions"
    label = "institutions"
    verbose_name = _("Institutions")

    def ready(self) -> None:
        from ruta.core.registry import institution_directory, record_institutions
        from ruta.institutions.directory import DIRECTORY, institution_itself

        institution_directory.register("institutions", DIRECTORY)
        record_institutions.register("institutions.institution", institution_itself)
