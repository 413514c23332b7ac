"""Uploaded images: checked by their content and stored re-encoded, without metadata.

An upload is trusted for nothing, its name and declared type least of all. Pillow decides
what the bytes are; only JPEG, PNG and WebP pass, within a size and a pixel limit, and the
whole image is decoded once (a truncated or corrupt file fails here, not later in a
thumbnail). What gets stored is a new file drawn from the decoded pixels: JPEG, or PNG when
the image has transparency. Nothing of the original survives: no EXIF (camera, GPS
position, owner's name), no ICC or XMP data, no comments, no trailing bytes, no scripts.
"""

import io
import threading
import uuid
import warnings
from contextlib import contextmanager

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXEL = 40_000_000
# Pillow warns above this many pixels and refuses twice as many (DecompressionBombError).
Image.MAX_IMAGE_PIXELS = MAX_PIXEL
FORMATE = ("JPEG", "PNG", "WEBP")
ACCEPT = "image/jpeg,image/png,image/webp"
JPEG_QUALITAET = 85

HINWEIS = _(
    "JPEG, PNG oder WebP, höchstens 5 MB und 40 Megapixel. Das Bild wird neu gespeichert; "
    "Metadaten wie Kameradaten oder der Aufnahmeort werden dabei entfernt."
)


def bild_pruefen_und_bereinigen(uploaded_file) -> ContentFile:
    """Checks an uploaded image and returns a clean copy to store (or raises ValidationError).

    The returned ContentFile is named ``<uuid>.jpg`` or ``<uuid>.png``; the uploaded name is
    never used.
    """
    daten = _lesen(uploaded_file)
    with warnings.catch_warnings(), _abgeschnittene_bilder_ablehnen():
        # Between MAX_PIXEL and twice that Pillow only warns; here it is refused all the same.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(daten), formats=FORMATE) as bild:
                _pixel_pruefen(bild.width, bild.height)
                bild.load()  # decodes everything: truncated and corrupt files fail here
                sauber = _neu_zeichnen(bild)
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _zu_viele_pixel() from None
        except UnidentifiedImageError:
            raise ValidationError(
                _(
                    "Die Datei ist kein Bild im Format JPEG, PNG oder WebP. Andere Formate "
                    "(z. B. SVG, GIF, PDF) und umbenannte Dateien werden nicht angenommen."
                ),
                code="kein_bild",
            ) from None
        except (OSError, SyntaxError, ValueError, EOFError, MemoryError):
            raise ValidationError(
                _("Die Bilddatei ist beschädigt oder unvollständig. Bitte erneut exportieren."),
                code="beschaedigt",
            ) from None
    return _speichern(sauber)


def bild_validieren(uploaded_file) -> None:
    """Validator for a FileField: the same checks, without keeping the clean copy."""
    bild_pruefen_und_bereinigen(uploaded_file)
    uploaded_file.seek(0)


class BildDateiFeld(forms.FileField):
    """Form field for image uploads: cleans a new upload into the file to store.

    ``clean()`` returns the re-encoded ContentFile for a new upload and leaves the stored
    file (editing without a new upload) and "clear" alone. Based on FileField, not
    ImageField, so that no Pillow plugin beyond JPEG, PNG and WebP ever parses the upload.
    """

    widget = forms.ClearableFileInput(attrs={"accept": ACCEPT})

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", HINWEIS)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        wert = super().clean(data, initial)
        if isinstance(wert, UploadedFile):
            return bild_pruefen_und_bereinigen(wert)
        return wert


def _lesen(uploaded_file) -> bytes:
    zu_gross = ValidationError(
        _("Die Datei ist zu groß: höchstens %(mb)s MB sind erlaubt."),
        code="zu_gross",
        params={"mb": MAX_BYTES // (1024 * 1024)},
    )
    if (getattr(uploaded_file, "size", None) or 0) > MAX_BYTES:
        raise zu_gross
    uploaded_file.seek(0)
    daten = uploaded_file.read(MAX_BYTES + 1)  # the declared size may lie
    if len(daten) > MAX_BYTES:
        raise zu_gross
    if not daten:
        raise ValidationError(_("Die Datei ist leer."), code="leer")
    return daten


_PILLOW_SCHALTER = threading.Lock()


@contextmanager
def _abgeschnittene_bilder_ablehnen():
    """Pillow's switch for truncated files is process-wide, and WeasyPrint (PDF exports)
    turns it on when imported: for the time of a check it is off again."""
    with _PILLOW_SCHALTER:
        vorher = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = vorher


def _pixel_pruefen(breite: int, hoehe: int) -> None:
    if breite * hoehe > MAX_PIXEL:
        raise _zu_viele_pixel()


def _zu_viele_pixel() -> ValidationError:
    return ValidationError(
        _("Das Bild hat zu viele Bildpunkte: höchstens %(mp)s Megapixel sind erlaubt."),
        code="zu_viele_pixel",
        params={"mp": MAX_PIXEL // 1_000_000},
    )


def _hat_transparenz(bild: Image.Image) -> bool:
    return bild.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        bild.mode == "P" and "transparency" in bild.info
    )


def _neu_zeichnen(bild: Image.Image) -> Image.Image:
    """The pixels only (first frame), upright, in RGB or RGBA, with empty metadata."""
    bild.seek(0)
    aufrecht = ImageOps.exif_transpose(bild)  # phones store rotation in EXIF, which goes
    modus = "RGBA" if _hat_transparenz(aufrecht) else "RGB"
    sauber = Image.new(modus, aufrecht.size)
    sauber.paste(aufrecht.convert(modus))
    return sauber


def _speichern(bild: Image.Image) -> ContentFile:
    puffer = io.BytesIO()
    if bild.mode == "RGBA":
        bild.save(puffer, format="PNG", optimize=True)
        endung = "png"
    else:
        bild.save(puffer, format="JPEG", quality=JPEG_QUALITAET, optimize=True, progressive=True)
        endung = "jpg"
    return ContentFile(puffer.getvalue(), name=f"{uuid.uuid4().hex}.{endung}")
