// Site-wide behaviour, loaded by base.html. The Content-Security-Policy allows no inline script:
// behaviour is attached here, to data- attributes the templates write.
"use strict";

// <button data-confirm="确定撤销该表彰？">: ask before the click does anything.
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
});
