"""Words for the search: folding, word parts, German stems, typo distance.

The same Python code prepares the texts of the search index and the words of a query, so the
search behaves alike on every database (docs/decisions/0009-suche-mit-eigenem-index.md).
Nothing here knows an app.
"""

import re
from functools import lru_cache

import snowballstemmer

# ä/ae, ö/oe, ü/ue, ß/ss: folded to the ASCII spelling, so both directions meet.
_FALTUNG = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "á": "a", "à": "a"}
)
_WORT = re.compile(r"[^\W_]+", re.UNICODE)
# A capital after a small letter starts a new part: "StadtBaumKonzept" -> Stadt, Baum, Konzept.
_BINNENMAJUSKEL = re.compile(r"(?<=[a-zäöüß])(?=[A-ZÄÖÜ])")

# Words too common to search for (German function words); a query of only these keeps them.
STOPPWOERTER = frozenset(
    [
        "aber",
        "als",
        "am",
        "an",
        "auch",
        "auf",
        "aus",
        "bei",
        "bis",
        "da",
        "damit",
        "das",
        "dass",
        "dem",
        "den",
        "der",
        "des",
        "die",
        "dies",
        "diese",
        "dieser",
        "dort",
        "du",
        "durch",
        "ein",
        "eine",
        "einem",
        "einen",
        "einer",
        "eines",
        "er",
        "es",
        "fuer",
        "hat",
        "im",
        "in",
        "ins",
        "ist",
        "ja",
        "mit",
        "nach",
        "nicht",
        "noch",
        "nur",
        "oder",
        "ohne",
        "sich",
        "sie",
        "sind",
        "so",
        "um",
        "und",
        "uns",
        "von",
        "vor",
        "wie",
        "wir",
        "wird",
        "werden",
        "zu",
        "zum",
        "zur",
        "ueber",
        "unter",
        "sowie",
        "sollen",
        "soll",
        "the",
        "of",
        "and",
        "for",
        "to",
    ]
)

MIN_TIPPFEHLER_LAENGE = 5  # typo tolerance only for words of five or more letters


def falten(text: str) -> str:
    """Lower case, umlauts and ß in their ASCII spelling: "BÄNKE" and "Baenke" -> "baenke"."""
    return text.lower().translate(_FALTUNG)


def woerter(text: str) -> list[tuple[str, str]]:
    """The words of ``text`` as (folded, as written), in order, without stop words.

    A word written with inner capitals also yields its parts ("StadtBaumKonzept" gives
    "stadtbaumkonzept", "stadt", "baum", "konzept"). Single letters are left out.
    """
    ergebnis = []
    for roh in _WORT.findall(text):
        teile = [roh]
        binnen = _BINNENMAJUSKEL.split(roh)
        if len(binnen) > 1:
            teile += binnen
        for teil in teile:
            gefaltet = falten(teil)
            if len(gefaltet) > 1 and gefaltet not in STOPPWOERTER:
                ergebnis.append((gefaltet, teil))
    return ergebnis


def anfragewoerter(text: str) -> list[str]:
    """The folded words of a query, each once; stop words only if nothing else is left."""
    alle = [falten(w) for w in _WORT.findall(text)]
    ohne = [w for w in alle if w not in STOPPWOERTER and len(w) > 1]
    return list(dict.fromkeys(ohne or alle))


_stemmer = snowballstemmer.stemmer("german")


@lru_cache(maxsize=20000)
def stamm(gefaltet: str) -> str:
    """The German Snowball stem of a folded word ("baenke", "bank" -> "bank")."""
    return _stemmer.stemWord(gefaltet)


def erlaubte_fehler(wort: str) -> int:
    """Edits tolerated for a query word: none below five letters, one up to seven, then two."""
    if len(wort) < MIN_TIPPFEHLER_LAENGE:
        return 0
    return 1 if len(wort) < 8 else 2


def abstand(a: str, b: str, grenze: int) -> int:
    """Edit distance with adjacent transpositions (optimal string alignment: "kulutr" is one
    edit from "kultur"); any value above ``grenze`` is returned as ``grenze + 1``."""
    if abs(len(a) - len(b)) > grenze:
        return grenze + 1
    vorvorher = None
    vorher = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        aktuell = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            kosten = ca != cb
            wert = min(vorher[j] + 1, aktuell[j - 1] + 1, vorher[j - 1] + kosten)
            if vorvorher is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                wert = min(wert, vorvorher[j - 2] + 1)
            aktuell[j] = wert
        if min(aktuell) > grenze:
            return grenze + 1
        vorvorher, vorher = vorher, aktuell
    return min(vorher[-1], grenze + 1)
