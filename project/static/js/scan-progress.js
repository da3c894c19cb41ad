// The claim page's count of scans read follows the background reading: it asks the
// progress address every few seconds while scans wait, and reloads the page once they are
// all read, so that the lines the reading paired show.
(function () {
  var progress = document.getElementById("scan-progress");
  if (!progress || progress.dataset.waiting === "0") return;
  var text = progress.querySelector("[data-progress-text]");
  var timer = setInterval(function () {
    fetch(progress.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        text.textContent = data.text;
        if (data.waiting === 0) {
          clearInterval(timer);
          window.location.reload();
        }
      })
      .catch(function () {
        clearInterval(timer);
      });
  }, 3000);
})();
