"""Free-text search over Kernaktivitäten, behind one function, alike on SQLite and PostgreSQL.

The words of every public project are kept in the table ``Suchindex`` (folded: lower case,
ä → ae, ß → ss; with their German stem and the best field they stand in), and each word once
in the vocabulary ``Suchwort`` (kernaktivitaeten/suchindex.py writes both). A query is read
in Python against the vocabulary: each query word becomes the index words it matches, each
with a class — the same word (exact), the same stem (Bank/Bänke), a word that has it as a
part (Ehrenamt in Ehrenamtsagentur), a word one or two edits away (Kulutr → Kultur, words of
five letters or more) — and the synonyms the Referat keeps (``Synonymgruppe``). The database
then only compares plain words; every project must match every query word.

Ranking: for each query word the best (field, class) of the project — title over goal over
description over report text, and within a field exact over stem over word part over typo —
summed over the query words. docs/decisions/0009-suche-mit-eigenem-index.md says why.
"""

import difflib
from dataclasses import dataclass, field

import snowballstemmer
from django.db.models import BooleanField, F, Func, IntegerField, Q, Value

from bochum_strategie.lib.seitencache import im_prozess_je_datenstand, im_prozess_vergessen
from bochum_strategie.lib.suchtext import abstand, anfragewoerter, erlaubte_fehler, stamm

from .models import Suchindex, Suchwort, Synonymgruppe

MAX_LAENGE = 200
MAX_WOERTER = 8  # query words considered; more only make the SQL longer
VOKABULAR = "suchvokabular"
MAX_VARIANTEN = 300  # index words per query word (the best classes first)


class Klasse:
    """How a query word matched an index word; higher is better."""

    GENAU = 4
    STAMM = 3  # also: a synonym
    WORTTEIL = 2
    TIPPFEHLER = 1


_englisch = snowballstemmer.stemmer("english")


@dataclass
class Glossartreffer:
    """An English query word the glossary (synonym groups' English words) knows."""

    englisch: str
    deutsch: list[str]


@dataclass
class Suchanfrage:
    """A query read against the vocabulary: for each query word the index words it matches."""

    begriff: str
    woerter: list[str]
    varianten: list[dict[str, int]]
    glossar: list[Glossartreffer] = field(default_factory=list)
    vokabular: list[tuple[str, str, str, int]] = field(default_factory=list, repr=False)

    @classmethod
    def lesen(cls, begriff: str) -> "Suchanfrage":
        """Reads ``begriff`` (one query: the vocabulary and the synonym groups)."""
        begriff = " ".join(begriff.split())[:MAX_LAENGE]
        woerter = anfragewoerter(begriff)[:MAX_WOERTER]
        if not woerter:
            return cls(begriff, [], [])
        vokabular, gruppen, lexikon = im_prozess_je_datenstand(VOKABULAR, _vokabular_lesen)
        varianten, glossar = [], []
        for wort in woerter:
            gefunden = lexikon.varianten(wort)
            stamm_wort, englischer_stamm = stamm(wort), _englisch.stemWord(wort)
            for gruppe in gruppen:
                deutsch, originale = gruppe.deutsch, gruppe.originale
                if wort in deutsch or stamm_wort in gruppe.deutsche_staemme:
                    weitere = [b for b in deutsch if b != wort]
                elif englischer_stamm in gruppe.englische_staemme:
                    weitere = deutsch
                    glossar.append(Glossartreffer(wort, originale))
                else:
                    continue
                for synonym in weitere:
                    for teil in anfragewoerter(synonym):
                        for treffer, klasse in lexikon.varianten(teil, tippfehler=False).items():
                            klasse = min(klasse, Klasse.STAMM)
                            if gefunden.get(treffer, 0) < klasse:
                                gefunden[treffer] = klasse
            besten = sorted(gefunden.items(), key=lambda eintrag: -eintrag[1])[:MAX_VARIANTEN]
            varianten.append(dict(besten))
        return cls(begriff, woerter, varianten, glossar, vokabular)

    @property
    def moeglich(self) -> bool:
        """Whether any project can match: every query word matched some index word."""
        return bool(self.woerter) and all(self.varianten)

    def bedingung(self) -> Q:
        """Every query word matches one of its index words in the project."""
        bedingung = Q()
        for varianten in self.varianten:
            projekte = Suchindex.objects.filter(wort__in=list(varianten)).values(
                "kernaktivitaet_id"
            )
            bedingung &= Q(pk__in=projekte)
        return bedingung

    def vorschlaege(self, anzahl: int = 3) -> list[dict]:
        """ "Meinten Sie …?": vocabulary words close to the query words, with their counts.

        For a query word nothing matched: the closest words of the vocabulary. When every
        word matched but not together: each word alone, as its most common match.
        """
        nach_wort = {wort: (anzeige, zahl) for wort, _s, anzeige, zahl in self.vokabular}
        vorschlaege: dict[str, dict] = {}
        for wort, varianten in zip(self.woerter, self.varianten, strict=True):
            if varianten:
                kandidaten = sorted(varianten, key=lambda w: (-varianten[w], -nach_wort[w][1]))
                kandidaten = [w for w in kandidaten if w in nach_wort][:1]
            else:
                kandidaten = difflib.get_close_matches(wort, list(nach_wort), n=anzahl, cutoff=0.6)
            for kandidat in kandidaten:
                anzeige, zahl = nach_wort[kandidat]
                vorschlaege.setdefault(kandidat, {"wort": anzeige, "anzahl": zahl})
        if not vorschlaege:
            return []
        return sorted(vorschlaege.values(), key=lambda v: -v["anzahl"])[: anzahl * 2]


