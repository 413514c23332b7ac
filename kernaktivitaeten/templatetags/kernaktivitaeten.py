from django import template
from django.utils.safestring import mark_safe

from bochum_strategie.lib.html import bereinigen
from bochum_strategie.lib.markdown import markdown_zu_html

register = template.Library()


@register.filter
def sicheres_html(value: str) -> str:
    """Renders stored formatted text; sanitised again on the way out (defence in depth)."""
    return mark_safe(bereinigen(value))


@register.filter
def markdown(value: str) -> str:
    """Renders a report's text (Markdown, or plain text written before) as sanitised HTML."""
    return mark_safe(markdown_zu_html(value))


@register.simple_tag(takes_context=True)
def query_mit(context, **changes) -> str:
    """The current query string with some parameters replaced (None removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
