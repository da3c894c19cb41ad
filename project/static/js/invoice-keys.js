// Keyboard work on an invoice: A accept, R reject, I ask for information, J/K or arrows to move.
(function () {
  var form = document.getElementById("decision-form");
  function choose(value) {
    if (!form) return;
    var radio = form.querySelector('input[name="verdict"][value="' + value + '"]');
    if (!radio) return;
    radio.checked = true;
    if (value === "eligible") {
      form.querySelector('button[name="next"][value="1"]').click();
    } else {
      var comment = form.querySelector('textarea[name="comment"]');
      if (comment) comment.focus();
    }
  }
  function go(id) {
    var link = document.getElementById(id);
    if (link) window.location.href = link.href;
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    // In a form control the keys are the control's own: arrows move between radios, letters are typed.
    if (target && target.closest && target.closest("input, textarea, select, button, [contenteditable]")) return;
    var key = event.key.toLowerCase();
    if (key === "a") choose("eligible");
    else if (key === "r") choose("ineligible");
    else if (key === "i") choose("needs_info");
    else if (key === "j" || key === "arrowright") go("next-invoice");
    else if (key === "k" || key === "arrowleft") go("previous-invoice");
    else return;
    event.preventDefault();
  });
})();
