from django.urls import path

from . import views

app_name = "querschnitt"

urlpatterns = [
    path("querschnittsthemen/", views.querschnittsthemen, name="themen"),
    path("querschnittsthemen/<slug:slug>/", views.querschnittsthema_detail, name="thema"),
    path("nachhaltigkeitsziele/", views.nachhaltigkeitsziele, name="sdgs"),
    path("nachhaltigkeitsziele/<int:nummer>/", views.nachhaltigkeitsziel_detail, name="sdg"),
]
