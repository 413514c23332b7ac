"""Index for the catalogue's default order (title, then id) over published projects.

The first catalogue page without a chosen sort reads 20 index entries instead of sorting all
published projects (10,000 projects: about 9 ms → 0.5 ms per uncached page; docs/performance.md).
Partial (published only), so it stays small and costs nothing for unpublished drafts.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("kernaktivitaeten", "0004_datenstand_cachetabelle"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="kernaktivitaet",
            index=models.Index(
                condition=models.Q(("veroeffentlicht", True)),
                fields=["titel", "id"],
                name="kernaktivitaet_katalog_titel",
            ),
        ),
    ]
