"""Joining tagged PDFs (PDF/UA) that were rendered in parts into one document, in bounded
memory.

A long document is laid out part by part (WeasyPrint keeps a whole document's layout in
memory) and joined here. pypdf's own writer would keep every object of every part in memory
(hundreds of MB for a few thousand pages) and does not join structure trees, so the parts are
read with pypdf one at a time and their objects written straight to the output, renumbered:

- pages keep their content, fonts and resources; their ``/Parent`` is the one page tree,
  their ``/StructParents`` is shifted past the keys of the parts before;
- one structure tree: a new ``Document`` element whose kids are the top-level elements of
  every part (``/P`` and ``/Pg`` renumbered like every reference), one parent tree
  (``/ParentTree``) with the shifted keys;
- the catalogue entries of PDF/UA (``/Lang``, ``/MarkInfo``, ``/ViewerPreferences``, the XMP
  ``/Metadata``) and the document info from the first part;
- each part's bookmarks at a given depth below those of the parts before (a part that
  continues a chapter hangs below its last bookmark).

Only what one part holds is in memory at a time, plus a few numbers per page and object.
The parts must not contain links or other annotations (they are dropped); the
Fortschrittsbericht's parts have none.
"""

import secrets
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    TextStringObject,
)

# Objects of the joined document that are not copied from a part.
KATALOG, SEITENBAUM, STRUKTURBAUM, DOKUMENT, ELTERNBAUM, LESEZEICHEN = 1, 2, 3, 4, 5, 6
ERSTE_FREIE = 7


class _Ausgabe:
    """Writes numbered objects to a binary file and remembers their offsets."""

    def __init__(self, datei, kopf: str):
        self.datei = datei
        self.start = datei.tell()
        self.versatz = array("q")
        self._schreiben(f"{kopf}\n".encode("ascii") + b"%\xe2\xe3\xcf\xd3\n")

    def _schreiben(self, daten: bytes) -> None:
        self.datei.write(daten)

    def objekt(self, nummer: int, objekt) -> None:
        while len(self.versatz) < nummer:
            self.versatz.append(-1)
        self.versatz[nummer - 1] = self.datei.tell() - self.start
        self._schreiben(f"{nummer} 0 obj\n".encode("ascii"))
        objekt.write_to_stream(self.datei)
        self._schreiben(b"\nendobj\n")

    def abschliessen(self, *, info: int | None) -> None:
        anfang = self.datei.tell() - self.start
        anzahl = len(self.versatz) + 1
        zeilen = [f"xref\n0 {anzahl}\n", "0000000000 65535 f \n"]
        for versatz in self.versatz:
            zeilen.append("0000000000 65535 f \n" if versatz < 0 else f"{versatz:010d} 00000 n \n")
        self._schreiben("".join(zeilen).encode("ascii"))
        kennung = ByteStringObject(secrets.token_bytes(16))
        anhang = DictionaryObject(
            {
                NameObject("/Size"): NumberObject(anzahl),
                NameObject("/Root"): _verweis(KATALOG),
                NameObject("/ID"): ArrayObject([kennung, kennung]),
            }
        )
        if info:
            anhang[NameObject("/Info")] = _verweis(info)
        self._schreiben(b"trailer\n")
        anhang.write_to_stream(self.datei)
        self._schreiben(f"\nstartxref\n{anfang}\n%%EOF\n".encode("ascii"))


def _verweis(nummer: int) -> IndirectObject:
    return IndirectObject(nummer, 0, None)


def _roh(objekt, schluessel):
    """A dictionary value without resolving an indirect reference."""
    return dict.get(objekt, schluessel)


def _kennung(wert) -> int | None:
    return wert.idnum if isinstance(wert, IndirectObject) else None


