"""Audit history in the back office: readable, never a way to change data."""

from django.http import Http404, HttpResponseNotAllowed
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin


class LesbareHistorieAdmin(SimpleHistoryAdmin):
    """History list and old versions of a record, for whoever may see the record.

    An unknown or malformed id is a 404 (simple_history itself fails on a non-numeric one
    with a 500), and an old version is only read: restoring it would bypass the services that
    write the record (and could change an approved report), so a POST is refused. Who may see
    history at all is decided by the subclass (``history_view`` / ``history_form_view``).
    """

    def _objekt_oder_404(self, request, object_id):
        objekt = self.get_object(request, object_id)
        if objekt is None:
            raise Http404(_("Diesen Eintrag gibt es nicht oder Sie dürfen ihn nicht sehen."))
        return objekt

    def history_view(self, request, object_id, extra_context=None):
        self._objekt_oder_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        self._objekt_oder_404(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)
