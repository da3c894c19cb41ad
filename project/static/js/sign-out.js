// Signing out removes from this browser the copies of unsent text the person left here
// (report-autosave.js keeps them under their own prefix), so that whoever uses the browser
// next never finds them. The sign-out answer's Clear-Site-Data header empties the site's
// storage too, but browsers honour it only over HTTPS and on localhost.
(function () {
  var form = document.getElementById("sign-out");
  if (!form) return;
  form.addEventListener("submit", function () {
    var prefix = form.dataset.keyPrefix;
    for (var i = localStorage.length - 1; i >= 0; i--) {
      var key = localStorage.key(i);
      if (key !== null && key.indexOf(prefix) === 0) localStorage.removeItem(key);
    }
  });
})();
