"""Joining tagged PDFs (PDF/UA) that were rendered in parts into one document.

A long document is laid out part by part (WeasyPrint keeps a whole document's layout in
memory) and joined here with pypdf. pypdf copies pages and outlines but not the structure
tree that makes a PDF accessible (it even drops the pages' ``/StructParents``), so the tree is
joined by hand:

- one new ``Document`` element whose kids are the top-level elements of every part (their
  ``/P`` set to it, their ``/Pg`` pointing at the copied pages);
- one parent tree (``/ParentTree``) whose keys are those of each part shifted past the keys
  of the parts before, and each copied page's ``/StructParents`` shifted alike;
- the catalogue entries of PDF/UA (``/Lang``, ``/MarkInfo``, ``/ViewerPreferences``, the XMP
  ``/Metadata``) and the document info from the first part;
- each part's bookmarks below those of the parts before, pointing at the copied pages.

The parts must not contain links or other annotations (they would be copied without their
structure elements); the Fortschrittsbericht's parts have none.
"""

from collections.abc import Iterable
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    Fit,
    IndirectObject,
    NameObject,
    NumberObject,
)

# Keys that point from a structure element to its parent: not followed when an element is
# copied (pypdf would copy the part's whole tree upwards), set again afterwards.
_ELTERN = "/P"


def _struktur_kinder(element) -> list:
    kinder = element.get("/K")
    if kinder is None:
        return []
    kinder = kinder.get_object()
    return list(kinder) if isinstance(kinder, ArrayObject) else [kinder]


def _eltern_setzen(element_ref: IndirectObject, eltern_ref: IndirectObject) -> None:
    """Sets ``/P`` on the copied element and (iteratively) on all structure elements below."""
    stapel = [(element_ref, eltern_ref)]
    while stapel:
        ref, eltern = stapel.pop()
        element = ref.get_object()
        if not isinstance(element, DictionaryObject) or element.get("/Type") == "/MCR":
            continue
        if "/S" not in element:  # marked-content or object reference, no structure element
            continue
        element[NameObject(_ELTERN)] = eltern
        for kind in _struktur_kinder(element):
            if isinstance(kind, IndirectObject):
                stapel.append((kind, ref))


def _lesezeichen(writer, eintraege, seiten: dict[int, int], kette: list, tiefe: int) -> None:
    """Copies a part's outline (pypdf's nested list form) at depth ``tiefe``; ``kette`` holds
    the last bookmark of each depth so far (a continued part hangs below it)."""
    eltern = kette[tiefe - 1] if 0 < tiefe <= len(kette) else None
    for eintrag in eintraege:
        if isinstance(eintrag, list):
            if len(kette) > tiefe:
                _lesezeichen(writer, eintrag, seiten, kette, tiefe + 1)
            continue
        seite = eintrag.get("/Page")
        nummer = seiten.get(seite.idnum) if isinstance(seite, IndirectObject) else None
        if nummer is None:
            continue
        fit = Fit.xyz(eintrag.get("/Left"), eintrag.get("/Top"), eintrag.get("/Zoom"))
        del kette[tiefe:]
        kette.append(
            writer.add_outline_item(title=eintrag.title, page_number=nummer, parent=eltern, fit=fit)
        )


def zusammenfuegen(teile: Iterable[tuple[Path, int]], ziel) -> int:
    """Writes the tagged PDFs ``teile`` (``(file, depth)`` in order) as one tagged PDF to the
    binary file ``ziel``; returns the number of pages. ``depth`` 0: the part's bookmarks are
    top-level; 2: they continue below the last bookmark of depth 2 of the parts before (a part
    that continues a chapter's list)."""
    writer = PdfWriter()
    dokument = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject("/Document"),
            NameObject("/K"): ArrayObject(),
        }
    )
    dokument_ref = writer._add_object(dokument)
    wurzel = DictionaryObject(
        {NameObject("/Type"): NameObject("/StructTreeRoot"), NameObject("/K"): dokument_ref}
    )
    wurzel_ref = writer._add_object(wurzel)
    dokument[NameObject(_ELTERN)] = wurzel_ref
    zahlen = ArrayObject()
    naechster_schluessel = 0
    kette = []
    for nummer, (pfad, tiefe) in enumerate(teile):
        reader = PdfReader(pfad)
        katalog = reader.trailer["/Root"]
        if nummer == 0:
            for schluessel in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata"):
                if schluessel in katalog:
                    writer._root_object[NameObject(schluessel)] = katalog[schluessel].clone(writer)
            if reader.metadata:
                writer.add_metadata(dict(reader.metadata))
        seiten = {}
        groesster = -1
        for seite in reader.pages:
            kopie = writer.add_page(seite, excluded_keys=("/Annots",))
            seiten[seite.indirect_reference.idnum] = len(writer.pages) - 1
            if "/StructParents" in seite:
                schluessel = int(seite["/StructParents"])
                kopie[NameObject("/StructParents")] = NumberObject(
                    schluessel + naechster_schluessel
                )
                groesster = max(groesster, schluessel)
        struktur = katalog.get("/StructTreeRoot")
        if struktur is not None:
            struktur = struktur.get_object()
            for oben in _struktur_kinder(struktur):
                # The part's own Document element: its kids become kids of the joined one.
                element = oben.get_object()
                kinder = _struktur_kinder(element) if element.get("/S") == "/Document" else [oben]
                for kind in kinder:
                    kopie_ref = kind.clone(writer, ignore_fields=(_ELTERN,))
                    if not isinstance(kopie_ref, IndirectObject):
                        kopie_ref = kopie_ref.indirect_reference
                    dokument["/K"].append(kopie_ref)
                    _eltern_setzen(kopie_ref, dokument_ref)
            eltern_baum = struktur.get("/ParentTree")
            if eltern_baum is not None:
                eintraege = eltern_baum.get_object().get("/Nums", [])
                for stelle in range(0, len(eintraege), 2):
                    schluessel = int(eintraege[stelle])
                    zahlen.append(NumberObject(schluessel + naechster_schluessel))
                    zahlen.append(eintraege[stelle + 1].clone(writer, ignore_fields=(_ELTERN,)))
                    groesster = max(groesster, schluessel)
        _lesezeichen(writer, reader.outline, seiten, kette, tiefe)
        naechster_schluessel += groesster + 1
    wurzel[NameObject("/ParentTree")] = writer._add_object(
        DictionaryObject({NameObject("/Nums"): zahlen})
    )
    wurzel[NameObject("/ParentTreeNextKey")] = NumberObject(naechster_schluessel)
    writer._root_object[NameObject("/StructTreeRoot")] = wurzel_ref
    writer.page_mode = "/UseOutlines"
    writer.write(ziel)
    return len(writer.pages)
