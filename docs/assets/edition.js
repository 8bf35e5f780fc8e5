/* Hand-written (tracked); the build never touches it.
 * On a page with an English translation: the reader's choice of 中文 / English / 对照 (side by side),
 * kept across pages and reloads (localStorage; where a page opened from file:// may not store,
 * window.name, which lives as long as the tab). Everywhere: the copy buttons of paragraph citations.
 * No request leaves the page: it works offline and from file://. */
(function () {
  "use strict";
  var KEY = "edition-lang";
  var NAME_RE = /(?:^|;)edition-lang=(zh|en|both)(?=;|$)/;
  var root = document.documentElement;

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      if (value === "zh" || value === "en" || value === "both") return value;
    } catch (e) { /* storage refused: fall back on window.name */ }
    var m = NAME_RE.exec(window.name || "");
    return m ? m[1] : "zh";
  }

  function store(mode) {
    try { window.localStorage.setItem(KEY, mode); } catch (e) { /* see stored() */ }
    var rest = (window.name || "").replace(/(?:^|;)edition-lang=[a-z]*/g, "").replace(/^;+/, "");
    window.name = "edition-lang=" + mode + (rest ? ";" + rest : "");
  }

  function show(mode) {
    root.setAttribute("data-edition-lang", mode);
    var buttons = document.querySelectorAll(".lang-toggle button[data-lang]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-lang") === mode));
    }
  }

  // a link (a search result) to a paragraph the chosen language hides shows both, without changing the choice
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var mode = root.getAttribute("data-edition-lang");
    var english = target.classList.contains("para-en");
    if ((english && mode === "zh") || (!english && target.classList.contains("para") && mode === "en")) {
      show("both");
      target.scrollIntoView();
    }
  }

  var toggles = document.querySelectorAll(".lang-toggle");
  if (toggles.length) {
    show(stored());
    for (var t = 0; t < toggles.length; t++) {
      toggles[t].hidden = false;
      toggles[t].addEventListener("click", function (event) {
        var button = event.target.closest ? event.target.closest("button[data-lang]") : null;
        if (!button) return;
        var mode = button.getAttribute("data-lang");
        store(mode);
        show(mode);
      });
    }
    reveal();
    window.addEventListener("hashchange", reveal);
  }

  function copied(button) {
    button.classList.add("cite-copied");
    window.setTimeout(function () { button.classList.remove("cite-copied"); }, 1500);
  }

  // the Clipboard API where the page may use it; else the selection and execCommand, which file:// allows
  function copy(text, button) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { copied(button); }, function () { fallback(text, button); });
    } else {
      fallback(text, button);
    }
  }

  function fallback(text, button) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { if (document.execCommand("copy")) copied(button); } catch (e) { /* the text stays selectable */ }
    document.body.removeChild(area);
  }

  // A citation names its paragraph by the page's path when the site has no address (site_url), and
  // GB/T 7714 wants the date the reader consulted it: the page knows both, the build does neither.
  var today = new Date();
  var consulted = "[" + today.getFullYear() + "-" + ("0" + (today.getMonth() + 1)).slice(-2) + "-" +
    ("0" + today.getDate()).slice(-2) + "]";
  var cites = document.querySelectorAll(".cite-text");
  for (var c = 0; c < cites.length; c++) {
    var text = cites[c].textContent;
    var relative = cites[c].getAttribute("data-url");
    if (relative && relative.indexOf("#") >= 0) {
      var here = window.location.href.split("#")[0] + relative.slice(relative.indexOf("#"));
      text = text.split(relative).join(here);
    }
    cites[c].textContent = text.split("[引用日期]").join(consulted);
  }

  var buttons = document.querySelectorAll("button.cite-copy[data-copy]");
  for (var b = 0; b < buttons.length; b++) {
    buttons[b].hidden = false;
    buttons[b].addEventListener("click", function (event) {
      var button = event.currentTarget;
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (source) copy(source.textContent, button);
    });
  }
})();
