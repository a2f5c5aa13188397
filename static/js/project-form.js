// The project form's skill picker, made quicker with JavaScript: a filter box over the grouped
// checkboxes (by name and alias), and a skill's level shown only while the skill is ticked.
// Without JavaScript the form lists every skill with its level select, and the server ignores
// the level of a skill left unticked.
(function () {
  // Loaded by the page, or by the dashboard when the form opens in place: set up once.
  if (window.careerhubProjectForm) return;
  window.careerhubProjectForm = true;

  function syncLevel(checkbox) {
    var option = checkbox.closest(".skill-option");
    var level = option && option.querySelector("[data-skill-level]");
    if (!level) return;
    level.hidden = !checkbox.checked;
    level.querySelector("select").disabled = !checkbox.checked;
  }

  // The ticked skills by name, so a tick hidden by the filter is not forgotten.
  function showTicked(picker) {
    var names = [];
    picker.querySelectorAll("input[type=checkbox]:checked").forEach(function (checkbox) {
      var label = picker.querySelector('label[for="' + CSS.escape(checkbox.id) + '"]');
      if (label) names.push(label.textContent.trim());
    });
    picker.querySelector("[data-skill-ticked]").textContent = names.length
      ? "Ticked: " + names.join(", ") + "."
      : "No skill ticked yet.";
  }

  function applyFilter(picker) {
    var input = picker.querySelector("[data-skill-filter]");
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    picker.querySelectorAll("[data-skill-group]").forEach(function (group) {
      var visible = 0;
      group.querySelectorAll("[data-skill-terms]").forEach(function (option) {
        var terms = option.getAttribute("data-skill-terms");
        var match = words.every(function (word) {
          return terms.indexOf(word) !== -1;
        });
        option.hidden = !match;
        if (match) visible += 1;
      });
      group.hidden = visible === 0;
      shown += visible;
    });
    var count = picker.querySelector("[data-skill-count]");
    if (!words.length) count.textContent = "";
    else if (shown === 0) count.textContent = "No skill matches “" + input.value.trim() + "”.";
    else count.textContent = shown + (shown === 1 ? " skill matches." : " skills match.");
  }

  function setUp(root) {
    var pickers = root.querySelectorAll ? root.querySelectorAll("[data-skill-picker]") : [];
    pickers.forEach(function (picker) {
      if (picker.hasAttribute("data-ready")) return;
      picker.setAttribute("data-ready", "");
      picker.querySelector("[data-skill-filter-box]").hidden = false;
      picker.querySelectorAll("input[type=checkbox]").forEach(syncLevel);
      showTicked(picker);
      applyFilter(picker); // a value the browser restored
    });
  }

  document.addEventListener("change", function (event) {
    if (!event.target.matches("[data-skill-picker] input[type=checkbox]")) return;
    syncLevel(event.target);
    showTicked(event.target.closest("[data-skill-picker]"));
  });

  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-skill-filter]")) {
      applyFilter(event.target.closest("[data-skill-picker]"));
    }
  });

  // Enter in the filter box filters; it does not submit the form.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("[data-skill-filter]")) {
      event.preventDefault();
    }
  });

  // A form swapped in by htmx later (opened in place, or sent back with its errors).
  document.addEventListener("htmx:load", function (event) {
    setUp(event.detail.elt);
  });

  setUp(document);
})();
