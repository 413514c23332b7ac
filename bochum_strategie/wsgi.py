"""WSGI entry point (gunicorn bochum_strategie.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bochum_strategie.settings")

application = get_wsgi_application()
