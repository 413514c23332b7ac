"""The dashboard's queries are answered from indexes (issue 20, part 3).

At 200,000 reports the dashboard cost 1.5 s under load, nearly all of it one query that joined
every report to count, per Berichtszeitraum, the projects with an approved report. It now
counts per period from the real published projects (index ``kernaktivitaet_auswertung``) and
probes the approved reports' index (``bericht_freigegeben_zeitraum``): 135 → 1 ms
(docs/performance.md, section 5.2). On PostgreSQL the test asks the planner, with sequential
scans priced out, whether every dashboard query can be answered without reading a large
table in full; a query that could not would still show a ``Seq Scan`` on it.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kernaktivitaeten.demodaten import demodaten_erzeugen
from kernaktivitaeten.exporte.dashboard import dashboard_daten
from kernaktivitaeten.models import Kernaktivitaet, Statusbericht
from tests.leistung.test_abfragebudget import _berichte, _zeitraum

pytestmark = pytest.mark.django_db

# The tables that grow with the portal: never read in full for the dashboard.
GROSSE_TABELLEN = [
    "kernaktivitaeten_kernaktivitaet",
    "kernaktivitaeten_statusbericht",
    "kernaktivitaeten_meilenstein",
    "kernaktivitaeten_kennzahl",
    "kernaktivitaeten_messwert",
]


def _indizes(model) -> dict[str, dict]:
    with connection.cursor() as cursor:
        alle = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {name: info for name, info in alle.items() if info["index"]}


def test_the_dashboard_indexes_exist():
    """Both databases: created by migration kernaktivitaeten 0014, with the columns the
    dashboard's queries read (partial indexes: real published projects, approved reports)."""
    projekte = _indizes(Kernaktivitaet)
    berichte = _indizes(Statusbericht)
    assert projekte["kernaktivitaet_auswertung"]["columns"] == ["phase", "kompetenz_id", "id"]
    assert berichte["bericht_freigegeben_zeitraum"]["columns"] == [
        "berichtszeitraum_id",
        "kernaktivitaet_id",
    ]


@pytest.fixture
def dashboard_abfragen():
    demodaten_erzeugen(anzahl=60)
    Kernaktivitaet.objects.filter(pk__in=Kernaktivitaet.objects.order_by("pk")[:40]).update(
        demo=False
    )
    _berichte(Kernaktivitaet.objects.all(), [_zeitraum(i) for i in range(3)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    with CaptureQueriesContext(connection) as ctx:
        dashboard_daten()
    return [(abfrage["sql"]) for abfrage in ctx.captured_queries]


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(zeile[0] for zeile in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    return plan


@pytest.mark.postgres
def test_every_dashboard_query_reads_the_large_tables_through_indexes(dashboard_abfragen):
    assert len(dashboard_abfragen) >= 8  # the count itself: test_abfragebudget.py
    for sql in dashboard_abfragen:
        plan = _plan(sql)
        for tabelle in GROSSE_TABELLEN:
            assert not re.search(rf"Seq Scan on {tabelle}\b", plan), (sql, plan)


@pytest.mark.postgres
def test_reports_per_period_are_an_index_probe_per_period(dashboard_abfragen):
    """Each period's count reads only that period's reports through an index: on this small
    test data PostgreSQL picks either ``bericht_freigegeben_zeitraum`` or the foreign key's
    index; at 200,000 reports the bench database shows an index-only probe of
    ``bericht_freigegeben_zeitraum`` per project and period (docs/performance.md 5.2)."""
    (sql,) = [s for s in dashboard_abfragen if "kernaktivitaeten_berichtszeitraum" in s]
    plan = _plan(sql)
    assert "SubPlan" in plan, plan
    assert re.search(
        r"Index Cond: \(+berichtszeitraum_id = kernaktivitaeten_berichtszeitraum\.id", plan
    ), plan
    # The old form (every report joined to its period, then COUNT DISTINCT) is gone.
    assert "LEFT OUTER JOIN" not in sql
