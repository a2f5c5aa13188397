// A correction on a job posting swaps the whole live region (#job-live). Keep the keyboard where
// it was: on the element with the same id in the new content (a Save button, a select, the Add
// button), else where the form says (data-focus-after: a removed skill's list heading), never on
// <body>. Without JavaScript a correction posts and redirects.
(function () {
  var keep = null;
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var active = document.activeElement;
    var form = event.detail.elt;
    keep = {
      id: active && active.id ? active.id : null,
      after: form && form.getAttribute ? form.getAttribute("data-focus-after") : null,
    };
  });
  document.body.addEventListener("htmx:afterSettle", function () {
    if (!keep || (document.activeElement && document.activeElement !== document.body)) return;
    var target = (keep.id && document.getElementById(keep.id)) ||
      (keep.after && document.querySelector(keep.after));
    keep = null;
    if (target) target.focus();
  });
})();
