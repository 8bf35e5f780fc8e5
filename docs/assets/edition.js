/* Hand-written (tracked); the build never touches it.
 * On a page with an English translation: the reader's choice of 中文 / English / 对照 (side by side),
 * kept across pages and reloads (localStorage; where a page opened from file:// may not store,
 * window.name, which lives as long as the tab). Everywhere: the copy buttons of paragraph citations,
 * and definitions and notes read in place: a glossary term or a note call, tapped, clicked, hovered
 * with a mouse or opened with Enter/Space, shows its definition (the hidden `.term-def` the build
 * writes into the page) or its note in a popover instead of leaving the page.
 * No request leaves the page: it works offline and from file://. Text enters the page as nodes the
 * build wrote (cloned) or as textContent, never as HTML. */
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

  function mode() {
    return root.getAttribute("data-edition-lang") || "both";
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
  // Opened from disk (the offline copy), the page's own address is a path on the reader's machine,
  // which cites nothing: the citation keeps the path within the edition, and says so.
  var offline = window.location.protocol === "file:";
  var cites = document.querySelectorAll(".cite-text");
  for (var c = 0; c < cites.length; c++) {
    var text = cites[c].textContent;
    var relative = cites[c].getAttribute("data-url");
    if (relative && relative.indexOf("#") >= 0 && !offline) {
      var here = window.location.href.split("#")[0] + relative.slice(relative.indexOf("#"));
      text = text.split(relative).join(here);
    }
    cites[c].textContent = text.split("[引用日期]").join(consulted);
  }
  if (offline) {
    var blocks = document.querySelectorAll("details.cite");
    for (var k = 0; k < blocks.length; k++) {
      if (blocks[k].querySelector(".cite-text[data-url]")) {
        var said = document.createElement("p");
        said.className = "cite-offline";
        said.textContent = "离线副本没有网址，引用中为本段在本版中的路径。 " +
          "Offline copy: there is no web address, so the citation gives the paragraph's path within the edition.";
        blocks[k].appendChild(said);
      }
    }
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
  /* --- definitions and notes in place --------------------------------------------------------- */

  var TRIGGER = ".md-content a.term, .md-content sup.note-call > a";
  var DEF_PREFIX = "def-";  // build_scripts/core/names.py DEFINITION_PREFIX
  var HOVER_OPEN_MS = 150;
  var HOVER_CLOSE_MS = 300;
  var MARGIN = 8;  // px kept between the popover and the window's edges
  var GAP = 6;  // px between the popover and what it explains

  var pop = null;  // the popover: one per page, made on first use
  var body = null;
  var current = null;  // the trigger whose popover is open
  var pinned = false;  // opened by a tap, click or key (else by a mouse hovering): stays until closed
  var timer = 0;

  if (navigator.maxTouchPoints > 0 || window.matchMedia("(pointer: coarse)").matches) {
    root.classList.add("edition-touch");  // touch targets grow to 44×44 px (stylesheets/edition.css)
  }

  // what a trigger explains: the hidden definition of its term, or the note its call leads to
  function sourceOf(trigger) {
    var hash = (trigger.getAttribute("href") || "").split("#")[1] || "";
    var id = decodeURIComponent(hash);
    if (trigger.classList.contains("term")) return document.getElementById(DEF_PREFIX + id);
    return document.getElementById(id);
  }

  function makePop() {
    pop = document.createElement("div");
    pop.id = "edition-pop";
    pop.className = "edition-pop";
    pop.setAttribute("role", "dialog");
    pop.setAttribute("tabindex", "-1");
    pop.hidden = true;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "edition-pop__close";
    close.setAttribute("aria-label", "关闭 Close");
    close.textContent = "×";
    close.addEventListener("click", function () { closePop(true); });
    body = document.createElement("div");
    body.className = "edition-pop__body";
    pop.appendChild(close);
    pop.appendChild(body);
    pop.addEventListener("pointerenter", function (event) { if (event.pointerType === "mouse") window.clearTimeout(timer); });
    pop.addEventListener("pointerleave", function (event) { if (event.pointerType === "mouse" && !pinned) later(closePop); });
    pop.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("a[href]")) closePop(false);  // the reader follows a link
    });
    document.body.appendChild(pop);
  }

  function stripIds(node) {
    if (node.removeAttribute) {
      node.removeAttribute("id");
      var inner = node.querySelectorAll("[id]");
      for (var i = 0; i < inner.length; i++) inner[i].removeAttribute("id");
    }
    return node;
  }

  function fill(trigger, source) {
    while (body.firstChild) body.removeChild(body.firstChild);
    var label;
    if (trigger.classList.contains("term")) {
      var copy = stripIds(source.cloneNode(true));
      while (copy.firstChild) body.appendChild(copy.firstChild);
      var head = body.querySelector("dfn");
      label = head ? head.textContent : trigger.textContent;
      pop.setAttribute("data-kind", "term");
    } else {
      var note = stripIds(source.cloneNode(true));
      var back = note.querySelectorAll("a.note-back");
      for (var b = 0; b < back.length; b++) back[b].parentNode.removeChild(back[b]);
      var text = document.createElement("p");
      while (note.firstChild) text.appendChild(note.firstChild);
      body.appendChild(text);
      var more = document.createElement("p");
      more.className = "edition-pop__more";
      var link = document.createElement("a");
      link.href = "#" + source.id;
      link.textContent = "注释列表 ";
      var en = document.createElement("span");
      en.lang = "en";
      en.textContent = "In the notes ↓";
      link.appendChild(en);
      more.appendChild(link);
      body.appendChild(more);
      label = trigger.getAttribute("aria-label") || trigger.textContent;
      pop.setAttribute("data-kind", "note");
    }
    pop.setAttribute("aria-label", label);
  }

  // below what it explains, or above it when there is more room there; never outside the window
  function placePop(trigger) {
    var rects = trigger.getClientRects();
    var r = rects.length ? rects[0] : trigger.getBoundingClientRect();
    var vw = document.documentElement.clientWidth;
    var vh = window.innerHeight;
    pop.style.maxHeight = "none";
    pop.style.left = "0px";
    pop.style.top = "0px";
    var width = pop.offsetWidth;
    var height = pop.offsetHeight;
    var below = vh - r.bottom - GAP - MARGIN;
    var header = document.querySelector(".md-header");
    var ceiling = Math.max(0, header ? header.getBoundingClientRect().bottom : 0);  // the theme's fixed header
    var above = r.top - GAP - MARGIN - ceiling;
    var down = height <= below || below >= above;
    var room = Math.max(down ? below : above, 96);
    var shown = Math.min(height, room);
    pop.style.maxHeight = room + "px";
    var left = Math.min(Math.max(r.left, MARGIN), Math.max(MARGIN, vw - width - MARGIN));
    var top = down ? r.bottom + GAP : r.top - GAP - shown;
    pop.style.left = left + window.scrollX + "px";
    pop.style.top = top + window.scrollY + "px";
    pop.setAttribute("data-side", down ? "below" : "above");
  }

  function openPop(trigger, pin, focus) {
    var source = sourceOf(trigger);
    if (!source) return false;
    if (!pop) makePop();
    window.clearTimeout(timer);
    if (current && current !== trigger) current.setAttribute("aria-expanded", "false");
    current = trigger;
    pinned = pin;
    fill(trigger, source);
    pop.hidden = false;
    placePop(trigger);
    trigger.setAttribute("aria-expanded", "true");
    if (focus) pop.focus({ preventScroll: true });
    return true;
  }

  function closePop(refocus) {
    window.clearTimeout(timer);
    if (!pop || pop.hidden) return;
    var trigger = current;
    pop.hidden = true;
    current = null;
    pinned = false;
    if (trigger) {
      trigger.setAttribute("aria-expanded", "false");
      if (refocus) trigger.focus({ preventScroll: true });
    }
  }

  function later(fn) {
    window.clearTimeout(timer);
    timer = window.setTimeout(fn, HOVER_CLOSE_MS);
  }

  var triggers = document.querySelectorAll(TRIGGER);
  for (var i = 0; i < triggers.length; i++) {
    var trigger = triggers[i];
    if (!sourceOf(trigger)) continue;  // nothing to show in place: the link stays a plain link
    // the popover replaces the theme's tooltip (which shows the title); print.js reads data-title
    if (trigger.hasAttribute("title")) {
      trigger.setAttribute("data-title", trigger.getAttribute("title"));
      trigger.removeAttribute("title");
    }
    trigger.setAttribute("aria-expanded", "false");
    trigger.setAttribute("aria-controls", "edition-pop");
    trigger.setAttribute("aria-haspopup", "dialog");
    trigger.classList.add("edition-trigger");
  }
  if (document.querySelector(".edition-trigger")) makePop();

  document.addEventListener("click", function (event) {
    var trigger = event.target.closest ? event.target.closest(".edition-trigger") : null;
    if (trigger) {
      event.preventDefault();  // nothing navigates away but a link inside the popover
      if (trigger === current && pinned) closePop(false);
      else openPop(trigger, true, event.detail === 0);  // detail 0: Enter, not a pointer
      return;
    }
    if (pop && !pop.hidden && !pop.contains(event.target)) closePop(false);
  });

  document.addEventListener("keydown", function (event) {
    var trigger = event.target.closest ? event.target.closest(".edition-trigger") : null;
    if (trigger && (event.key === " " || event.key === "Spacebar")) {
      event.preventDefault();  // Space on a link would scroll the page
      if (trigger === current && pinned) closePop(true);
      else openPop(trigger, true, true);
    } else if (event.key === "Escape" && pop && !pop.hidden) {
      event.preventDefault();
      closePop(pop.contains(document.activeElement) || document.activeElement === current);
    }
  });

  // a mouse hovering a term shows its definition, as a tooltip would, but one that can be read, selected and scrolled
  document.addEventListener("pointerover", function (event) {
    if (event.pointerType !== "mouse") return;
    var trigger = event.target.closest ? event.target.closest(".edition-trigger") : null;
    if (!trigger) return;
    window.clearTimeout(timer);
    if (trigger === current) return;
    if (pinned) return;  // an open popover the reader asked for stays until closed
    timer = window.setTimeout(function () { openPop(trigger, false, false); }, HOVER_OPEN_MS);
  });
  document.addEventListener("pointerout", function (event) {
    if (event.pointerType !== "mouse" || pinned) return;
    var trigger = event.target.closest ? event.target.closest(".edition-trigger") : null;
    if (!trigger) return;
    if (trigger === current) later(function () { if (!pinned) closePop(false); });
    else window.clearTimeout(timer);
  });

  window.addEventListener("resize", function () { if (current && pop && !pop.hidden) placePop(current); });

  // a note's ↩ in English leads back to the call in the English paragraph, the one the reader sees
  document.addEventListener("click", function (event) {
    var back = event.target.closest ? event.target.closest("a.note-back") : null;
    if (!back || mode() !== "en") return;
    var id = decodeURIComponent((back.getAttribute("href") || "").split("#")[1] || "");
    var english = document.getElementById(id + "-en");
    if (!english) return;
    event.preventDefault();
    window.location.hash = "#" + english.id;
  });
})();

