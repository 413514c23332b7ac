"""The public catalogue's filters: one FilterSet, its state in the query string."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, F
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from bochum_strategie.lib.seitencache import je_datenstand
from querschnitt.models import Nachhaltigkeitsziel, Querschnittsthema
from zielsystem.models import Kompetenz, Schwerpunkt

from .models import Kernaktivitaet, Organisation, Phase
from .search import MAX_LAENGE, InListe, Suchanfrage, suche

# The phase filter's option for projects whose phase no source states (phase "").
PHASE_OHNE = "ohne"

SORTIERUNGEN = [
    ("titel", _("Titel (A–Z)")),
    ("-aktualisiert", _("Zuletzt aktualisiert")),
    ("-fortschritt", _("Fortschritt (höchster zuerst)")),
    ("fortschritt", _("Fortschritt (niedrigster zuerst)")),
]

# Facets: filter name -> (many-to-many relation, or None for a column of the project itself;
# the column counted). Counted are plain ids, without joins to the option tables; the ids
# become the options' keys (slug, number, year) in Python, from rows the form loads anyway.
FACETTEN = {
    "kompetenz": (None, "kompetenz_id"),
    "schwerpunkt": ("schwerpunkte", "schwerpunkt_id"),
    "thema": ("querschnittsthemen", "querschnittsthema_id"),
    "sdg": ("nachhaltigkeitsziele", "nachhaltigkeitsziel_id"),
    "phase": (None, "phase"),
    "jahr": (None, "ratsbeschluss_id"),
    "organisation": (None, "organisation_id"),
}


class EinmalGeladeneAuswahl(django_filters.fields.ModelChoiceField):
    """A choice of rows of a small table, read once per form: the same rows are the options
    and validate the submitted value (Django's ModelChoiceField queries for each)."""

    class Iterator(django_filters.fields.ModelChoiceIterator):
        def __iter__(self):
            if self.field.empty_label is not None:
                yield ("", self.field.empty_label)
            for obj in self.field.zeilen:
                yield self.choice(obj)

        def __len__(self):
            return len(self.field.zeilen) + (self.field.empty_label is not None)

        def __bool__(self):
            return self.field.empty_label is not None or bool(self.field.zeilen)

    iterator = Iterator

    @cached_property
    def zeilen(self) -> list:
        return list(self.queryset)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        schluessel = self.to_field_name or "pk"
        for obj in self.zeilen:
            if str(getattr(obj, schluessel)) == str(value):
                return obj
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class EinmalGeladenerFilter(django_filters.ModelChoiceFilter):
    field_class = EinmalGeladeneAuswahl


def _attribute(attrs: dict) -> str:
    """Django's ``django/forms/widgets/attrs.html`` in Python."""
    return "".join(
        f" {conditional_escape(name)}"
        if wert is True
        else f' {conditional_escape(name)}="{conditional_escape(str(wert))}"'
        for name, wert in attrs.items()
        if wert is not False
    )


class SchnelleAuswahl(forms.Select):
    """A select whose HTML is written in Python: byte for byte what Django's templates
    ``select.html`` and ``select_option.html`` produce, without two template includes per
    option; the catalogue's form has about 110 options (docs/performance.md).
    tests/kernaktivitaeten/test_katalog.py compares the output with Django's."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        teile = [
            f'<select name="{conditional_escape(widget["name"])}"{_attribute(widget["attrs"])}>'
        ]
        for gruppe, optionen, _index in widget["optgroups"]:
            if gruppe:
                teile.append(f'\n  <optgroup label="{conditional_escape(gruppe)}">')
            for option in optionen:
                teile.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                    f"{_attribute(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                )
            if gruppe:
                teile.append("\n  </optgroup>")
        teile.append("\n</select>")
        return mark_safe("".join(teile))  # every value above is escaped


class DeutscheAuswahl(SchnelleAuswahl):
    """Options naming strategy content (always German) carry lang="de" in the English UI."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value not in (None, ""):
            option["attrs"]["lang"] = "de"
        return option


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
    kompetenz = EinmalGeladenerFilter(
        label=_("Kompetenz"),
        queryset=Kompetenz.objects.all(),
        widget=DeutscheAuswahl,
        to_field_name="slug",
        empty_label=_("Alle Kompetenzen"),
    )
    schwerpunkt = EinmalGeladenerFilter(
        label=_("Schwerpunkt"),
        field_name="schwerpunkte",
        queryset=Schwerpunkt.objects.all(),
        widget=DeutscheAuswahl,
        empty_label=_("Alle Schwerpunkte"),
    )
    thema = EinmalGeladenerFilter(
        label=_("Querschnittsthema"),
        field_name="querschnittsthemen",
        queryset=Querschnittsthema.objects.all(),
        widget=DeutscheAuswahl,
        to_field_name="slug",
        empty_label=_("Alle Querschnittsthemen"),
    )
    sdg = EinmalGeladenerFilter(
        label=_("Nachhaltigkeitsziel (SDG)"),
        field_name="nachhaltigkeitsziele",
        queryset=Nachhaltigkeitsziel.objects.all(),
        widget=SchnelleAuswahl,
        to_field_name="nummer",
        empty_label=_("Alle SDGs"),
    )
    phase = django_filters.ChoiceFilter(
        label=_("Phase"),
        choices=[*Phase.choices, (PHASE_OHNE, _("Stand nicht erfasst"))],
        empty_label=_("Alle Phasen"),
        widget=SchnelleAuswahl,
        method="filter_phase",
    )
    jahr = django_filters.ChoiceFilter(
        label=_("Tranche (Jahr des Ratsbeschlusses)"),
        field_name="ratsbeschluss__jahr",
        empty_label=_("Alle Jahre"),
        widget=SchnelleAuswahl,
    )
    organisation = EinmalGeladenerFilter(
        label=_("Federführende Organisation"),
        queryset=Organisation.objects.all(),
        widget=DeutscheAuswahl,
        to_field_name="slug",
        empty_label=_("Alle Organisationen"),
    )
    sortierung = Sortierung(
        label=_("Sortierung"),
        fields=["titel", "aktualisiert", "fortschritt"],
        choices=SORTIERUNGEN,
        empty_label=_("Standard (beste Treffer, sonst Titel)"),
        widget=SchnelleAuswahl,
    )

    class Meta:
        model = Kernaktivitaet
        fields = []

    def __init__(self, *args, tranchen: dict[int, int] | None = None, **kwargs):
        """``tranchen``: year of each Ratsbeschluss (pk -> year); their years are the choices
        of the "jahr" filter."""
        super().__init__(*args, **kwargs)
        self.tranchen = tranchen or {}
        self._treffer: dict[str, list[int]] = {}  # search term -> ids of its matches
        self._anfragen: dict[str, Suchanfrage] = {}  # search term -> read against the index
        jahre = sorted(set(self.tranchen.values()))
        self.filters["jahr"].extra["choices"] = [(jahr, str(jahr)) for jahr in jahre]

    def filter_suche(self, queryset, name, value):
        # The facets found the matches already: the result page reuses their ids, and the
        # query is read against the vocabulary once per request.
        return suche(
            queryset, value, treffer=self._treffer.get(value), anfrage=self.suchanfrage(value)
        )

    def filter_phase(self, queryset, name, value):
        return queryset.filter(phase="" if value == PHASE_OHNE else value)

    def suchanfrage(self, begriff: str | None = None) -> Suchanfrage | None:
        """The query of this request read against the search index (None without one)."""
        if begriff is None:
            begriff = self.form.cleaned_data.get("q") if self.form.is_valid() else ""
        if not begriff:
            return None
        if begriff not in self._anfragen:
            self._anfragen[begriff] = Suchanfrage.lesen(begriff)
        return self._anfragen[begriff]

    def formular_stand(self) -> tuple:
        """Everything the rendered filter form shows: each field's value and options with
        their counts, and the errors. The key of the form's cached fragment ("facet block",
        bochum_strategie/lib/fragmentcache.py): an approval that changes no count re-uses
        it. Called by the template only while the fragment cache is on."""
        form = self.form
        felder = tuple(
            (name, repr(form[name].value()), tuple((str(w), str(t)) for w, t in feld.choices))
            if hasattr(feld, "choices")
            else (name, repr(form[name].value()))
            for name, feld in form.fields.items()
        )
        return felder, repr(form.errors.get_json_data()) if form.is_bound else ""

    def facetten(self) -> dict[str, dict]:
        """For each filter, how many projects each of its options would match.

        Counted over the queryset with all *other* active filters applied. All facets are
        one query (UNION ALL of one GROUP BY per facet), whatever the data and the filters.
        With the page cache on, the counts of a filter combination are kept until the
        Datenstand changes (like the pages): every page and sorting of it shares them.
        """
        auswahl = sorted((name, str(self.data.get(name, ""))) for name in [*FACETTEN, "q"])
        return je_datenstand("facetten", repr(auswahl), self._facetten_zaehlen)

    def _facetten_zaehlen(self) -> dict[str, dict]:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        projekte = self.queryset.order_by()
        if data.get("q"):
            # The search condition is the expensive part (ranking, trigram similarity):
            # evaluated once here, not once per facet.
            treffer = self.filters["q"].filter(projekte, data["q"]).order_by()
            treffer = list(treffer.values_list("pk", flat=True))
            self._treffer[data["q"]] = treffer
            if not treffer:
                return {name: {} for name in FACETTEN}
            projekte = projekte.filter(InListe("pk", treffer))
            data = {k: v for k, v in data.items() if k != "q"}
        schluessel = self._optionsschluessel()
        ergebnis = {name: {} for name in FACETTEN}
        for name, wert, anzahl in self._zeilen_zaehlen(data, projekte):
            option = wert if name == "phase" else schluessel[name].get(wert)
            if option is not None:  # None: no value, e.g. no Kompetenz or Tranche recorded
                # Several Tranchen of one year add up (each project has one).
                ergebnis[name][option] = ergebnis[name].get(option, 0) + anzahl
        return ergebnis

    def _zeilen_zaehlen(self, data: dict, projekte) -> list[tuple[str, str, int]]:
        """(facet, value as text, count) of every facet in one query.

        On PostgreSQL, the column facets whose own filter is not set all count the same
        projects (those matching every filter): one scan of the table groups them together
        (GROUPING SETS) instead of one scan each (docs/performance.md). The others,
        and everything on SQLite, are one GROUP BY each; all parts are one UNION ALL.
        """
        gemeinsam = [
            name
            for name, (relation, _feld) in FACETTEN.items()
            if relation is None and data.get(name) in (None, "", [], ())
        ]
        if connection.vendor != "postgresql" or len(gemeinsam) < 2:
            gemeinsam = []
        sql, params = [], []
        klammern = connection.features.supports_parentheses_in_compound  # not SQLite
        q = connection.ops.quote_name
        for name in [n for n in FACETTEN if n not in gemeinsam]:
            teil = self._zaehlung(name, data, projekte)
            teil_sql, teil_params = teil.query.get_compiler(using=teil.db).as_sql()
            # Grouped by the integer id, turned into text afterwards for the UNION: casting
            # every row before grouping is measurably slower.
            teil_sql = (
                f"SELECT '{name}', CAST(x.{q(FACETTEN[name][1])} AS varchar), x.anzahl "
                f"FROM ({teil_sql}) x"
            )
            sql.append(f"({teil_sql})" if klammern else teil_sql)
            params.extend(teil_params)
        if gemeinsam:
            teil_sql, teil_params = self._gruppiert(gemeinsam, data, projekte)
            sql.append(f"({teil_sql})")
            params.extend(teil_params)
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(sql), params)
            return cursor.fetchall()

    def _gefiltert(self, projekte, data: dict, ausser: str | None = None):
        """``projekte`` with every active filter but ``ausser`` (a facet ignores its own
        filter), and whether a filter's join may repeat a project (then count distinct)."""
        mehrfach = False
        for filter_name, value in data.items():
            if filter_name not in (ausser, "sortierung") and value not in (None, "", [], ()):
                projekte = self.filters[filter_name].filter(projekte, value)
                mehrfach |= self.filters[filter_name].distinct
        return projekte, mehrfach

    def _gruppiert(self, namen: list[str], data: dict, projekte) -> tuple[str, list]:
        """SQL of the column facets ``namen`` over the projects matching every filter."""
        projekte, mehrfach = self._gefiltert(projekte, data)
        spalten = {name: FACETTEN[name][1] for name in namen}
        if mehrfach:  # a join may repeat a project: one row per project
            zeilen = projekte.order_by().values("pk", *spalten.values()).distinct()
        else:  # only indexed columns: PostgreSQL reads the index kernaktivitaet_facetten
            zeilen = projekte.order_by().values(*spalten.values())
        basis, params = zeilen.query.get_compiler(using=zeilen.db).as_sql()
        q = connection.ops.quote_name
        welche = " ".join(f"WHEN GROUPING({q(s)}) = 0 THEN '{n}'" for n, s in spalten.items())
        werte = " ".join(
            f"WHEN GROUPING({q(s)}) = 0 THEN ({q(s)})::varchar" for s in spalten.values()
        )
        gruppen = ", ".join(f"({q(s)})" for s in spalten.values())
        return (
            f"SELECT CASE {welche} END, CASE {werte} END, COUNT(*) FROM ({basis}) AS projekte "
            f"GROUP BY GROUPING SETS ({gruppen})",
            list(params),
        )

    def _optionsschluessel(self) -> dict[str, dict[str, object]]:
        """Per facet (but "phase", counted as it is): counted id as text -> option key."""
        schluessel = {"jahr": {str(pk): jahr for pk, jahr in self.tranchen.items()}}
        for name in FACETTEN.keys() - {"phase", "jahr"}:
            feld = self.form.fields[name]
            attribut = feld.to_field_name or "pk"
            schluessel[name] = {str(obj.pk): getattr(obj, attribut) for obj in feld.zeilen}
        return schluessel

    def _zaehlung(self, name: str, data: dict, projekte):
        """(value, count) rows of one facet over the projects matching every other filter,
        grouped by the plain id or value (``_zeilen_zaehlen`` turns them into text)."""
        projekte, mehrfach = self._gefiltert(projekte, data, ausser=name)
        relation, feld = FACETTEN[name]
        if relation is None:
            # Each filter here selects one value, so its join matches at most one row per
            # project and COUNT(*) is exact; DISTINCT (a sort per facet, about half the
            # cost) only for a filter with several values (django-filter's ``distinct``).
            # Otherwise counted over the facet column itself (only its NULL group, which
            # no option shows, counts 0): an index column, so no read of the table.
            zeilen = projekte
            anzahl = Count("pk", distinct=True) if mehrfach else Count(feld)
        else:
            # Counted in the link table: one row per project and option, so no DISTINCT.
            through = getattr(Kernaktivitaet, relation).through
            zeilen = through.objects.filter(kernaktivitaet__in=projekte.values("pk"))
            anzahl = Count("pk")
        return zeilen.values(feld).annotate(anzahl=anzahl).order_by()

    def treffer_anzahl(self, facetten: dict[str, dict]) -> int:
        """The number of results, read off the phase facet (every project has one phase,
        "" if not recorded): saves the paginator's COUNT query."""
        phasen = facetten["phase"]
        phase = self.form.cleaned_data.get("phase") if self.form.is_valid() else None
        if phase == PHASE_OHNE:
            return phasen.get("", 0)
        return phasen.get(phase, 0) if phase else sum(phasen.values())


