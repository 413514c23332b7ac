from django.contrib.admin.apps import AdminConfig


class BackofficeAdminConfig(AdminConfig):
    """The Django admin, as the portal's back office (bochum_strategie.backoffice)."""

    default_site = "bochum_strategie.backoffice.BackofficeSite"
