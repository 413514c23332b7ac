"""Image uploads: only real JPEG/PNG/WebP within limits; stored re-encoded, without metadata."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kernaktivitaeten.bilder import MAX_BYTES, BildDateiFeld, bild_pruefen_und_bereinigen
from kernaktivitaeten.forms import BildForm
from kernaktivitaeten.models import Bild
from tests.factories import KernaktivitaetFactory


def bild_bytes(format="PNG", size=(12, 8), mode="RGB", farbe=(200, 30, 30), **save) -> bytes:
    puffer = io.BytesIO()
    Image.new(mode, size, farbe).save(puffer, format=format, **save)
    return puffer.getvalue()


def upload(daten: bytes, name="bild.png", content_type="image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, daten, content_type=content_type)


def oeffnen(datei) -> Image.Image:
    datei.seek(0)
    return Image.open(io.BytesIO(datei.read()))


def fehler(daten: bytes, name="bild.jpg") -> ValidationError:
    with pytest.raises(ValidationError) as info:
        bild_pruefen_und_bereinigen(upload(daten, name=name, content_type="image/jpeg"))
    return info.value


def png_mit_kopf(breite: int, hoehe: int) -> bytes:
    """A PNG that claims a size in its header and carries almost no data (a pixel bomb)."""

    def chunk(art: bytes, inhalt: bytes) -> bytes:
        return (
            struct.pack(">I", len(inhalt))
            + art
            + inhalt
            + struct.pack(">I", zlib.crc32(art + inhalt) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", breite, hoehe, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


def test_tiny_png_becomes_a_clean_jpeg_under_a_generated_name():
    sauber = bild_pruefen_und_bereinigen(upload(bild_bytes("PNG"), name="../../etc/passwd.png"))
    assert sauber.name.endswith(".jpg") and len(sauber.name) == len("0" * 32 + ".jpg")
    assert "passwd" not in sauber.name
    bild = oeffnen(sauber)
    assert bild.format == "JPEG" and bild.size == (12, 8) and bild.mode == "RGB"


def test_transparent_png_stays_png():
    daten = bild_bytes("PNG", mode="RGBA", farbe=(0, 0, 255, 100))
    sauber = bild_pruefen_und_bereinigen(upload(daten))
    assert sauber.name.endswith(".png")
    bild = oeffnen(sauber)
    assert bild.format == "PNG" and bild.mode == "RGBA"
    assert bild.getpixel((0, 0))[3] == 100


def test_webp_is_accepted():
    sauber = bild_pruefen_und_bereinigen(upload(bild_bytes("WEBP"), name="x.webp"))
    assert oeffnen(sauber).format == "JPEG"


def test_exif_and_other_metadata_are_stripped_and_rotation_applied():
    exif = Image.Exif()
    exif[0x013B] = "Erika Mustermann"  # Artist
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x8825] = {1: "N", 2: (51.0, 28.0, 53.0), 3: "E", 4: (7.0, 13.0, 0.0)}  # GPS
    daten = bild_bytes("JPEG", size=(40, 20), exif=exif.tobytes(), icc_profile=b"x" * 200)
    original = Image.open(io.BytesIO(daten))
    assert original.getexif()[0x013B] == "Erika Mustermann"

    sauber = oeffnen(bild_pruefen_und_bereinigen(upload(daten, name="foto.jpg")))
    assert sauber.size == (20, 40)  # upright now, so the orientation tag is not needed
    assert dict(sauber.getexif()) == {}
    assert "exif" not in sauber.info and "icc_profile" not in sauber.info
    roh = bild_pruefen_und_bereinigen(upload(daten)).read()
    assert b"Erika" not in roh and b"Exif" not in roh


def test_png_text_chunks_are_stripped():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Max Mustermann, Musterweg 1")
    daten = bild_bytes("PNG", mode="RGBA", farbe=(1, 2, 3, 4), pnginfo=info)
    roh = bild_pruefen_und_bereinigen(upload(daten)).read()
    assert b"Mustermann" not in roh


def test_trailing_payload_of_a_polyglot_is_dropped():
    daten = bild_bytes("JPEG") + b"<script>alert(1)</script>PK\x03\x04"
    roh = bild_pruefen_und_bereinigen(upload(daten, name="x.jpg")).read()
    assert b"<script>" not in roh and b"PK\x03\x04" not in roh


def test_svg_with_script_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
    meldung = fehler(svg, name="logo.svg")
    assert meldung.code == "kein_bild"
    assert "kein Bild im Format JPEG, PNG oder WebP" in meldung.messages[0]


def test_renamed_executable_is_refused():
    exe = (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"
        + b"\x00" * 50
        + b"This program cannot be run in DOS mode"
    )
    assert fehler(exe, name="foto.jpg").code == "kein_bild"


def test_gif_and_bmp_are_refused_although_pillow_reads_them():
    assert fehler(bild_bytes("GIF"), name="x.gif").code == "kein_bild"
    assert fehler(bild_bytes("BMP"), name="x.jpg").code == "kein_bild"


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP"])
def test_truncated_file_is_refused(format):
    daten = bild_bytes(format, size=(300, 200))
    meldung = fehler(daten[: len(daten) // 2])
    assert meldung.code == "beschaedigt"
    assert "beschädigt oder unvollständig" in meldung.messages[0]


def test_truncated_file_is_refused_even_after_weasyprint_switched_pillow(monkeypatch):
    # WeasyPrint sets ImageFile.LOAD_TRUNCATED_IMAGES = True when it is imported.
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    daten = bild_bytes("JPEG", size=(300, 200))
    assert fehler(daten[: len(daten) // 2]).code == "beschaedigt"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # restored for WeasyPrint


def test_decompression_bomb_is_refused_before_decoding():
    meldung = fehler(png_mit_kopf(50_000, 50_000), name="bombe.png")
    assert meldung.code == "zu_viele_pixel"
    assert "höchstens 40 Megapixel" in meldung.messages[0]


def test_image_just_over_the_pixel_limit_is_refused():
    # 48 megapixels: Pillow would only warn here; the limit is 40.
    assert fehler(png_mit_kopf(8_000, 6_000)).code == "zu_viele_pixel"


def test_too_large_and_empty_files_are_refused():
    zu_gross = fehler(b"\xff\xd8\xff" + b"0" * MAX_BYTES)
    assert zu_gross.code == "zu_gross" and "höchstens 5 MB" in zu_gross.messages[0]
    assert fehler(b"").code == "leer"


def test_declared_size_is_not_trusted():
    datei = upload(b"\xff\xd8\xff" + b"0" * MAX_BYTES)
    datei.size = 10
    with pytest.raises(ValidationError, match="zu groß"):
        bild_pruefen_und_bereinigen(datei)


def test_form_field_cleans_new_uploads_and_keeps_stored_files():
    feld = BildDateiFeld()
    assert 'accept="image/jpeg,image/png,image/webp"' in feld.widget.render("datei", None)
    sauber = feld.clean(upload(bild_bytes()))
    assert sauber.name.endswith(".jpg")
    gespeichert = object()
    assert feld.clean(None, gespeichert) is gespeichert
    with pytest.raises(ValidationError):
        feld.clean(upload(b"<svg/>", name="x.png"))


@pytest.mark.django_db
def test_bild_form_stores_the_clean_copy(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    projekt = KernaktivitaetFactory()
    exif = Image.Exif()
    exif[0x013B] = "Erika Mustermann"
    daten = bild_bytes("JPEG", size=(30, 30), exif=exif.tobytes())
    form = BildForm(
        data={"alt_text": "Ein rotes Quadrat", "reihenfolge": 0},
        files={"datei": upload(daten, name="Urlaub bei Familie Mustermann.jpg")},
        instance=Bild(kernaktivitaet=projekt),
    )
    assert form.is_valid(), form.errors
    bild = form.save()
    assert bild.datei.name.startswith("kernaktivitaeten/")
    assert "Mustermann" not in bild.datei.name
    gespeichert = (tmp_path / bild.datei.name).read_bytes()
    assert b"Erika" not in gespeichert
    assert Image.open(io.BytesIO(gespeichert)).format == "JPEG"


@pytest.mark.django_db
def test_bild_form_refuses_svg_with_a_german_message(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    form = BildForm(
        data={"alt_text": "Logo", "reihenfolge": 0},
        files={"datei": upload(b"<svg><script>alert(1)</script></svg>", name="logo.svg")},
        instance=Bild(kernaktivitaet=KernaktivitaetFactory()),
    )
    assert not form.is_valid()
    assert "kein Bild im Format JPEG, PNG oder WebP" in form.errors["datei"][0]
    assert not list(tmp_path.rglob("*.*"))
