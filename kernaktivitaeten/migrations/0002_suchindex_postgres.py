"""PostgreSQL search indexes: German full-text (GIN on an expression) and title trigrams.

The expression must stay identical to ``kernaktivitaeten.search.suchvektor()`` so that the
planner uses the index (tests check the plan). SQLite has neither feature: nothing happens there.
"""

from django.db import migrations

VEKTOR = (
    "((setweight(to_tsvector('german'::regconfig, COALESCE(titel, '')), 'A') || "
    "setweight(to_tsvector('german'::regconfig, COALESCE(projektziel, '')), 'B')) || "
    "setweight(to_tsvector('german'::regconfig, COALESCE(beschreibung, '')), 'C'))"
)
TABELLE = "kernaktivitaeten_kernaktivitaet"


def anlegen(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS kernaktivitaet_volltext_gin ON {TABELLE} USING gin ({VEKTOR})"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS kernaktivitaet_titel_trgm ON {TABELLE} "
        "USING gin (titel gin_trgm_ops)"
    )


def entfernen(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS kernaktivitaet_volltext_gin")
    schema_editor.execute("DROP INDEX IF EXISTS kernaktivitaet_titel_trgm")


class Migration(migrations.Migration):
    dependencies = [("kernaktivitaeten", "0001_initial")]

    operations = [migrations.RunPython(anlegen, entfernen)]
