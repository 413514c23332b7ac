from django import template
from django.conf import settings
from django.urls import translate_url

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