def optionen_mit_zahlen(filterset: KatalogFilter, facetten: dict[str, dict]) -> None:
    """Writes "Option (n)" labels into the filter form's select fields."""
    form = filterset.form
    for name, zaehlung in facetten.items():
        feld = form.fields[name]
        if isinstance(feld, forms.ModelChoiceField):
            schluessel = filterset.filters[name].extra.get("to_field_name") or "pk"

            def label(obj, zaehlung=zaehlung, schluessel=schluessel):
                # A name cut off in the source says so, as on the Zielsystem pages.
                hinweis = (
                    f" – {_('unvollständig')}" if getattr(obj, "unvollstaendig", False) else ""
                )
                return f"{obj}{hinweis} ({zaehlung.get(getattr(obj, schluessel), 0)})"

            feld.label_from_instance = label
        else:
            if name == "phase":
                zaehlung = {**zaehlung, PHASE_OHNE: zaehlung.get("", 0)}
            # django-filter puts the empty label ("Alle …") before the choices it is given:
            # given again, it would show twice.
            feld.choices = [
                (wert, f"{text} ({zaehlung.get(_coerce(wert), 0)})")
                for wert, text in feld.choices
                if wert != ""
            ]


def schwerpunkte_eingrenzen(filterset: KatalogFilter) -> None:
    """With a Kompetenz chosen, the Schwerpunkt list offers only its Schwerpunkte (and the
    one chosen, should it belong to another: the form stays valid and shows the choice)."""
    if not filterset.form.is_valid():
        return
    kompetenz = filterset.form.cleaned_data.get("kompetenz")
    if kompetenz is None:
        return
    gewaehlt = filterset.form.cleaned_data.get("schwerpunkt")
    feld = filterset.form.fields["schwerpunkt"]
    feld.zeilen = [
        s
        for s in feld.zeilen
        if s.kompetenz_id == kompetenz.pk or (gewaehlt and s.pk == gewaehlt.pk)
    ]


def _coerce(wert):
    try:
        return int(wert)
    except (TypeError, ValueError):
        return wert
