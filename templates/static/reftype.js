// Reference rows of the module form: show only the inputs the chosen kind
// of work uses. Without this script every input shows, labelled when the
// kind chosen does not use it, and the server keeps only the used ones.
(function () {
  "use strict";
  function apply(row) {
    var select = row.querySelector("select.ref-type");
    if (!select) return;
    var kind = select.value;
    row.querySelectorAll("[data-ref-types]").forEach(function (field) {
      var types = " " + field.getAttribute("data-ref-types") + " ";
      field.hidden = types.indexOf(" " + kind + " ") < 0;
    });
  }
  document.querySelectorAll("fieldset.ref-row").forEach(function (row) {
    row.querySelectorAll(".ref-unused").forEach(function (s) { s.remove(); });
    apply(row);
    var select = row.querySelector("select.ref-type");
    if (select) select.addEventListener("change", function () { apply(row); });
  });
})();
