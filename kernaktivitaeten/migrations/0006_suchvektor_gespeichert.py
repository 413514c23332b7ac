"""PostgreSQL: the full-text vector as a stored generated column with its GIN index.

Migration 0002 indexed the vector as an expression. Matching could use that index, but the
bitmap scan has to recheck, and ranking needs the vector of every hit: PostgreSQL computed
``to_tsvector`` of title, goal and description again for each candidate row on every search
(about 10 ms per 500 hits, twice per catalogue page). Stored, it is computed once when a
project is written. The model does not declare the column (Django never writes it, and the
audit history does not copy it); ``kernaktivitaeten.search`` reads it by name.
SQLite has no full-text vector: nothing happens there.
"""

from django.db import migrations

TABELLE = "kernaktivitaeten_kernaktivitaet"
VEKTOR = (
    "setweight(to_tsvector('german'::regconfig, COALESCE(titel, '')), 'A') || "
    "setweight(to_tsvector('german'::regconfig, COALESCE(projektziel, '')), 'B') || "
    "setweight(to_tsvector('german'::regconfig, COALESCE(beschreibung, '')), 'C')"
)


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
    schema_editor.execute("DROP INDEX IF EXISTS kernaktivitaet_volltext_gin")


def entfernen(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX kernaktivitaet_volltext_gin ON {TABELLE} USING gin (({VEKTOR}))")
    schema_editor.execute(f"ALTER TABLE {TABELLE} DROP COLUMN suchvektor")


class Migration(migrations.Migration):
    dependencies = [("kernaktivitaeten", "0005_katalog_titel_index")]

    operations = [migrations.RunPython(anlegen, entfernen)]
