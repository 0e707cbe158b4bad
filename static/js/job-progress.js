// The progress bar of a background job (templates/core/jobs/_progress.html): polls the job's JSON
// every second and reloads the page when the job has ended (the page then shows its result).
// No inline script: the page only carries data-* attributes.
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box) { return; }
  var bar = document.getElementById("job-bar");
  var phase = document.getElementById("job-phase");
  var rows = document.getElementById("job-rows");
  function show(state) {
    bar.style.width = state.percent + "%";
    bar.parentNode.setAttribute("aria-valuenow", String(state.percent));
    phase.textContent = state.status_label + (state.phase && !state.finished ? " · " + state.phase : "");
    rows.textContent = state.rows_total ? state.rows_done + " / " + state.rows_total + " 行"
      : (state.rows_done ? state.rows_done + " 行" : "");
  }
  bar.style.width = (bar.getAttribute("data-percent") || "0") + "%";
  if (box.getAttribute("data-finished") === "true") { return; }
  var url = box.getAttribute("data-status-url");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) {
        if (!state) { window.setTimeout(poll, 2000); return; }
        show(state);
        if (state.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 1000);
}());
