// Every page: bring the error summary into view and focus, so screen readers announce it first.
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
})();
