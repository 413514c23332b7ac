from django.urls import path

from . import views

app_name = "kernaktivitaeten"

urlpatterns = [
    path("kernaktivitaeten/", views.katalog, name="katalog"),
    path("kernaktivitaeten/id/<int:pk>/", views.permanent, name="permanent"),
    path("kernaktivitaeten/id/<int:pk>/qr.svg", views.qr_code, name="qr"),
    path("kernaktivitaeten/<slug:slug>/", views.detail, name="detail"),
    path("aenderungen/", views.aenderungen, name="aenderungen"),
]
