"""Named writes of the kernaktivitaeten app. Admin, views and commands call these."""

from django.db import transaction
from django.utils import timezone

from .html import bereinigen
from .models import AlterSlug, Kernaktivitaet


@transaction.atomic
def kernaktivitaet_speichern(*, kernaktivitaet: Kernaktivitaet, alter_slug: str | None = None):
    """Saves a project: sanitises its description, stamps the change, keeps old URLs alive.

    ``alter_slug`` is the slug before this change; when it differs, the old address is kept
    as a permanent redirect (and a slug taken back is no longer a redirect).
    """
    kernaktivitaet.beschreibung = bereinigen(kernaktivitaet.beschreibung)
    kernaktivitaet.aktualisiert = timezone.now()
    kernaktivitaet.save()
    if alter_slug and alter_slug != kernaktivitaet.slug:
        AlterSlug.objects.filter(slug=kernaktivitaet.slug).delete()
        AlterSlug.objects.update_or_create(
            slug=alter_slug, defaults={"kernaktivitaet": kernaktivitaet}
        )
    return kernaktivitaet
