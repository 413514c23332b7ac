from django.urls import path

from . import views

app_name = "zielsystem"

urlpatterns = [
    path("zielsystem/", views.zielsystem_uebersicht, name="uebersicht"),
    path("kompetenzen/<slug:slug>/", views.kompetenz_detail, name="kompetenz"),
    path(
        "kompetenzen/<slug:kompetenz_slug>/<slug:slug>/",
        views.schwerpunkt_detail,
        name="schwerpunkt",
    ),
]
