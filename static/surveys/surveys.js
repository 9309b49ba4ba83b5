// Conditional questions: a question with data-show-if="<field name>" data-show-value="<value>" is
// hidden until that earlier question has the value. Without script every question shows with its
// written condition, and the server ignores answers whose condition was not met.
(function () {
  "use strict";
  var form = document.querySelector("form.survey-form");
  if (!form) return;
  var dependents = form.querySelectorAll("[data-show-if]");
  function values(name) {
    var found = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") ? input.checked : input.value) {
        found.push(input.value);
      }
    });
    return found;
  }
  function update() {
    dependents.forEach(function (item) {
      var shown = values(item.dataset.showIf).indexOf(item.dataset.showValue) !== -1;
      item.hidden = !shown;
      var note = item.querySelector(".survey-condition");
      if (note) note.hidden = true;
    });
  }
  form.addEventListener("change", update);
  update();
})();
