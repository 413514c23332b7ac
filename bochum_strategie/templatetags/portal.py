from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.encoding import iri_to_uri

from bochum_strategie.lib import fragmentcache

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


VORGELADEN = "fragmente_vorgeladen"


@register.simple_tag(takes_context=True)
def fragmente_vorladen(context, art: str, objekte, wert: str) -> str:
    """``{% fragmente_vorladen "karte" projekte "karten_stand" %}`` before a list whose items
    each render ``{% fragment "karte" projekt.karten_stand %}``: reads all their kept
    fragments from the cache at once. Outputs nothing."""
    if fragmentcache.aktiv():
        alle_teile = [(getattr(objekt, wert),) for objekt in objekte]
        vorgeladen = context.get(VORGELADEN) or {}
        context[VORGELADEN] = {**vorgeladen, art: fragmentcache.vorladen(art, alle_teile)}
    return ""


class FragmentNode(template.Node):
    def __init__(self, art: str, teile, nodelist):
        self.art, self.teile, self.nodelist = art, teile, nodelist

    def render(self, context):
        if not fragmentcache.aktiv():
            return self.nodelist.render(context)
        teile = tuple(teil.resolve(context) for teil in self.teile)
        return fragmentcache.fragment(
            self.art,
            teile,
            lambda: self.nodelist.render(context),
            context.get(VORGELADEN, {}).get(self.art),
        )


@register.tag
def fragment(parser, token):
    """``{% fragment "karte" projekt.karten_stand %}…{% endfragment %}``: the enclosed part
    rendered once per kind, values and language, then taken from the cache
    (bochum_strategie/lib/fragmentcache.py). The values must determine everything the part
    shows: the project's card values, or a stamp such as the Zielsystemstand."""
    teile = token.split_contents()
    if len(teile) < 3 or teile[1][0] not in "\"'" or teile[1][0] != teile[1][-1]:
        raise template.TemplateSyntaxError(
            '{% fragment "name" value … %} needs a quoted name and at least one value'
        )
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(teile[1][1:-1], [parser.compile_filter(t) for t in teile[2:]], nodelist)
