// When htmx replaces the part of a page that held the keyboard, htmx itself puts it back on the
// element with the same id in the new content (so buttons that survive a swap carry an id).
// When that element is gone (the item whose Delete or Remove was pressed), focus the element the
// requesting control names in data-focus-after (its section's heading) rather than leave the
// keyboard on <body>. Loaded on every page (base.html); without JavaScript these forms post and
// redirect.
(function () {
  var after = null;
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    after = elt && elt.getAttribute ? elt.getAttribute("data-focus-after") : null;
  });
  document.body.addEventListener("htmx:afterSettle", function () {
    var selector = after;
    after = null;
    if (!selector || (document.activeElement && document.activeElement !== document.body)) return;
    var target = document.querySelector(selector);
    if (target) target.focus();
  });
})();