def _umschreiben(objekt, zuordnung: dict[int, int]):
    """Renumbers the references in ``objekt`` (in place, direct values recursively);
    a reference to an object that is not copied becomes null."""

    def neu(wert):
        if isinstance(wert, IndirectObject):
            ziel = zuordnung.get(wert.idnum)
            return _verweis(ziel) if ziel else NullObject()
        if isinstance(wert, DictionaryObject | ArrayObject):
            _umschreiben(wert, zuordnung)
        return wert

    if isinstance(objekt, DictionaryObject):  # includes the dictionary of a stream
        for schluessel, wert in list(dict.items(objekt)):
            dict.__setitem__(objekt, schluessel, neu(wert))
    elif isinstance(objekt, ArrayObject):
        for stelle, wert in enumerate(list.__iter__(objekt)):
            list.__setitem__(objekt, stelle, neu(wert))
    return objekt


def _kinder(wert) -> list:
    if wert is None:
        return []
    if isinstance(wert, IndirectObject):
        wert = wert.get_object()
    return list(list.__iter__(wert)) if isinstance(wert, ArrayObject) else [wert]


def _seitenbaum(reader) -> tuple[list[int], set[int]]:
    """(ids of the pages in order, ids of the page tree's inner nodes)."""
    seiten, knoten = [], set()
    stapel = [_roh(reader.trailer["/Root"], "/Pages")]
    while stapel:
        verweis = stapel.pop()
        objekt = verweis.get_object()
        if objekt.get("/Type") == "/Pages":
            knoten.add(verweis.idnum)
            stapel.extend(reversed(_kinder(_roh(objekt, "/Kids"))))
        else:
            seiten.append(verweis.idnum)
    return seiten, knoten


def _elternbaum(verweis, ueberspringen: set[int]) -> list:
    """The flat ``[key, value, …]`` of a number tree (its nodes go to ``ueberspringen``)."""
    zahlen, stapel = [], [verweis]
    while stapel:
        verweis = stapel.pop()
        if isinstance(verweis, IndirectObject):
            ueberspringen.add(verweis.idnum)
        knoten = verweis.get_object()
        zahlen.extend(_kinder(_roh(knoten, "/Nums")))
        stapel.extend(reversed(_kinder(_roh(knoten, "/Kids"))))
    return zahlen


def _lesezeichen_ids(verweis) -> set[int]:
    ids, stapel = set(), [verweis]
    while stapel:
        verweis = stapel.pop()
        if not isinstance(verweis, IndirectObject) or verweis.idnum in ids:
            continue
        ids.add(verweis.idnum)
        objekt = verweis.get_object()
        stapel.extend(v for v in (_roh(objekt, "/First"), _roh(objekt, "/Next")) if v is not None)
    return ids


def _lesezeichen(reader, seiten: dict[int, int], tiefe: int) -> list[tuple]:
    """The part's bookmarks as (depth, title, new page id, left, top)."""
    ergebnis = []

    def ablaufen(eintraege, ebene):
        for eintrag in eintraege:
            if isinstance(eintrag, list):
                ablaufen(eintrag, ebene + 1)
                continue
            seite = _roh(eintrag, "/Page")
            ziel = seiten.get(_kennung(seite))
            if ziel is not None:
                ergebnis.append(
                    (ebene, str(eintrag.title), ziel, eintrag.get("/Left"), eintrag.get("/Top"))
                )

    ablaufen(reader.outline, tiefe)
    return ergebnis


def _alle_ids(reader) -> list[int]:
    ids = set(reader.xref_objStm)
    for nach_generation in reader.xref.values():
        ids.update(nach_generation)
    return sorted(ids)


