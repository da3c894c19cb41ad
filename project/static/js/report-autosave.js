// Save each report section shortly after typing stops; keep a copy on the device until
// the server has it, and warn before leaving with unsaved text. Without this script the
// per-section Save buttons do the same job.
(function () {
  var script = document.currentScript;
  var status = document.getElementById("save-status");
  var dirty = {};
  function say(text) { if (status) status.textContent = text; }
  function save(form) {
    var key = form.dataset.key;
    var body = new FormData(form);
    return fetch(form.action, { method: "POST", body: body, headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        delete dirty[key];
        localStorage.removeItem(key);
        form.querySelector(".section-status").textContent = script.dataset.saved;
        say(script.dataset.saved);
      })
      .catch(function () { say(script.dataset.offline); });
  }
  document.querySelectorAll("form.autosave").forEach(function (form) {
    var key = form.dataset.key;
    var area = form.querySelector("textarea");
    var stored = localStorage.getItem(key);
    if (stored !== null && stored !== area.value) {
      area.value = stored;
      dirty[key] = true;
      say(script.dataset.restored);
    }
    var timer = null;
    area.addEventListener("input", function () {
      dirty[key] = true;
      localStorage.setItem(key, area.value);
      form.querySelector(".section-status").textContent = "";
      clearTimeout(timer);
      timer = setTimeout(function () { save(form); }, 1500);
    });
    form.addEventListener("submit", function () { delete dirty[key]; localStorage.removeItem(key); });
  });
  window.addEventListener("online", function () {
    document.querySelectorAll("form.autosave").forEach(function (form) { if (dirty[form.dataset.key]) save(form); });
  });
  window.addEventListener("beforeunload", function (event) {
    if (Object.keys(dirty).length) { event.preventDefault(); event.returnValue = ""; }
  });
})();
