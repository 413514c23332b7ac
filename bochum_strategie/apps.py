from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class BackofficeAdminConfig(AdminConfig):
    """The Django admin, as the portal's back office (bochum_strategie.backoffice)."""

    default_site = "bochum_strategie.backoffice.BackofficeSite"


class PortalConfig(AppConfig):
    """Site-wide records of the portal itself: legal page texts and accessibility feedback
    (docs/decisions/0006-seitentexte-im-projektpaket.md)."""

    name = "bochum_strategie"
    label = "portal"
    verbose_name = _("Seitentexte und Rückmeldungen")
