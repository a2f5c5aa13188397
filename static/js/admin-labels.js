// The admin's autocomplete fields are drawn by select2, whose search box and selection carry no
// name of their own (axe: "label", "aria-input-field-name"). Each takes the name of the select it
// stands for: its aria-label (table rows) or its <label>.
(function () {
  "use strict";

  function nameOf(select) {
    if (select.getAttribute("aria-label")) {
      return select.getAttribute("aria-label");
    }
    const label = select.id && document.querySelector('label[for="' + CSS.escape(select.id) + '"]');
    return label ? label.textContent.trim().replace(/:$/, "") : select.name;
  }

  function name(container) {
    const select = container.previousElementSibling;
    if (!select || select.tagName !== "SELECT") {
      return;
    }
    const text = nameOf(select);
    container.querySelectorAll(".select2-search__field, .select2-selection__rendered").forEach(function (el) {
      el.setAttribute("aria-label", text);
    });
  }

  function scan(node) {
    const container = node.closest && node.closest(".select2-container");
    if (container) {
      name(container);
    }
    if (node.querySelectorAll) {
      node.querySelectorAll(".select2-container").forEach(name);
    }
  }

  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) {
        if (node.nodeType === Node.ELEMENT_NODE) {
          scan(node);
        }
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
