// Help centre enhancements. Every page works without this file.
(function () {
  "use strict";
  // Live Markdown preview: POST the body to the preview endpoint as the writer types.
  var body = document.querySelector("textarea.kb-editor-input");
  var target = document.getElementById("kb-preview");
  if (body && target && window.htmx) {
    var url = target.getAttribute("data-preview-url");
    var timer = null;
    var refresh = function () {
      htmx.ajax("POST", url, { target: "#kb-preview", swap: "innerHTML", values: { body: body.value } });
    };
    body.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 350);
    });
    if (body.value.trim() && !target.querySelector(".kb-body")) refresh();
  }
  // Close the suggestion list with Escape.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".suggestions").forEach(function (box) { box.innerHTML = ""; });
  });
})();
