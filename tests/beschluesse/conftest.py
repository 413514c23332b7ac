"""OParl 1.1 test data (tests/beschluesse/oparl/, written from the specification's schemas
and examples) served by a local HTTP server or written as saved files. No network."""

import http.server
import json
import threading
from pathlib import Path

import pytest

OPARL = Path(__file__).parent / "oparl"
DATEI_BASIS = "https://ris.example.org/oparl"


def oparl_text(name: str, basis: str) -> str:
    return (OPARL / name).read_text(encoding="utf-8").replace("{BASIS}", basis)


class _Handler(http.server.BaseHTTPRequestHandler):
    basis = ""
    abrufe: list

    def do_GET(self):
        name = self.path.strip("/").replace("/", "-")
        if not name.endswith(".json"):
            name += ".json"
        self.abrufe.append(self.path)
        ersatz = getattr(self.server, "ersatz", {})
        if name in ersatz:
            daten = ersatz[name].encode()
        elif (OPARL / name).is_file():
            daten = oparl_text(name, self.server.basis).encode()
        else:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(daten)))
        self.end_headers()
        self.wfile.write(daten)

    def log_message(self, *args):
        pass


@pytest.fixture
def oparl_server():
    """A local OParl endpoint: base URL in ``.basis``, requested paths in ``.abrufe``,
    replaced answers (file name -> text) in ``.ersatz``."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.basis = f"http://127.0.0.1:{server.server_address[1]}"
    server.ersatz = {}
    _Handler.abrufe = server.abrufe = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def oparl_dateien(tmp_path):
    """The test data as saved files: the paged Paper list (page 1 points to page 2 by file
    name) and, in ``dump.json``, a JSON array of the Papers, Meetings and Organizations."""
    for datei in OPARL.glob("*.json"):
        text = datei.read_text(encoding="utf-8").replace("{BASIS}/papers-2.json", "papers-2.json")
        (tmp_path / datei.name).write_text(text.replace("{BASIS}", DATEI_BASIS), "utf-8")
    objekte = json.loads((tmp_path / "papers-1.json").read_text("utf-8"))["data"]
    for name in (
        "meeting-301.json",
        "meeting-302.json",
        "organization-rat.json",
        "organization-ausschuss.json",
    ):
        objekte.append(json.loads((tmp_path / name).read_text("utf-8")))
    (tmp_path / "dump.json").write_text(json.dumps(objekte), "utf-8")
    return tmp_path
