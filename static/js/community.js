// Community enhancements; every form works without this file.
(function () {
  "use strict";
  // Ask form: as the title is typed, show matching articles and solved questions
  // from the search suggestions endpoint (an htmx fragment).
  var aside = document.querySelector("[data-suggest-url]");
  var title = document.getElementById("id_title");
  if (!aside || !title || !window.htmx) return;
  var url = aside.getAttribute("data-suggest-url");
  if (!url) return;
  var timer = null;
  var last = "";
  title.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = title.value.trim();
      if (q === last || q.length < 3) return;
      last = q;
      window.htmx.ajax("GET", url + "?limit=5&q=" + encodeURIComponent(q), {
        target: "#title-suggestions", swap: "innerHTML"
      });
    }, 350);
  });
})();
