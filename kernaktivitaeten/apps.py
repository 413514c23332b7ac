from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KernaktivitaetenConfig(AppConfig):
    name = "kernaktivitaeten"
    verbose_name = _("Kernaktivitäten")
