from django.urls import path

from . import views

app_name = "benachrichtigungen"

urlpatterns = [
    path("benachrichtigungen/", views.abonnieren, name="abonnieren"),
    path("benachrichtigungen/angefragt/", views.angefragt, name="angefragt"),
    path("benachrichtigungen/bestaetigen/<str:token>/", views.bestaetigen, name="bestaetigen"),
    path("benachrichtigungen/verwalten/<str:token>/", views.verwalten, name="verwalten"),
    path("benachrichtigungen/abmelden/<str:token>/", views.abmelden, name="abmelden"),
    path("benachrichtigungen/abgemeldet/", views.abgemeldet, name="abgemeldet"),
]
