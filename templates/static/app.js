// Tend's only script: progressive enhancement. Every form works without it.
(function () {
  "use strict";
  // Copy buttons: <button data-copy="#id">.
  document.addEventListener("click", function (e) {
    var b = e.target.closest("[data-copy]");
    if (!b) return;
    var el = document.querySelector(b.getAttribute("data-copy"));
    if (!el || !navigator.clipboard) return;
    navigator.clipboard.writeText(el.value || el.textContent).then(function () {
      var old = b.textContent;
      b.textContent = "Copied";
      setTimeout(function () { b.textContent = old; }, 1500);
    });
  });
})();

// Autosave: a worksheet draft is saved in the background a few seconds after
// the client stops typing. The form works fully without this.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch) return;
  var status = document.getElementById("autosave-status");
  var version = form.querySelector("input[name=version]");
  var timer = null, busy = false, stopped = false, inflight = null;
  function say(msg) { if (status) status.textContent = msg; }
  function save() {
    if (busy || stopped) return;
    busy = true;
    var data = new URLSearchParams(new FormData(form));
    data.set("action", "autosave");
    inflight = fetch(form.getAttribute("action"), { method: "POST", body: data, credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" } })
      .then(function (res) {
        if (res.ok) return res.json().then(function (j) { version.value = j.version; say("Draft saved at " + j.saved_at + "."); });
        if (res.status === 409) { stopped = true; say("This draft changed somewhere else. Use Save draft to keep what is here."); return; }
        if (res.status === 422) { say("Some answers need a look; use Save draft to see which."); return; }
        if (res.redirected || res.status === 401 || res.status === 303) { say("You may have been signed out. Use Save draft to keep your work."); return; }
      })
      .catch(function () { say("Could not save in the background. Your text is still here."); })
      .finally(function () { busy = false; });
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(save, 3000);
  });
  // A save or submit pressed while a background save is on its way waits for
  // it, so the form carries the draft's newest version and does not conflict
  // with itself.
  form.addEventListener("submit", function (e) {
    stopped = true;
    clearTimeout(timer);
    if (busy && inflight && form.requestSubmit) {
      e.preventDefault();
      var submitter = e.submitter;
      inflight.then(function () { busy = false; form.requestSubmit(submitter); });
    }
  });
})();

// Move focus to the list of answers that need a look, so keyboard and
// screen-reader users hear it first.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
