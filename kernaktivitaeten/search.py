"""Free-text search over Kernaktivitäten, behind one function.

PostgreSQL: ranked full-text search with the ``german`` configuration (stemming: "Freiraum"
finds "Freiräume") over title (weight A), goal (B) and description (C), backed by a GIN
expression index (migration 0002), plus trigram similarity on the title for small typos.

SQLite (laptops, quick tests): every word must occur in title, goal or description
(case-insensitive for ASCII letters; no stemming, no typo tolerance). Results whose title
contains the whole phrase come first.
"""

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When

MAX_LAENGE = 200


def suchvektor():
    """The indexed expression; the GIN index in migration 0002 is built from the same SQL."""
    return (
        SearchVector("titel", config="german", weight="A")
        + SearchVector("projektziel", config="german", weight="B")
        + SearchVector("beschreibung", config="german", weight="C")
    )


def suche(queryset, begriff: str):
    """Projects matching ``begriff``, best first (annotated with ``relevanz``)."""
    begriff = " ".join(begriff.split())[:MAX_LAENGE]
    if not begriff:
        return queryset
    if connection.vendor == "postgresql":
        return _suche_postgres(queryset, begriff)
    return _suche_einfach(queryset, begriff)


def _suche_postgres(queryset, begriff):
    query = SearchQuery(begriff, config="german", search_type="websearch")
    return (
        queryset.annotate(
            suchtreffer=suchvektor(),
            aehnlichkeit=TrigramWordSimilarity(begriff, "titel"),
        )
        # Both conditions can use an index: the GIN full-text index and the title's
        # trigram index (the <% operator; pg_trgm.word_similarity_threshold, default 0.6).
        .filter(Q(suchtreffer=query) | Q(titel__trigram_word_similar=begriff))
        .annotate(
            relevanz=SearchRank(F("suchtreffer"), query, cover_density=False)
            + F("aehnlichkeit") * Value(0.5, output_field=FloatField())
        )
        .order_by("-relevanz", "titel")
    )


def _suche_einfach(queryset, begriff):
    for wort in begriff.split():
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
