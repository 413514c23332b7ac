"""Free-text search over Kernaktivitäten, behind one function.

PostgreSQL: ranked full-text search with the ``german`` configuration (stemming: "Freiraum"
finds "Freiräume") over title (weight A), goal (B) and description (C), stored in the
generated column ``suchvektor`` with a GIN index (migration 0006: computed when a project is
written, not per search), plus trigram similarity on the title for small typos.

SQLite (laptops, quick tests): every word must occur in title, goal or description
(case-insensitive for ASCII letters; no stemming, no typo tolerance). Results whose title
contains the whole phrase come first.
"""

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, Func, IntegerField, Q, Value, When
from django.db.models.expressions import Col, Expression

MAX_LAENGE = 200


class Suchvektor(Expression):
    """The stored column ``suchvektor`` of the queried project table (PostgreSQL only).

    The model does not declare the column (migration 0006 says why), so this expression
    names it: it becomes a column reference of the query's base table, under whatever alias
    the table has (also when the query is later used as a subquery).
    """

    output_field = SearchVectorField()

    def resolve_expression(self, query=None, *args, **kwargs):
        feld = SearchVectorField()
        feld.set_attributes_from_name("suchvektor")
        feld.model = query.model
        return Col(query.get_initial_alias(), feld, self.output_field)


def suche(queryset, begriff: str, *, treffer: list[int] | None = None):
    """Projects matching ``begriff``, best first (annotated with ``relevanz``).

    ``treffer``: the ids of all projects matching ``begriff`` (among ``queryset``'s base),
    when the caller found them already (the catalogue does, for its facets): the condition
    is then those ids, and only the ranking is computed again.
    """
    begriff = " ".join(begriff.split())[:MAX_LAENGE]
    if not begriff:
        return queryset
    if connection.vendor == "postgresql":
        return _suche_postgres(queryset, begriff, treffer)
    return _suche_einfach(queryset, begriff, treffer)


class InListe(Func):
    """``feld IN (werte)`` for long lists: on PostgreSQL ``feld = ANY(%s)`` with the list as
    one array parameter (hashed; a literal IN list of 10,000 ids costs far more to build in
    Python and to plan)."""

    output_field = BooleanField()

    def __init__(self, feld, werte):
        super().__init__(F(feld))
        self.werte = list(werte)

    def as_sql(self, compiler, connection, **extra):
        links, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            return f"{links} = ANY(%s)", (*params, self.werte)
        platzhalter = ", ".join(["%s"] * len(self.werte))
        return f"{links} IN ({platzhalter})", (*params, *self.werte)


def _suche_postgres(queryset, begriff, treffer):
    query = SearchQuery(begriff, config="german", search_type="websearch")
    alle = queryset.model._default_manager.order_by()
    # Each condition in its own subquery, so each is planned with its index (the GIN index
    # of the stored vector, the title's trigram index; the <% operator uses
    # pg_trgm.word_similarity_threshold, default 0.6). Written as one OR over the table,
    # PostgreSQL costs the trigram test as cheap and scans every row instead
    # (docs/performance.md).
    if treffer is None:
        volltext = alle.annotate(_vektor=Suchvektor()).filter(_vektor=query).values("pk")
        titel = alle.filter(titel__trigram_word_similar=begriff).values("pk")
        bedingung = Q(pk__in=volltext.union(titel))
    else:
        bedingung = InListe("pk", treffer)
    return (
        queryset.filter(bedingung)
        .annotate(
            relevanz=SearchRank(Suchvektor(), query, cover_density=False)
            + TrigramWordSimilarity(begriff, "titel") * Value(0.5, output_field=FloatField())
        )
        .order_by("-relevanz", "titel")
    )


def _suche_einfach(queryset, begriff, treffer):
    if treffer is not None:
        queryset = queryset.filter(InListe("pk", treffer))
    for wort in begriff.split() if treffer is None else ():
        queryset = queryset.filter(
            Q(titel__icontains=wort)
            | Q(projektziel__icontains=wort)
            | Q(beschreibung__icontains=wort)
        )
    return queryset.annotate(
        relevanz=Case(
            When(titel__icontains=begriff, then=Value(2)),
            When(projektziel__icontains=begriff, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    ).order_by("-relevanz", "titel")
