"""Filters of the public Beschlussregister: year, body, status, Kompetenz, overdue.

A value that is not one of the offered choices makes the form invalid (the page answers 400
with a message); unknown parameters are ignored.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zielsystem.models import Kompetenz

from ..models import Beschlussstatus, Gremium


class BeschlussFilter(django_filters.FilterSet):
    jahr = django_filters.ChoiceFilter(label=_("Jahr"), method="nach_jahr", empty_label=_("alle"))
    gremium = django_filters.ChoiceFilter(
        label=_("Gremium"), choices=Gremium.choices, empty_label=_("alle")
    )
    status = django_filters.ChoiceFilter(
        label=_("Umsetzungsstand"), choices=Beschlussstatus.choices, empty_label=_("alle")
    )
    kompetenz = django_filters.ModelChoiceFilter(
        label=_("Kompetenz"),
        queryset=Kompetenz.objects.order_by("reihenfolge", "pk").only("slug", "titel"),
        to_field_name="slug",
        method="nach_kompetenz",
        empty_label=_("alle"),
    )
    ueberfaellig = django_filters.BooleanFilter(
        label=_("Nur Beschlüsse mit abgelaufener Frist"),
        method="nur_ueberfaellige",
        widget=forms.CheckboxInput,
    )

    def __init__(self, *args, jahre: list[int] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["jahr"].extra["choices"] = [(str(j), str(j)) for j in jahre]
        self.form.fields["jahr"].choices = [("", _("alle"))] + [(str(j), str(j)) for j in jahre]

    def nach_jahr(self, queryset, name, jahr):
        """The year of the date, or the stated year where no date is known."""
        if not jahr:
            return queryset
        return queryset.filter(Q(datum__year=jahr) | Q(datum__isnull=True, jahr=jahr))

    def nach_kompetenz(self, queryset, name, kompetenz):
        return queryset.fuer_kompetenzen([kompetenz.pk]) if kompetenz else queryset

    def nur_ueberfaellige(self, queryset, name, wert):
        return queryset.ueberfaellig() if wert else queryset