def zusammenfuegen(teile: Iterable[tuple[Path, int]], ziel) -> int:
    """Writes the tagged PDFs ``teile`` (``(file, depth)`` in order) as one tagged PDF to the
    binary file ``ziel``; returns the number of pages. ``depth`` 0: the part's bookmarks are
    top-level; n: they hang below the last bookmark of depth n - 1 of the parts before."""
    ausgabe = None
    naechste = ERSTE_FREIE
    seiten_ids, dokument_kinder, zahlen, lesezeichen = [], [], ArrayObject(), []
    katalog_eintraege, struktur_eintraege, info = {}, {}, None
    naechster_schluessel = 0
    for nummer, (pfad, tiefe) in enumerate(teile):
        reader = PdfReader(pfad)
        if ausgabe is None:
            ausgabe = _Ausgabe(ziel, reader.pdf_header)
        katalog_ref = _roh(reader.trailer, "/Root")
        katalog = katalog_ref.get_object()
        seiten, knoten = _seitenbaum(reader)
        ueberspringen = {katalog_ref.idnum, *knoten}
        struktur_ref = _roh(katalog, "/StructTreeRoot")
        struktur = struktur_ref.get_object() if struktur_ref is not None else None
        dokumente, kinder, eltern_zahlen = set(), [], []
        if struktur is not None:
            ueberspringen.add(_kennung(struktur_ref))
            for oben in _kinder(_roh(struktur, "/K")):
                element = oben.get_object()
                if element.get("/S") == "/Document" and isinstance(oben, IndirectObject):
                    dokumente.add(oben.idnum)
                    kinder.extend(_kinder(_roh(element, "/K")))
                else:
                    kinder.append(oben)
            if _roh(struktur, "/ParentTree") is not None:
                eltern_zahlen = _elternbaum(_roh(struktur, "/ParentTree"), ueberspringen)
        if _roh(katalog, "/Outlines") is not None:
            ueberspringen |= _lesezeichen_ids(_roh(katalog, "/Outlines"))
        info_ref = _roh(reader.trailer, "/Info")
        metadaten_ref = _roh(katalog, "/Metadata")
        if nummer > 0:
            ueberspringen |= {_kennung(info_ref), _kennung(metadaten_ref)}
        ueberspringen |= dokumente
        kopieren = []
        for kennung in _alle_ids(reader):
            if kennung in ueberspringen:
                continue
            objekt = reader.get_object(kennung)
            if isinstance(objekt, DictionaryObject) and objekt.get("/Type") in ("/ObjStm", "/XRef"):
                continue
            kopieren.append(kennung)
        zuordnung = {alt: naechste + stelle for stelle, alt in enumerate(kopieren)}
        naechste += len(kopieren)
        for kennung in knoten:
            zuordnung[kennung] = SEITENBAUM
        for kennung in dokumente | {_kennung(struktur_ref)} - {None}:
            zuordnung[kennung] = DOKUMENT
        groesster = -1
        for kennung in kopieren:
            objekt = _umschreiben(reader.get_object(kennung), zuordnung)
            if isinstance(objekt, DictionaryObject) and objekt.get("/Type") == "/Page":
                dict.pop(objekt, "/Annots", None)
                if "/StructParents" in objekt:
                    schluessel = int(objekt["/StructParents"])
                    groesster = max(groesster, schluessel)
                    objekt[NameObject("/StructParents")] = NumberObject(
                        schluessel + naechster_schluessel
                    )
            ausgabe.objekt(zuordnung[kennung], objekt)
        seiten_ids.extend(zuordnung[kennung] for kennung in seiten)
        for kind in kinder:
            dokument_kinder.append(_umschreiben(ArrayObject([kind]), zuordnung)[0])
        for stelle in range(0, len(eltern_zahlen), 2):
            schluessel = int(eltern_zahlen[stelle])
            groesster = max(groesster, schluessel)
            wert = eltern_zahlen[stelle + 1]
            zahlen.append(NumberObject(schluessel + naechster_schluessel))
            zahlen.append(_umschreiben(ArrayObject([wert]), zuordnung)[0])
        naechster_schluessel += groesster + 1
        lesezeichen.extend(_lesezeichen(reader, {k: zuordnung[k] for k in seiten}, tiefe))
        if nummer == 0:
            for schluessel in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata"):
                if _roh(katalog, schluessel) is not None:
                    wert = _umschreiben(ArrayObject([_roh(katalog, schluessel)]), zuordnung)[0]
                    katalog_eintraege[schluessel] = wert
            if struktur is not None:
                for schluessel, wert in dict.items(struktur):
                    if schluessel not in ("/Type", "/K", "/ParentTree", "/ParentTreeNextKey"):
                        struktur_eintraege[schluessel] = _umschreiben(
                            ArrayObject([wert]), zuordnung
                        )[0]
            info = zuordnung.get(_kennung(info_ref))
        del reader
    if ausgabe is None:
        raise ValueError("Keine Teile zum Zusammenfügen.")

    ausgabe.objekt(
        SEITENBAUM,
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Pages"),
                NameObject("/Kids"): ArrayObject(_verweis(s) for s in seiten_ids),
                NameObject("/Count"): NumberObject(len(seiten_ids)),
            }
        ),
    )
    struktur = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructTreeRoot"),
            NameObject("/K"): _verweis(DOKUMENT),
            NameObject("/ParentTree"): _verweis(ELTERNBAUM),
            NameObject("/ParentTreeNextKey"): NumberObject(naechster_schluessel),
        }
    )
    struktur.update({NameObject(k): v for k, v in struktur_eintraege.items()})
    ausgabe.objekt(STRUKTURBAUM, struktur)
    ausgabe.objekt(
        DOKUMENT,
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Document"),
                NameObject("/P"): _verweis(STRUKTURBAUM),
                NameObject("/K"): ArrayObject(dokument_kinder),
            }
        ),
    )
    ausgabe.objekt(ELTERNBAUM, DictionaryObject({NameObject("/Nums"): zahlen}))
    naechste = _lesezeichen_schreiben(ausgabe, lesezeichen, naechste)
    katalog = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Catalog"),
            NameObject("/Pages"): _verweis(SEITENBAUM),
            NameObject("/StructTreeRoot"): _verweis(STRUKTURBAUM),
            NameObject("/Outlines"): _verweis(LESEZEICHEN),
            NameObject("/PageMode"): NameObject("/UseOutlines"),
        }
    )
    katalog.update({NameObject(k): v for k, v in katalog_eintraege.items()})
    ausgabe.objekt(KATALOG, katalog)
    ausgabe.abschliessen(info=info)
    return len(seiten_ids)


