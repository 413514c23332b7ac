from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuerschnittConfig(AppConfig):
    name = "querschnitt"
    verbose_name = _("Querschnittsthemen und SDGs")
