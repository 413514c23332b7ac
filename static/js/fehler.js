/* Error summaries (.fehlerzusammenfassung): focus on load, and links that focus their field.
 *
 * Progressive enhancement after the GOV.UK Design System's error summary: without JavaScript
 * the summary is still at the top of the page and its links still jump to the fields.
 * Loaded with <script src defer> (the Content-Security-Policy forbids inline scripts).
 */
(function () {
  "use strict";

  var zusammenfassung = document.querySelector(".fehlerzusammenfassung");
  if (!zusammenfassung) {
    return;
  }
  // Screen readers announce the summary, keyboard users start from it.
  zusammenfassung.focus();

  zusammenfassung.addEventListener("click", function (ereignis) {
    var link = ereignis.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var feld = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!feld) {
      return;
    }
    ereignis.preventDefault();
    // A jump to the input alone would hide its label above the viewport's top edge.
    var beschriftung = document.querySelector("label[for='" + CSS.escape(feld.id) + "']");
    (beschriftung || feld).scrollIntoView();
    feld.focus({ preventScroll: true });
  });
})();
