// Follow the system colour scheme, live. The CSS already does this without JavaScript
// (css/bootstrap-dark-auto.css); the attribute also switches Bootstrap components keyed on it.
(function () {
  // Styles that only make sense with scripts on (a level applies on click: no Save button).
  document.documentElement.classList.add("js");
  var query = window.matchMedia("(prefers-color-scheme: dark)");
  function apply() {
    document.documentElement.setAttribute("data-bs-theme", query.matches ? "dark" : "light");
  }
  apply();
  query.addEventListener("change", apply);
})();
