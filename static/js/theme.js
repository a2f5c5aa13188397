// Follow the system colour scheme, live. The CSS already does this without JavaScript
// (css/bootstrap-dark-auto.css); the attribute also switches Bootstrap components keyed on it.
(function () {
  var query = window.matchMedia("(prefers-color-scheme: dark)");
  function apply() {
    document.documentElement.setAttribute("data-bs-theme", query.matches ? "dark" : "light");
  }
  apply();
  query.addEventListener("change", apply);
})();
