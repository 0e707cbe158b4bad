// Buttons marked data-print print the page (no inline handlers, so a strict CSP allows them).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
