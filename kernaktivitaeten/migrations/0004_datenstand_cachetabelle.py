"""Creates the database cache table that holds the shared Datenstand (settings.CACHES).

Done as a migration so that `migrate` alone prepares a database for several app servers; the
command creates only tables of configured DatabaseCache aliases (none when Redis is used).
"""

from django.core.management import call_command
from django.db import migrations


def anlegen(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("kernaktivitaeten", "0003_berichtswesen_und_historie")]

    operations = [migrations.RunPython(anlegen, migrations.RunPython.noop)]
