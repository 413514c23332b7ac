"""Site-wide middleware for response headers and hostile input.

Django's SecurityMiddleware already sets HSTS, X-Content-Type-Options, Referrer-Policy and
Cross-Origin-Opener-Policy, and django.middleware.csp the Content-Security-Policy; what is
left is here.
"""

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

# Browser features the portal never uses: none may be used by it or anything embedded.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
    "browsing-topics": [],
}


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """{"camera": [], "fullscreen": ["self"]} -> 'camera=(), fullscreen=(self)'."""
    return ", ".join(f"{feature}=({' '.join(erlaubt)})" for feature, erlaubt in policy.items())


class PermissionsPolicyMiddleware:
    """Sets the Permissions-Policy header (settings.PERMISSIONS_POLICY or the default above)."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "PERMISSIONS_POLICY", PERMISSIONS_POLICY)
        self.header = permissions_policy_header(policy)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class SteuerzeichenMiddleware:
    """Answers 400 to a path or query string with NUL or other control characters.

    No page of the portal expects them, and they reach places that fail in odd ways:
    PostgreSQL refuses NUL in text (a ValueError deep in a query becomes a 500), log lines
    and CSV exports get broken. Tab, line feed and carriage return stay allowed in query
    values (text pasted into the search box may contain them).
    """

    ERLAUBT = {0x09, 0x0A, 0x0D}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._verdaechtig(request.path, erlaubt=()) or self._verdaechtig(
            unquote_to_bytes(request.META.get("QUERY_STRING", "").replace("+", " ")),
            erlaubt=self.ERLAUBT,
        ):
            return HttpResponseBadRequest(
                _("Die Adresse enthält Steuerzeichen und kann nicht verarbeitet werden."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    @staticmethod
    def _verdaechtig(wert: str | bytes, *, erlaubt) -> bool:
        codes = wert if isinstance(wert, bytes) else wert.encode("utf-8", "surrogatepass")
        return any((c < 0x20 or c == 0x7F) and c not in erlaubt for c in codes)


class HeadOhneInhaltMiddleware:
    """Answers HEAD requests without a body, as HTTP demands.

    Django renders HEAD like GET; runserver drops the body, gunicorn drops it too but logs
    a warning for every such request (monitoring probes send many). Sits before
    CommonMiddleware in the list, so Content-Length still names the size of a GET.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD" and not response.streaming:
            response.content = b""
        return response


def client_ip(request) -> str | None:
    """The visitor's address for django-axes' login throttling (AXES_CLIENT_IP_CALLABLE).

    Behind the reverse proxy REMOTE_ADDR is the proxy's address for everyone, so a lockout of
    (user name, address) would lock a user out for the whole city. When the request comes
    from a proxy named in TRUSTED_PROXIES, the rightmost X-Forwarded-For entry that is not a
    trusted proxy is the visitor; otherwise the header is ignored (anyone can send it).
    """
    remote = request.META.get("REMOTE_ADDR")
    vertraut = set(getattr(settings, "TRUSTED_PROXIES", ()))
    if remote not in vertraut:
        return remote
    weitergeleitet = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for adresse in reversed([a.strip() for a in weitergeleitet.split(",") if a.strip()]):
        if adresse not in vertraut:
            return adresse
    return remote
