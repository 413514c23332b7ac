"""What every back-office admin of projects and reports shares."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from bochum_strategie.lib.historie import LesbareHistorieAdmin

from .. import rules


class RegelAdmin(LesbareHistorieAdmin):
    """Objects outside the user's queryset do not exist for them (404, not a redirect)."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("Diesen Eintrag gibt es nicht oder Sie dürfen ihn nicht sehen."))
        return obj

    def history_view(self, request, object_id, extra_context=None):
        if not rules.darf_historie_sehen(request.user):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not rules.darf_historie_sehen(request.user):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
