(function () {
  "use strict";
  var form = document.getElementById("filters");
  function wanted(name) {
    var out = {};
    form.querySelectorAll('input[name="' + name + '"]').forEach(function (box) {
      out[box.value] = box.checked;
    });
    return out;
  }
  function apply() {
    var status = wanted("status");
    var severity = wanted("severity");
    document.querySelectorAll(".finding").forEach(function (el) {
      el.hidden = !(status[el.dataset.status] && severity[el.dataset.severity]);
    });
    document.querySelectorAll(".family").forEach(function (section) {
      section.hidden = section.querySelector(".finding:not([hidden])") === null;
    });
    var shown = document.querySelectorAll(".finding:not([hidden])").length;
    document.getElementById("shown").textContent = String(shown);
  }
  function setAll(name, value) {
    form.querySelectorAll('input[name="' + name + '"]').forEach(function (box) {
      box.checked = value;
    });
  }
  form.addEventListener("change", apply);
  form.querySelectorAll("button.only").forEach(function (button) {
    button.addEventListener("click", function () {
      form.querySelectorAll('input[name="status"]').forEach(function (box) {
        box.checked = box.value === button.dataset.only;
      });
      apply();
    });
  });
  document.getElementById("show-all").addEventListener("click", function () {
    setAll("status", true);
    setAll("severity", true);
    apply();
  });
  apply();
})();
