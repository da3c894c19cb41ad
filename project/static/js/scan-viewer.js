// Zoom of the scans on the invoice page: the buttons, and the keys + (or =), - and 0 (fit the width).
// Without this script the pages show at the width of their column.
(function () {
  var viewer = document.getElementById("scan-viewer");
  if (!viewer) return;
  var viewport = viewer.querySelector(".scan-viewport");
  var pages = viewer.querySelector(".scan-pages");
  var level = viewer.querySelector(".scan-zoom-level");
  var STEPS = [0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4];
  var FIT = STEPS.indexOf(1);
  var current = FIT;
  var percent = new Intl.NumberFormat(document.documentElement.lang || undefined, { style: "percent" });
  viewer.querySelectorAll(".scan-zoom, .scan-keys").forEach(function (element) {
    element.hidden = false;
  });
  level.textContent = percent.format(1);

  function zoom(step) {
    step = Math.max(0, Math.min(STEPS.length - 1, step));
    if (step === current) return;
    // Keep the place the auditor was looking at in the middle of the view.
    var middleX = (viewport.scrollLeft + viewport.clientWidth / 2) / pages.offsetWidth;
    var middleY = (viewport.scrollTop + viewport.clientHeight / 2) / pages.offsetHeight;
    current = step;
    pages.style.width = STEPS[current] * 100 + "%";
    viewport.scrollLeft = middleX * pages.offsetWidth - viewport.clientWidth / 2;
    viewport.scrollTop = middleY * pages.offsetHeight - viewport.clientHeight / 2;
    level.textContent = percent.format(STEPS[current]);
  }

  viewer.addEventListener("click", function (event) {
    var button = event.target.closest("[data-zoom]");
    if (!button) return;
    var action = button.getAttribute("data-zoom");
    zoom(action === "in" ? current + 1 : action === "out" ? current - 1 : FIT);
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    // Typing in a field or choosing in a list keeps its keys; the zoom buttons do not need them.
    var target = event.target;
    if (target && target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    if (event.key === "+" || event.key === "=") zoom(current + 1);
    else if (event.key === "-" || event.key === "_") zoom(current - 1);
    else if (event.key === "0") zoom(FIT);
    else return;
    event.preventDefault();
  });
})();
