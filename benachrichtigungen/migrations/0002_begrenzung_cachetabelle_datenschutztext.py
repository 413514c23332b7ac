"""Creates the cache table of the rate limits (settings.CACHES["begrenzung"]) and adds the
section about mail notifications to an existing privacy statement (once; the Referat's
edits to the rest stay as they are)."""

from django.core.management import call_command
from django.db import migrations

from benachrichtigungen.datenschutztext import (
    ABSCHNITT,
    ABSCHNITT_EN,
    MARKE,
    MARKE_EN,
    einfuegen,
)


def cachetabelle(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def datenschutz(apps, schema_editor):
    Inhaltsseite = apps.get_model("portal", "Inhaltsseite")
    for seite in Inhaltsseite.objects.using(schema_editor.connection.alias).filter(
        art="datenschutz"
    ):
        seite.inhalt = einfuegen(seite.inhalt, ABSCHNITT, MARKE)
        if seite.inhalt_en:
            seite.inhalt_en = einfuegen(seite.inhalt_en, ABSCHNITT_EN, MARKE_EN)
        seite.save(update_fields=["inhalt", "inhalt_en"])


class Migration(migrations.Migration):
    dependencies = [
        ("benachrichtigungen", "0001_abonnements_und_zustellungen"),
        ("portal", "0001_inhaltsseiten_und_rueckmeldungen"),
    ]

    operations = [
        migrations.RunPython(cachetabelle, migrations.RunPython.noop),
        migrations.RunPython(datenschutz, migrations.RunPython.noop),
    ]
