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

  // After a delete replaces a whole section, put focus on that section's heading, not <body>.
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var selector = event.detail.elt && event.detail.elt.getAttribute("data-focus-after");
    if (!selector || !event.detail.successful) return;
    window.setTimeout(function () {
      var target = document.querySelector(selector);
      if (target) target.focus();
    }, 0);
  });

  // A form opened in place names the script it needs in data-script (htmx runs no script it
  // swaps in): load each such script once, from our own origin as the CSP requires.
  document.body.addEventListener("htmx:load", function (event) {
    var elt = event.detail.elt;
    if (!elt.querySelectorAll) return;
    var needs = Array.prototype.slice.call(elt.querySelectorAll("[data-script]"));
    if (elt.matches("[data-script]")) needs.push(elt);
    needs.forEach(function (node) {
      var src = node.getAttribute("data-script");
      if (document.querySelector('script[src="' + CSS.escape(src) + '"]')) return;
      var script = document.createElement("script");
      script.src = src;
      document.head.appendChild(script);
    });
  });

  // When the whole dashboard is swapped (another role, a new target), start at its heading.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "dashboard") {
      var heading = event.detail.target.querySelector("h1");
      if (heading) heading.focus({ preventScroll: true });
    }
  });
})();
