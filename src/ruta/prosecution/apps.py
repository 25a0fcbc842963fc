from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProsecutionConfig(AppConfig):
    name = "ruta.prosecution"
    label = "prosecution"
    verbose_name = _("Prosecution")
