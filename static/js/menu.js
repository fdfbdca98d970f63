// SPDX-License-Identifier: EUPL-1.2
// On a phone the main navigation folds behind a "Menu" button, so that the header stays
// compact; the button says whether the menu is open (aria-expanded). Without this script the
// navigation is always shown.
(function () {
  "use strict";
  var nav = document.getElementById("hoofdmenu");
  if (!nav) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "menu-button";
  button.textContent = "Menu"; // the same word in Dutch and English
  button.setAttribute("aria-controls", "hoofdmenu");
  button.setAttribute("aria-expanded", "false");
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("open", open);
  });
  nav.parentNode.insertBefore(button, nav);
  document.documentElement.classList.add("has-menu-button");
})();