@dataclass(frozen=True)
class _Gruppe:
    """A synonym group, folded and stemmed once for all queries."""

    deutsch: list[str]
    originale: list[str]
    deutsche_staemme: frozenset[str]
    englische_staemme: frozenset[str]


def _vokabular_lesen() -> tuple[list, list[_Gruppe], "_Lexikon"]:
    """The vocabulary, the synonym groups and the vocabulary prepared for reading queries:
    kept per process until the Datenstand changes (``im_prozess_je_datenstand``); the index
    writer and the synonym services forget it at once (``vokabular_vergessen``)."""
    vokabular, gruppen = _vokabular_und_synonyme()
    return (
        vokabular,
        [
            _Gruppe(
                deutsch,
                originale,
                frozenset(stamm(b) for b in deutsch),
                frozenset(_englisch.stemWord(e) for e in englisch),
            )
            for deutsch, englisch, originale in gruppen
        ],
        _Lexikon(vokabular),
    )


def vokabular_vergessen() -> None:
    """The vocabulary or the synonyms changed in this process: read them again next time."""
    im_prozess_vergessen(VOKABULAR)


def _vokabular_und_synonyme() -> tuple[list[tuple[str, str, str, int]], list[tuple]]:
    """The vocabulary and the synonym groups, in one query (a UNION ALL: the synonym rows
    carry the count -1, which no word has)."""
    woerter = Suchwort.objects.order_by().values_list("wort", "stamm", "anzeige", "anzahl")
    synonyme = (
        Synonymgruppe.objects.order_by()
        .annotate(_leer=Value(""), _marke=Value(-1, output_field=IntegerField()))
        .values_list("begriffe", "englisch", "_leer", "_marke")
    )
    vokabular, gruppen = [], []
    for zeile in woerter.union(synonyme, all=True):
        if zeile[3] == -1:
            gruppe = Synonymgruppe(begriffe=zeile[0], englisch=zeile[1])
            gruppen.append((*gruppe.gefaltet(), gruppe.begriffe_liste()))
        else:
            vokabular.append(zeile)
    return vokabular, gruppen


class _Lexikon:
    """The vocabulary, prepared for reading query words against it."""

    def __init__(self, vokabular):
        self.eintraege = [(wort, stamm_, set(wort)) for wort, stamm_, _a, _n in vokabular]
        self.woerter = {wort for wort, _s, _m in self.eintraege}
        self.nach_stamm: dict[str, list[str]] = {}
        for wort, stamm_, _m in self.eintraege:
            self.nach_stamm.setdefault(stamm_, []).append(wort)

    def varianten(self, wort: str, *, tippfehler: bool = True) -> dict[str, int]:
        gefunden: dict[str, int] = {}
        if wort in self.woerter:
            gefunden[wort] = Klasse.GENAU
        stamm_wort = stamm(wort)
        for anderes in self.nach_stamm.get(stamm_wort, ()):
            gefunden.setdefault(anderes, Klasse.STAMM)
        fehler = erlaubte_fehler(wort) if tippfehler else 0
        zeichen = set(wort)
        teil_stamm = stamm_wort if len(stamm_wort) >= 4 else None
        for anderes, anderer_stamm, anderes_zeichen in self.eintraege:
            if anderes in gefunden:
                continue
            if len(wort) >= 4 and _ist_wortteil(wort, teil_stamm, anderes, anderer_stamm):
                gefunden[anderes] = Klasse.WORTTEIL
            elif (
                fehler
                and abs(len(anderes) - len(wort)) <= fehler
                and len(zeichen ^ anderes_zeichen) <= 2 * fehler
                and abstand(wort, anderes, fehler) <= fehler
            ):
                gefunden[anderes] = Klasse.TIPPFEHLER
        return gefunden


