/* The report form, improved when JavaScript runs; every step also works without it.
 * - the department list shows only the departments of the region chosen;
 * - identifiers are normalised as they are typed (GET /api/v1/identifiers/normalise);
 * - "Add another identifier" adds a row in the page instead of reloading it;
 * - the receipt page gets a "Print this page" button.
 */
(function () {
  "use strict";

  function narrowDepartments() {
    var region = document.getElementById("id_region");
    var department = document.getElementById("id_department");
    if (!region || !department) return;
    var groups = Array.prototype.slice.call(department.querySelectorAll("optgroup"));
    var first = department.options[0];
    function regionName() {
      var option = region.options[region.selectedIndex];
      return option && option.value ? option.text : "";
    }
    function update() {
      var chosen = department.value;
      var name = regionName();
      groups.forEach(function (group) {
        if (group.parentNode) group.parentNode.removeChild(group);
      });
      groups.forEach(function (group) {
        if (!name || group.label === name) department.appendChild(group);
      });
      department.value = chosen;
      if (department.value !== chosen) department.value = first ? first.value : "";
    }
    region.addEventListener("change", update);
    update();
  }

  function debounce(fn, wait) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, wait);
    };
  }

  function watchRow(form, row) {
    var type = row.querySelector("select");
    var value = row.querySelector("input[type=text], input:not([type])");
    var output = row.querySelector("[data-recognised]");
    if (!type || !value || !output) return;
    var counter = 0;
    var check = debounce(function () {
      var raw = value.value.trim();
      var asked = ++counter;
      if (!raw) {
        output.textContent = "";
        return;
      }
      var url = form.getAttribute("data-normalise-url") +
        "?type=" + encodeURIComponent(type.value) + "&value=" + encodeURIComponent(raw);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.json().then(function (body) { return { status: response.status, body: body }; });
        })
        .then(function (answer) {
          if (asked !== counter) return;
          if (answer.status === 200) {
            var shown = answer.body.display || answer.body.value;
            if (answer.body.provider) shown += " (" + answer.body.provider + ")";
            output.textContent = form.getAttribute("data-recognised-label") + " " + shown;
            output.classList.remove("error");
          } else if (answer.status === 422 && answer.body.error) {
            var fields = answer.body.error.fields || {};
            output.textContent = (fields.value && fields.value[0]) || answer.body.error.message;
            output.classList.add("error");
          } else {
            output.textContent = "";
          }
        })
        .catch(function () { output.textContent = ""; });
    }, 400);
    value.addEventListener("input", check);
    type.addEventListener("change", check);
  }

  function renumber(row, index) {
    row.querySelectorAll("[name], [id], label[for]").forEach(function (element) {
      ["name", "id", "for"].forEach(function (attribute) {
        var current = element.getAttribute(attribute);
        if (current) element.setAttribute(attribute, current.replace(/_\d+$/, "_" + index));
      });
    });
    var legend = row.querySelector("legend");
    if (legend) legend.textContent = legend.textContent.replace(/\d+/, String(index + 1));
  }

  function identifierRows() {
    var form = document.querySelector("form[data-identifiers]");
    if (!form) return;
    var container = form.querySelector("[data-identifier-rows]");
    var count = form.querySelector("[data-row-count]");
    container.querySelectorAll("[data-identifier-row]").forEach(function (row) { watchRow(form, row); });
    var add = form.querySelector("[data-add-row]");
    if (!add || !count) return;
    add.addEventListener("click", function (event) {
      var rows = container.querySelectorAll("[data-identifier-row]");
      var last = rows[rows.length - 1];
      var index = rows.length;
      if (!last || index >= Number(form.getAttribute("data-max-rows") || 30)) return;
      event.preventDefault();
      var row = last.cloneNode(true);
      renumber(row, index);
      row.querySelectorAll(".error").forEach(function (element) {
        if (!element.hasAttribute("data-recognised")) element.parentNode.removeChild(element);
      });
      var value = row.querySelector("input");
      value.value = "";
      value.removeAttribute("aria-invalid");
      value.removeAttribute("aria-describedby");
      var output = row.querySelector("[data-recognised]");
      output.textContent = "";
      output.classList.remove("error");
      container.appendChild(row);
      count.value = String(index + 1);
      watchRow(form, row);
      value.focus();
    });
  }

  function printButton() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // An anonymous report carries no contact: hide the fields and leave them out of the post,
  // keeping what was typed in case the person changes their mind.
  function contactFieldsFollowAnonymity() {
    var contact = document.querySelector("[data-contact-fields]");
    var choices = document.querySelectorAll("input[name=is_anonymous]");
    if (!contact || !choices.length) return;
    function update() {
      var anonymous = document.querySelector("input[name=is_anonymous][value=yes]:checked") !== null;
      contact.hidden = anonymous;
      contact.querySelectorAll("input").forEach(function (input) { input.disabled = anonymous; });
    }
    choices.forEach(function (choice) { choice.addEventListener("change", update); });
    update();
  }

  function focusErrors() {
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  }

  function start() {
    narrowDepartments();
    identifierRows();
    printButton();
    contactFieldsFollowAnonymity();
    focusErrors();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
