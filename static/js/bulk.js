// Bulk-action forms (form[data-bulk]): a header checkbox [data-bulk-all] ticks every row's "ids" box.
document.querySelectorAll("form[data-bulk], [data-bulk-table]").forEach(function (scope) {
  var all = scope.querySelector("[data-bulk-all]");
  var form = scope.tagName === "FORM" ? scope : document.getElementById(scope.dataset.bulkTable);
  if (!all || !form) return;
  all.addEventListener("change", function () {
    document.querySelectorAll('input[type=checkbox][name=ids]').forEach(function (box) {
      if (box.form === form) box.checked = all.checked;
    });
  });
});
