// The worksheet builder's "Add a question" without a full-page reload. The
// builder works without this: the button is an ordinary submit, and the
// server sends the whole builder back with one more question. Here the same
// request goes by fetch and only the form is swapped, so the page keeps its
// scroll position and the new question gets the focus.
(function () {
  "use strict";
  if (!window.fetch || !window.DOMParser) return;
  document.addEventListener("click", function (e) {
    var btn = e.target.closest("button.wb-add-field");
    if (!btn || !btn.form) return;
    var form = btn.form;
    e.preventDefault();
    var data = new URLSearchParams(new FormData(form));
    data.set("action", "add");
    var url = (btn.formAction || form.action).split("#")[0];
    btn.disabled = true;
    fetch(url, { method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (res) {
        if (!res.ok) throw new Error("status " + res.status);
        return res.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var next = doc.getElementById(form.id);
        if (!next) throw new Error("no builder in the answer");
        form.replaceWith(document.importNode(next, true));
        var fields = document.querySelectorAll("#" + form.id + " fieldset.wb-field");
        var last = fields[fields.length - 1];
        var input = last && last.querySelector("input[type=text]");
        if (input) input.focus();
      })
      .catch(function () {
        // Fall back to the ordinary submit: nothing typed is lost.
        btn.disabled = false;
        form.requestSubmit ? form.requestSubmit(btn) : form.submit();
      });
  });
})();
