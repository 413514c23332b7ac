"""Reports and open data: Fortschrittsbericht (Excel, PDF, CSV, JSON), open data with DCAT-AP.de
metadata, the public progress dashboard and the Atom feeds of approved Statusberichte.

Every export reads its rows from one place (``fortschritt`` for the back-office report,
``opendaten`` for public data), so the formats cannot drift apart, and every spreadsheet cell
passes ``sicherheit.zelle_entschaerfen``. Large back-office exports run as jobs on the task
queue (``auftraege``, ADR 0013); the PDF is rendered in parts (``pdf``).
"""
