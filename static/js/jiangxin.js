/* Site-wide behaviour, no dependencies:
   - the first form error summary (role=alert) on the page gets the focus and is scrolled into view;
   - a formset drawn by forms/table_formset.html gets rows added with its "再加一行" button
     (the formset's empty form, __prefix__ replaced, TOTAL_FORMS counted up, MAX_NUM_FORMS kept). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".form-errors[role=alert]");
    if (summary) {
      summary.scrollIntoView({ block: "start" });
      summary.focus({ preventScroll: true });
    }
    document.querySelectorAll("[data-formset-add]").forEach(function (button) {
      var prefix = button.getAttribute("data-formset-add");
      var template = document.querySelector('template[data-formset-template="' + prefix + '"]');
      var body = document.querySelector('tbody[data-formset-body="' + prefix + '"]');
      var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
      var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
      if (!template || !body || !total) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var n = parseInt(total.value, 10);
        if (max && n >= parseInt(max.value, 10)) return;
        var html = template.innerHTML.replace(/__prefix__/g, String(n));
        body.insertAdjacentHTML("beforeend", html);
        total.value = String(n + 1);
        var first = body.lastElementChild && body.lastElementChild.querySelector("input, select");
        if (first) first.focus();
      });
    });
  });
})();
