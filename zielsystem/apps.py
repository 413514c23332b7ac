from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZielsystemConfig(AppConfig):
    name = "zielsystem"
    verbose_name = _("Zielsystem")
