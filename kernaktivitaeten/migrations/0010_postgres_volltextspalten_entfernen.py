"""PostgreSQL: the stored tsvector column and the title trigram index are no longer read.

The search reads its own index tables on every database since migration 0009
(docs/decisions/0009-suche-mit-eigenem-index.md); the generated column would only cost every
write. The reverse creates both again as migrations 0002 and 0006 left them.
SQLite never had them: nothing happens there.
"""

from django.db import migrations

TABELLE = "kernaktivitaeten_kernaktivitaet"
VEKTOR = (
    "setweight(to_tsvector('german'::regconfig, COALESCE(titel, '')), 'A') || "
    "setweight(to_tsvector('german'::regconfig, COALESCE(projektziel, '')), 'B') || "
    "setweight(to_tsvector('german'::regconfig, COALESCE(beschreibung, '')), 'C')"
)


def entfernen(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS kernaktivitaet_titel_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS kernaktivitaet_suchvektor_gin")
    schema_editor.execute(f"ALTER TABLE {TABELLE} DROP COLUMN IF EXISTS suchvektor")


def anlegen(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE {TABELLE} ADD COLUMN suchvektor tsvector "
        f"GENERATED ALWAYS AS ({VEKTOR}) STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX kernaktivitaet_suchvektor_gin ON {TABELLE} USING gin (suchvektor)"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS kernaktivitaet_titel_trgm ON {TABELLE} "
        "USING gin (titel gin_trgm_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [("kernaktivitaeten", "0009_suchindex_vokabular_synonyme")]

    operations = [migrations.RunPython(entfernen, anlegen)]
