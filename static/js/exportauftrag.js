/* Export job page: keeps the progress bar current without reloading the page.
 *
 * Enhancement only: without JavaScript the page shows the state of its last load and an
 * "Aktualisieren" link. The script asks the small JSON endpoint (data-exportauftrag-stand)
 * every two seconds and updates the bar and the figures; when the job is no longer waiting
 * or running it reloads the page once, which then shows the download or the error.
 * Loaded with <script src defer> (the Content-Security-Policy forbids inline scripts).
 */
(function () {
  "use strict";

  var bereich = document.querySelector("[data-exportauftrag-stand]");
  if (!bereich || !window.fetch) {
    return;
  }
  var url = bereich.getAttribute("data-exportauftrag-stand");
  var balken = bereich.querySelector("[data-fortschritt]");
  var zahlen = bereich.querySelector("[data-zahlen]");
  var restzeit = bereich.querySelector("[data-restzeit]");
  var status = bereich.querySelector("[data-status]");
  var letzterStatus = null;

  function zeigen(stand) {
    if (balken) {
      balken.max = stand.gesamt || 1;
      balken.value = stand.erledigt;
      balken.textContent = stand.prozent + " %";
    }
    if (zahlen) {
      zahlen.textContent = stand.zahlen;
    }
    if (restzeit) {
      restzeit.textContent = stand.restzeit;
    }
    if (status && letzterStatus !== null && stand.status !== letzterStatus) {
      status.textContent = stand.status_text;
    }
    letzterStatus = stand.status;
  }

  function fragen() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (antwort) {
        if (!antwort.ok) {
          throw new Error(antwort.status);
        }
        return antwort.json();
      })
      .then(function (stand) {
        if (!stand.offen) {
          window.location.reload();
          return;
        }
        zeigen(stand);
        window.setTimeout(fragen, 2000);
      })
      .catch(function () {
        window.setTimeout(fragen, 10000);
      });
  }

  window.setTimeout(fragen, 1000);
})();
