"""factory_boy factories on top of the real Zielsystem (loaded by tests/conftest.py)."""

from datetime import date

import factory
from django.contrib.auth import get_user_model

from kernaktivitaeten.models import (
    Kennzahl,
    Kernaktivitaet,
    Meilenstein,
    Messwert,
    Organisation,
    Phase,
    Ratsbeschluss,
)
from kernaktivitaeten.suchindex import suchindex_aktualisieren
from zielsystem.models import Kompetenz


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@bochum.example")
    password = factory.django.Password("sicheres-passwort-123")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Testamt {n}")
    slug = factory.Sequence(lambda n: f"testamt-{n}")
    art = Organisation.Art.STADT


class RatsbeschlussFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ratsbeschluss

    vorlagennummer = factory.Sequence(lambda n: f"2099{n:04d}")
    datum = date(2024, 5, 16)
    # As the services keep it: the year of the date (or stated alone without a date).
    jahr = factory.LazyAttribute(lambda b: b.datum.year if b.datum else None)


class KernaktivitaetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kernaktivitaet
        skip_postgeneration_save = True

    titel = factory.Sequence(lambda n: f"Testprojekt {n}")
    slug = factory.Sequence(lambda n: f"testprojekt-{n}")
    nummer = factory.Sequence(lambda n: 5000 + n)
    projektziel = "Ein Ziel für den Test."
    kompetenz = factory.LazyFunction(lambda: Kompetenz.objects.order_by("reihenfolge").first())
    phase = Phase.UMSETZUNG
    fortschritt = 40
    veroeffentlicht = True

    @factory.post_generation
    def schwerpunkte(self, create, extracted, **kwargs):
        if create:
            self.schwerpunkte.set(
                extracted if extracted is not None else self.kompetenz.schwerpunkte.all()[:1]
            )

    @factory.post_generation
    def suchindex(self, create, extracted, **kwargs):
        # Projects are written through services in the portal, and they keep the index.
        if create:
            suchindex_aktualisieren(kernaktivitaet_ids=[self.pk])


class MeilensteinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meilenstein

    kernaktivitaet = factory.SubFactory(KernaktivitaetFactory)
    titel = factory.Sequence(lambda n: f"Meilenstein {n}")
    geplant = date(2024, 1, 1)


class KennzahlFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kennzahl

    kernaktivitaet = factory.SubFactory(KernaktivitaetFactory)
    name = "Bänke aufgestellt"
    einheit = "Bänke"
    ausgangswert = 0
    zielwert = 1000


class MesswertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Messwert

    kennzahl = factory.SubFactory(KennzahlFactory)
    datum = date(2024, 6, 30)
    wert = 517
