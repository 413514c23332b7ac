from django.conf import settings


def portal(request):
    """Values every template may need; no database access here (it runs on every page)."""
    return {"SITE_URL": settings.SITE_URL}