def _lesezeichen_schreiben(ausgabe: _Ausgabe, eintraege: list[tuple], naechste: int) -> int:
    """Writes the bookmarks (depth, title, page, left, top) as an outline tree."""
    ids = list(range(naechste, naechste + len(eintraege)))
    eltern = [LESEZEICHEN] * len(eintraege)
    kinder: dict[int, list[int]] = {LESEZEICHEN: []}
    kette: list[int] = []  # the last bookmark of each depth
    for stelle, (tiefe, *_rest) in enumerate(eintraege):
        tiefe = min(tiefe, len(kette))
        del kette[tiefe:]
        eltern[stelle] = ids[kette[-1]] if kette else LESEZEICHEN
        kinder.setdefault(eltern[stelle], []).append(stelle)
        kette.append(stelle)
    for stelle, (_tiefe, titel, seite, links, oben) in enumerate(eintraege):
        geschwister = kinder[eltern[stelle]]
        platz = bisect_left(geschwister, stelle)  # the lists are in ascending order
        eintrag = DictionaryObject(
            {
                NameObject("/Title"): TextStringObject(titel),
                NameObject("/Parent"): _verweis(eltern[stelle]),
                NameObject("/Dest"): ArrayObject(
                    [
                        _verweis(seite),
                        NameObject("/XYZ"),
                        FloatObject(links or 0),
                        FloatObject(oben or 0),
                        NumberObject(0),
                    ]
                ),
            }
        )
        if platz > 0:
            eintrag[NameObject("/Prev")] = _verweis(ids[geschwister[platz - 1]])
        if platz + 1 < len(geschwister):
            eintrag[NameObject("/Next")] = _verweis(ids[geschwister[platz + 1]])
        eigene = kinder.get(ids[stelle], [])
        if eigene:
            eintrag[NameObject("/First")] = _verweis(ids[eigene[0]])
            eintrag[NameObject("/Last")] = _verweis(ids[eigene[-1]])
            eintrag[NameObject("/Count")] = NumberObject(-len(eigene))  # closed
        ausgabe.objekt(ids[stelle], eintrag)
    oben = kinder[LESEZEICHEN]
    wurzel = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Outlines"),
            NameObject("/Count"): NumberObject(len(oben)),
        }
    )
    if oben:
        wurzel[NameObject("/First")] = _verweis(ids[oben[0]])
        wurzel[NameObject("/Last")] = _verweis(ids[oben[-1]])
    ausgabe.objekt(LESEZEICHEN, wurzel)
    return naechste + len(eintraege)
