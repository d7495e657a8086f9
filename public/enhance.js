// Tamkeen's only script on learner pages: plain, optional, no framework. Everything works without it; it only keeps
// the reader's place where HTML cannot (anchors and server redirects already handle "mark complete" and quizzes).
(function () {
  "use strict";
  var KEY = "tamkeen:place";

  function fraction() {
    var height = document.documentElement.scrollHeight - window.innerHeight;
    return height > 0 ? window.scrollY / height : 0;
  }

  // The language buttons are in the header: the reader scrolls up to reach them. Their place is where they last
  // stayed to read (a second or more), not the top of the page.
  var reading = 0;
  var timer = 0;
  function belowHeader() {
    var header = document.querySelector(".site-header");
    return window.scrollY > (header ? header.offsetHeight : 0);
  }
  window.addEventListener(
    "scroll",
    function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (belowHeader()) reading = fraction();
      }, 1000);
    },
    { passive: true },
  );

  // A language switch reloads the page in another language: come back to the same part of the page.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.classList || !form.classList.contains("language-switcher")) return;
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ path: location.pathname, at: belowHeader() ? fraction() : reading }));
    } catch (e) {
      /* private mode: nothing to keep */
    }
  });

  function restore() {
    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
      sessionStorage.removeItem(KEY);
    } catch (e) {
      saved = null;
    }
    if (!saved || saved.path !== location.pathname || location.hash) return;
    var height = document.documentElement.scrollHeight - window.innerHeight;
    if (height > 0 && saved.at > 0) window.scrollTo(0, Math.round(saved.at * height));
  }

  // The lesson outline is closed in the HTML so a phone shows the lesson first; on a wide screen it is opened.
  function openOutline() {
    if (!window.matchMedia || !window.matchMedia("(min-width: 60rem)").matches) return;
    var outlines = document.querySelectorAll("details.outline-details");
    for (var i = 0; i < outlines.length; i++) outlines[i].open = true;
  }

  function ready() {
    openOutline();
    restore();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
