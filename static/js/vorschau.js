/* Preview of Markdown text fields in the back office (progressive enhancement: without
   JavaScript the saved text is shown as it will appear, below the step indicator).
   Every textarea with data-vorschau="<url>" gets a "Vorschau" button; the server renders and
   sanitises the text (bochum_strategie/lib/markdown.py), so the answer is safe HTML. */
(function () {
  "use strict";
  function einrichten(feld) {
    var knopf = document.createElement("button");
    knopf.type = "button";
    knopf.className = "button vorschau-knopf";
    knopf.textContent = document.documentElement.lang === "en" ? "Preview" : "Vorschau";
    var bereich = document.createElement("div");
    bereich.className = "vorschau-inhalt";
    bereich.setAttribute("aria-live", "polite");
    bereich.hidden = true;
    feld.insertAdjacentElement("afterend", bereich);
    feld.insertAdjacentElement("afterend", knopf);
    knopf.addEventListener("click", function () {
      var formular = feld.form;
      var token = formular && formular.querySelector("input[name=csrfmiddlewaretoken]");
      var daten = new FormData();
      daten.append("text", feld.value);
      fetch(feld.dataset.vorschau, {
        method: "POST",
        body: daten,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "" }
      })
        .then(function (antwort) {
          if (!antwort.ok) { throw new Error(String(antwort.status)); }
          return antwort.text();
        })
        .then(function (html) {
          bereich.innerHTML = html || "<p>–</p>";
          bereich.hidden = false;
        })
        .catch(function () {
          bereich.textContent = document.documentElement.lang === "en"
            ? "The preview is not available right now."
            : "Die Vorschau ist gerade nicht verfügbar.";
          bereich.hidden = false;
        });
    });
  }
  function alle() {
    document.querySelectorAll("textarea[data-vorschau]").forEach(einrichten);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", alle);
  } else {
    alle();
  }
})();
