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
  // Anchors land below the sticky filter bar, whatever its height at this width.
  function barHeight() {
    var height = form.getBoundingClientRect().height + 16;
    document.documentElement.style.setProperty("--bar", Math.ceil(height) + "px");
  }
  // A jump into a collapsed subject opens it first.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    for (var el = target; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") { el.open = true; }
    }
    if (target) { target.scrollIntoView(); }
  }
  window.addEventListener("resize", barHeight);
  window.addEventListener("hashchange", openTarget);
  // Printing shows every subject, collapsed or not.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.subject-body").forEach(function (d) { d.open = true; });
  });
  barHeight();
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
