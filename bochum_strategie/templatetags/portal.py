from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.encoding import iri_to_uri

register = template.Library()


@register.simple_tag(takes_context=True)
def sprachversionen(context):
    """(code, name, url, aktiv) for each language; the URL shows the current page in it."""
    request = context["request"]
    aktuell = context.get("LANGUAGE_CODE", settings.LANGUAGE_CODE)
    pfad = request.get_full_path()
    return [
        (code, name, translate_url(pfad, code), code == aktuell)
        for code, name in settings.LANGUAGES
    ]


@register.simple_tag(takes_context=True)
def kanonische_adresse(context, behalten: str = "", seite=1) -> str:
    """The page's canonical URL: SITE_URL + path, plus only the query parameters named in
    ``behalten`` (space-separated, in that order, non-empty values) and the page number of a
    paginated list when it is not the first. Sorting, search terms and anything else that
    only rearranges or narrows a listing ad hoc are left out."""
    request = context["request"]
    paare = [
        (name, wert) for name in behalten.split() for wert in request.GET.getlist(name) if wert
    ]
    if seite and str(seite) != "1":
        paare.append(("seite", seite))
    adresse = settings.SITE_URL + iri_to_uri(request.path)
    return f"{adresse}?{urlencode(paare)}" if paare else adresse


# The catalogue's filters that a search from the header keeps (not the page: a new search
# starts on page 1).
KATALOGFILTER = [
    "kompetenz",
    "schwerpunkt",
    "thema",
    "sdg",
    "phase",
    "jahr",
    "organisation",
    "sortierung",
]


@register.simple_tag(takes_context=True)
def kopfsuche(context) -> dict:
    """The header search field's value and, on the catalogue, the filters it keeps."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if request is None or match is None or match.view_name != "kernaktivitaeten:katalog":
        return {"begriff": "", "filter": []}
    return {
        "begriff": request.GET.get("q", ""),
        "filter": [
            (name, wert) for name in KATALOGFILTER for wert in request.GET.getlist(name)[:1] if wert
        ],
    }


@register.simple_tag
def referat_email() -> str:
    """The Referat's address, for pages that name whom to contact (e.g. the lockout page)."""
    return settings.REFERAT_EMAIL
