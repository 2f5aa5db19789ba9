// Live preview for the module form: a progressive enhancement. The form's
// Preview button does the same without JavaScript. The server renders and
// sanitises the preview; this script only asks for it and puts it in place.
(function () {
  "use strict";
  var form = document.querySelector("form[data-preview]");
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var target = document.getElementById(form.getAttribute("data-preview"));
  if (!target) return;
  var panel = target.closest("section");
  // Not form.action: the submit buttons are named "action", and a form's
  // named controls shadow its properties.
  var url = form.getAttribute("action");
  var timer = null, seq = 0;
  function refresh() {
    var mine = ++seq;
    var data = new URLSearchParams(new FormData(form));
    data.set("action", "preview");
    data.set("fragment", "1");
    fetch(url, { method: "POST", body: data, credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" } })
      .then(function (res) {
        // A redirect means the session ended: leave the page as it is.
        if (!res.ok || res.redirected) return null;
        return res.text();
      })
      .then(function (html) {
        if (html === null || mine !== seq) return;
        target.innerHTML = html;
        if (panel) panel.hidden = false;
      })
      .catch(function () { /* the Preview button still works */ });
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 700);
  });
  var body = form.querySelector("textarea[name=body]");
  if (body && body.value.trim() !== "") refresh();
})();
