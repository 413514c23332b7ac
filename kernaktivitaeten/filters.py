"""The public catalogue's filters: one FilterSet, its state in the query string."""

import django_filters
from django import forms
from django.db.models import Count, F
from django.utils.translation import gettext_lazy as _

from querschnitt.models import Nachhaltigkeitsziel, Querschnittsthema
from zielsystem.models import Kompetenz, Schwerpunkt

from .models import Kernaktivitaet, Organisation, Phase
from .search import MAX_LAENGE, suche

SORTIERUNGEN = [
    ("titel", _("Titel (A–Z)")),
    ("-aktualisiert", _("Zuletzt aktualisiert")),
    ("-fortschritt", _("Fortschritt (höchster zuerst)")),
    ("fortschritt", _("Fortschritt (niedrigster zuerst)")),
]

# Facets: filter name -> the field whose values are counted for that filter's options.
FACETTEN = {
    "kompetenz": "kompetenz__slug",
    "schwerpunkt": "schwerpunkte__pk",
    "thema": "querschnittsthemen__slug",
    "sdg": "nachhaltigkeitsziele__nummer",
    "phase": "phase",
    "jahr": "ratsbeschluss__datum__year",
    "organisation": "organisation__slug",
}


class Sortierung(django_filters.OrderingFilter):
    """Ordering with empty values last on every database (PostgreSQL puts NULL first in DESC)."""

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        feld = F(self.param_map[param[1:] if descending else param])
        return feld.desc(nulls_last=True) if descending else feld.asc(nulls_last=True)


class KatalogFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Suche"),
        method="filter_suche",
        max_length=MAX_LAENGE,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kompetenz = django_filters.ModelChoiceFilter(
        label=_("Kompetenz"),
        queryset=Kompetenz.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle Kompetenzen"),
    )
    schwerpunkt = django_filters.ModelChoiceFilter(
        label=_("Schwerpunkt"),
        field_name="schwerpunkte",
        queryset=Schwerpunkt.objects.all(),
        empty_label=_("Alle Schwerpunkte"),
    )
    thema = django_filters.ModelChoiceFilter(
        label=_("Querschnittsthema"),
        field_name="querschnittsthemen",
        queryset=Querschnittsthema.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle Querschnittsthemen"),
    )
    sdg = django_filters.ModelChoiceFilter(
        label=_("Nachhaltigkeitsziel (SDG)"),
        field_name="nachhaltigkeitsziele",
        queryset=Nachhaltigkeitsziel.objects.all(),
        to_field_name="nummer",
        empty_label=_("Alle SDGs"),
    )
    phase = django_filters.ChoiceFilter(
        label=_("Phase"), choices=Phase.choices, empty_label=_("Alle Phasen")
    )
    jahr = django_filters.ChoiceFilter(
        label=_("Tranche (Jahr des Ratsbeschlusses)"),
        field_name="ratsbeschluss__datum__year",
        empty_label=_("Alle Jahre"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Federführende Organisation"),
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle Organisationen"),
    )
    sortierung = Sortierung(
        label=_("Sortierung"),
        fields=["titel", "aktualisiert", "fortschritt"],
        choices=SORTIERUNGEN,
        empty_label=_("Standard (beste Treffer, sonst Titel)"),
    )

    class Meta:
        model = Kernaktivitaet
        fields = []

    def __init__(self, *args, jahre=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["jahr"].extra["choices"] = [(jahr, str(jahr)) for jahr in jahre]

    def filter_suche(self, queryset, name, value):
        return suche(queryset, value)

    def facetten(self) -> dict[str, dict]:
        """For each filter, how many projects each of its options would match.

        Counted over the queryset with all *other* active filters applied, one query per
        filter, so the number of queries does not depend on the data.
        """
        data = self.form.cleaned_data if self.form.is_valid() else {}
        ergebnis = {}
        for name, feld in FACETTEN.items():
            andere = {k: v for k, v in data.items() if k != name and k != "sortierung"}
            qs = self.queryset
            for filter_name, value in andere.items():
                if value not in (None, "", [], ()):
                    qs = self.filters[filter_name].filter(qs, value)
            zaehlung = (
                qs.order_by()
                .values_list(feld)
                .annotate(anzahl=Count("pk", distinct=True))
                .values_list(feld, "anzahl")
            )
            ergebnis[name] = {wert: anzahl for wert, anzahl in zaehlung if wert is not None}
        return ergebnis


def optionen_mit_zahlen(filterset: KatalogFilter, facetten: dict[str, dict]) -> None:
    """Writes "Option (n)" labels into the filter form's select fields."""
    form = filterset.form
    for name, zaehlung in facetten.items():
        feld = form.fields[name]
        if isinstance(feld, forms.ModelChoiceField):
            schluessel = filterset.filters[name].extra.get("to_field_name") or "pk"

            def label(obj, zaehlung=zaehlung, schluessel=schluessel):
                return f"{obj} ({zaehlung.get(getattr(obj, schluessel), 0)})"

            feld.label_from_instance = label
        else:
            feld.choices = [
                (wert, f"{text} ({zaehlung.get(_coerce(wert), 0)})") if wert != "" else (wert, text)
                for wert, text in feld.choices
            ]


def _coerce(wert):
    try:
        return int(wert)
    except (TypeError, ValueError):
        return wert