/* On a page of an edition kept in Traditional characters (`script: hant`): the reader's choice of
 * 繁體 (the text as published) or 简体 (a Simplified reading view), kept across pages and reloads as
 * the language is (localStorage, else window.name). The view turns each character of the page's
 * content with the table the build wrote into the switch (`data-fold`: Traditional and Simplified
 * characters in pairs, one for one); turning back puts every text node's own characters back. The
 * files keep the Traditional text. */
(function () {
  "use strict";
  var KEY = "edition-script";
  var NAME_RE = /(?:^|;)edition-script=(hant|hans)(?=;|$)/;
  var toggle = document.querySelector(".script-toggle[data-fold]");
  if (!toggle) return;
  var root = document.documentElement;
  var content = document.querySelector(".md-content") || document.body;
  var pairs = Array.from(toggle.getAttribute("data-fold") || "");
  var fold = new Map();
  for (var k = 0; k + 1 < pairs.length; k += 2) fold.set(pairs[k], pairs[k + 1]);
  var originals = new Map(); // a text node turned → its own text

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      if (value === "hant" || value === "hans") return value;
    } catch (e) { /* storage refused: fall back on window.name */ }
    var m = NAME_RE.exec(window.name || "");
    return m ? m[1] : "hant";
  }

  function store(mode) {
    try { window.localStorage.setItem(KEY, mode); } catch (e) { /* see stored() */ }
    var rest = (window.name || "").replace(/(?:^|;)edition-script=[a-z]*/g, "").replace(/^;+/, "");
    window.name = "edition-script=" + mode + (rest ? ";" + rest : "");
  }

  function turn(text) {
    var out = "";
    for (var ch of text) out += fold.get(ch) || ch;
    return out;
  }

  function show(mode) {
    root.setAttribute("data-edition-script", mode);
    content.setAttribute("lang", mode === "hans" ? "zh-Hans" : "zh-Hant");
    if (mode === "hans") {
      var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentNode && node.parentNode.closest && node.parentNode.closest(".script-toggle")) continue;
        var turned = turn(node.nodeValue);
        if (turned !== node.nodeValue) {
          if (!originals.has(node)) originals.set(node, node.nodeValue);
          node.nodeValue = turned;
        }
      }
      var title = turn(document.title);
      if (title !== document.title) { originals.set("title", document.title); document.title = title; }
    } else {
      originals.forEach(function (text, node) {
        if (node === "title") document.title = text;
        else node.nodeValue = text;
      });
      originals.clear();
    }
    var buttons = toggle.querySelectorAll("button[data-script]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-script") === mode));
    }
  }

  toggle.hidden = false;
  show(stored());
  toggle.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-script]") : null;
    if (!button) return;
    var mode = button.getAttribute("data-script");
    store(mode);
    show(mode);
  });
})();
