// Close the header search results (#header-search-results, filled by htmx as you type) when
// they are no longer wanted: Escape, keyboard focus moving out of the search form, or a click
// anywhere else. A response still on its way is not swapped in after the panel was closed.
(function () {
  var results = document.getElementById("header-search-results");
  if (!results) {
    return;
  }
  var form = results.closest("form");
  var input = form.querySelector("input[type=search]");
  var dismissed = false;

  function close() {
    dismissed = true;
    results.replaceChildren();
  }

  form.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !results.hasChildNodes()) {
      return;
    }
    // Focus on a result link would be lost when the link goes: give it back to the box.
    if (results.contains(document.activeElement) && input) {
      input.focus();
    }
    close();
  });

  // relatedTarget is where focus goes. It is null when the click lands on nothing focusable
  // (and in Safari even on a link): the click handler below decides those cases.
  form.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !form.contains(event.relatedTarget)) {
      close();
    }
  });

  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) {
      close();
    }
  });

  if (input) {
    input.addEventListener("input", function () {
      dismissed = false;
    });
  }

  form.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target === results && (dismissed || !form.contains(document.activeElement))) {
      event.detail.shouldSwap = false;
    }
  });
})();
