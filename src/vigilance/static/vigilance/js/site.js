// Every page: bring the error summary into view and focus, so screen readers announce it first;
// keep the menu shown on wide screens in browsers whose CSS cannot unfold it (see site.css).
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }

  var menu = document.querySelector("[data-menu]");
  var unfoldsByItself = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
  if (menu && !unfoldsByItself && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 40em)");
    var follow = function () {
      if (wide.matches) {
        menu.open = true;
      }
    };
    follow();
    if (wide.addEventListener) {
      wide.addEventListener("change", follow);
    }
  }
})();
