// Review queue enhancements; the queue works without this file.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("input[data-select-all]")) return;
    var name = box.getAttribute("data-select-all");
    document.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (el) {
      el.checked = box.checked;
    });
  });
  // After an htmx decision, move focus to the result so keyboard and screen-reader users hear it.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || !target.id || target.id.indexOf("item-") !== 0) return;
    var swapped = document.getElementById(target.id);
    if (swapped) { swapped.setAttribute("tabindex", "-1"); swapped.focus(); }
  });
})();
