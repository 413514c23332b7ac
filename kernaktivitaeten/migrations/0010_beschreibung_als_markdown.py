"""Data migration: every project description gets its Markdown source.

The shown HTML (``beschreibung``) is not touched, so nothing visible changes. The source is
Markdown converted from that HTML when it renders to exactly the same sanitised HTML, else the
HTML itself (Markdown accepts it, the sanitiser keeps it as today): no text is lost either way
(docs/decisions/0010-markdown-statt-html.md).
"""

from django.db import migrations


def quellen_anlegen(apps, schema_editor):
    from bochum_strategie.lib.markdown import html_zu_markdown

    Kernaktivitaet = apps.get_model("kernaktivitaeten", "Kernaktivitaet")
    for projekt in Kernaktivitaet.objects.exclude(beschreibung="").filter(
        beschreibung_markdown=""
    ).only("pk", "beschreibung"):
        Kernaktivitaet.objects.filter(pk=projekt.pk).update(
            beschreibung_markdown=html_zu_markdown(projekt.beschreibung)
        )


class Migration(migrations.Migration):
    dependencies = [("kernaktivitaeten", "0009_markdown_quelle_und_bericht_entwurf")]

    operations = [migrations.RunPython(quellen_anlegen, migrations.RunPython.noop)]
