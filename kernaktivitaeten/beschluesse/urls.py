from django.urls import path

from bochum_strategie.lib.seitencache import oeffentlich_gecacht

from . import views
from .feeds import BeschluesseFeed

app_name = "beschluesse"

urlpatterns = [
    path("beschluesse/", views.register, name="register"),
    path("beschluesse/feed/", oeffentlich_gecacht(BeschluesseFeed()), name="feed"),
    path("beschluesse/<path:vorlage>/", views.detail, name="detail"),
]
