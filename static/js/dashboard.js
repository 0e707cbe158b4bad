// 统计看板 and 年度总结: print, copy and restore buttons. Loaded with <script src> (no inline script);
// the generated paragraph comes from a json_script block, which is data and never executed.
(function () {
  "use strict";

  function status(text) {
    var el = document.querySelector("[data-jx-status]");
    if (el) { el.textContent = text; }
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-jx-print],[data-jx-copy],[data-jx-restore]");
    if (!target) { return; }
    if (target.hasAttribute("data-jx-print")) {
      window.print();
      return;
    }
    if (target.hasAttribute("data-jx-copy")) {
      var box = document.getElementById(target.getAttribute("data-jx-copy"));
      if (!box) { return; }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(box.value).then(function () { status("已复制"); }, function () {
          box.select(); status("请按 Ctrl+C 复制");
        });
      } else {
        box.select();
        status(document.execCommand && document.execCommand("copy") ? "已复制" : "请按 Ctrl+C 复制");
      }
      return;
    }
    var area = document.getElementById(target.getAttribute("data-jx-restore"));
    var source = document.getElementById(target.getAttribute("data-jx-source"));
    if (area && source) {
      area.value = JSON.parse(source.textContent);
      status("已恢复生成的文字");
    }
  });
}());
