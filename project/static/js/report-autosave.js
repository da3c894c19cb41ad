// Save each report section shortly after typing stops; keep a copy on the device until
// the server has it, and warn before leaving with unsaved text or values. Without this
// script the per-section Save buttons do the same job.
//
// The copies are kept under the person's own prefix (data-key-prefix, with their user id):
// signing out removes them (sign-out.js), and whoever signs in next on this browser never
// finds them in their form.
(function () {
  var script = document.currentScript;
  var prefix = script.dataset.keyPrefix;
  var status = document.getElementById("save-status");
  var dirty = {};
  function say(text) { if (status) status.textContent = text; }
  // What the answer to a save means: null when the server has the text, otherwise what to
  // tell the person. fetch follows redirects, so a save that met the sign-in page (signed
  // out elsewhere, session ended) gets that page with a 200: only JSON counts as saved.
  function problem(response) {
    var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
    if (response.status === 401 || response.redirected || (response.ok && !json)) return Promise.resolve(script.dataset.signedOut);
    if (response.ok) return Promise.resolve(null);
    if (json) return response.json().then(function (answer) { return answer.error || script.dataset.stale; });
    // Mostly Django's CSRF check: the page's token is from before the person signed in
    // again (in another tab). A reload gives a fresh one and restores the text.
    if (response.status < 500) return Promise.resolve(script.dataset.stale);
    return Promise.reject(new Error(String(response.status)));
  }
  function save(form) {
    var key = prefix + form.dataset.key;
    var area = form.querySelector("textarea");
    var sent = area.value;
    return fetch(form.action, { method: "POST", body: new FormData(form), headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(problem)
      .then(function (refused) {
        if (refused) { say(refused); return; }
        // Text typed while the save was on its way is still to be sent.
        if (area.value === sent) {
          delete dirty[key];
          localStorage.removeItem(key);
        }
        form.querySelector(".section-status").textContent = script.dataset.saved;
        say(script.dataset.saved);
      }, function () { say(script.dataset.offline); });
  }
  document.querySelectorAll("form.autosave").forEach(function (form) {
    var key = prefix + form.dataset.key;
    var area = form.querySelector("textarea");
    var stored = localStorage.getItem(key);
    if (stored !== null && stored !== area.value) {
      area.value = stored;
      dirty[key] = true;
      say(script.dataset.restored);
    } else if (stored !== null) {
      localStorage.removeItem(key);  // the server has this text (saved with the button, say)
    }
    var timer = null;
    area.addEventListener("input", function () {
      dirty[key] = true;
      localStorage.setItem(key, area.value);
      form.querySelector(".section-status").textContent = "";
      clearTimeout(timer);
      timer = setTimeout(function () { save(form); }, 1500);
    });
    // The button posts the form as a page, which may be the sign-in page: the copy stays
    // until a page shows the server has the text (above).
    form.addEventListener("submit", function () { delete dirty[key]; });
  });
  // The values form (and the report's Submit button, which posts it) leaves the page: a
  // section still waiting for its autosave is sent on its way with keepalive so it
  // survives the navigation; its copy on the device stays until a page shows it saved.
  var values = document.getElementById("values-form");
  var summary = document.getElementById("values-errors");
  if (values) {
    // A page showing refused values holds what the server does not have yet.
    var valuesChanged = Boolean(summary);
    values.addEventListener("input", function () { valuesChanged = true; });
    values.addEventListener("change", function () { valuesChanged = true; });
    values.addEventListener("submit", function () {
      valuesChanged = false;
      document.querySelectorAll("form.autosave").forEach(function (form) {
        var key = prefix + form.dataset.key;
        if (!dirty[key]) return;
        fetch(form.action, { method: "POST", body: new FormData(form), headers: { "Accept": "application/json" }, credentials: "same-origin", keepalive: true });
        delete dirty[key];
      });
    });
    window.addEventListener("beforeunload", function (event) {
      if (valuesChanged) { event.preventDefault(); event.returnValue = ""; }
    });
  }
  window.addEventListener("online", function () {
    document.querySelectorAll("form.autosave").forEach(function (form) { if (dirty[prefix + form.dataset.key]) save(form); });
  });
  window.addEventListener("beforeunload", function (event) {
    if (Object.keys(dirty).length) { event.preventDefault(); event.returnValue = ""; }
  });
})();
