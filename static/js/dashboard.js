// The dashboard's few behaviours that htmx attributes cannot express. Without JavaScript every
// one of these falls back to a plain link or form.
(function () {
  // "Cancel" on a form opened in place: close it instead of reloading the dashboard, and give
  // the keyboard back to the section it belongs to. On a full page the link is followed.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-cancel-inline]");
    if (!link) return;
    var form = link.closest("form");
    var section = form && form.closest("section");
    if (!section) return;
    event.preventDefault();
    form.remove();
    var heading = section.querySelector("h2[tabindex]");
    if (heading) heading.focus();
  });

  // After a delete swaps a section, static/js/keep-focus.js focuses its heading (data-focus-after).

  // When the whole dashboard is swapped (another role, a new target), start at its heading.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "dashboard") {
      var heading = event.detail.target.querySelector("h1");
      if (heading) heading.focus({ preventScroll: true });
    }
  });
})();