def _ist_wortteil(wort: str, wortstamm: str | None, anderes: str, anderer_stamm: str) -> bool:
    """Whether ``wort`` is a part of the compound ``anderes``: at its start or end (also as
    stems: "Baum" in "Obstbäume"), or anywhere for words of five letters or more."""
    if len(anderes) <= len(wort):
        return False
    if anderes.startswith(wort) or anderes.endswith(wort):
        return True
    if wortstamm and (anderer_stamm.startswith(wortstamm) or anderer_stamm.endswith(wortstamm)):
        return True
    return len(wort) >= 5 and wort in anderes


def _wertung(klasse: int) -> str:
    """SQL of the score of one index row matched with ``klasse``: field × 10 + class, so the
    field ranks first and the class within it; a typo match scores only its field (1–4), so
    it never outranks a real match of the word, wherever that stands."""
    if klasse == Klasse.TIPPFEHLER:
        return "s.feld"
    return f"(s.feld * 10 + {int(klasse)})"


class Relevanz(Func):
    """The score of a project for a query: per query word the best score (``_wertung``) of
    its index words in the project, summed; one correlated subquery per query word."""

    output_field = IntegerField()

    def __init__(self, varianten: tuple[tuple[tuple[str, int], ...], ...]):
        super().__init__(F("pk"))
        self.varianten = varianten  # per query word ((index word, class), …): hashable

    def as_sql(self, compiler, connection, **extra):
        pk, params = compiler.compile(self.source_expressions[0])
        tabelle = connection.ops.quote_name(Suchindex._meta.db_table)
        teile, werte = [], []
        for varianten in self.varianten:
            if not varianten:
                continue
            woerter = [wort for wort, _klasse in varianten]
            faelle = " ".join(f"WHEN %s THEN {_wertung(klasse)}" for _wort, klasse in varianten)
            liste = ", ".join(["%s"] * len(varianten))
            teile.append(
                f"COALESCE((SELECT MAX(CASE s.wort {faelle} ELSE 0 END) "
                f"FROM {tabelle} s WHERE s.kernaktivitaet_id = {pk} AND s.wort IN ({liste})), 0)"
            )
            werte += [*woerter, *params, *woerter]
        if not teile:
            return "0", ()
        return "(" + " + ".join(teile) + ")", tuple(werte)


def suche(
    queryset,
    begriff: str,
    *,
    treffer: list[int] | None = None,
    anfrage: Suchanfrage | None = None,
):
    """Projects matching ``begriff``, best first (annotated with ``relevanz``).

    ``treffer``: the ids of all projects matching ``begriff`` (among ``queryset``'s base),
    when the caller found them already (the catalogue does, for its facets): the condition
    is then those ids, and only the ranking is computed again. ``anfrage``: ``begriff``
    already read (``Suchanfrage.lesen``), so the vocabulary is not read twice.
    """
    begriff = " ".join(begriff.split())[:MAX_LAENGE]
    if not begriff:
        return queryset
    if anfrage is None or anfrage.begriff != begriff:
        anfrage = Suchanfrage.lesen(begriff)
    if not anfrage.woerter:
        return queryset
    if not anfrage.moeglich:
        return queryset.none()
    bedingung = anfrage.bedingung() if treffer is None else InListe("pk", treffer)
    return (
        queryset.filter(bedingung)
        .annotate(relevanz=Relevanz(tuple(tuple(v.items()) for v in anfrage.varianten)))
        .order_by("-relevanz", "titel")
    )


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
        if not self.werte:
            return "1 = 0", ()
        if connection.vendor == "postgresql":
            return f"{links} = ANY(%s)", (*params, self.werte)
        platzhalter = ", ".join(["%s"] * len(self.werte))
        return f"{links} IN ({platzhalter})", (*params, *self.werte)


def naechste_schwerpunkte(anfrage: Suchanfrage, schwerpunkte, anzahl: int = 3) -> list:
    """The Schwerpunkte whose titles come closest to the query (never none while there are
    Schwerpunkte): title words matched as the search matches them first, then the closest
    spelling of the whole title."""
    from bochum_strategie.lib.suchtext import falten, woerter

    def wertung(schwerpunkt):
        titelwoerter = [(w, stamm(w), "", 1) for w, _g in woerter(schwerpunkt.titel)]
        lexikon = _Lexikon(titelwoerter)
        treffer = sum(max(lexikon.varianten(w).values(), default=0) for w in anfrage.woerter)
        aehnlich = difflib.SequenceMatcher(
            None, falten(anfrage.begriff), falten(schwerpunkt.titel)
        ).ratio()
        return (treffer, aehnlich)

    return sorted(schwerpunkte, key=wertung, reverse=True)[:anzahl]
