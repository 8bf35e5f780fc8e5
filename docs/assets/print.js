/* Hand-written (tracked). Before a page prints: the first use of each glossary term gets a letter (a, b,
   … z, aa, …: the page's own notes keep their numbers, so the two never read as one series), and the
   terms' definitions (the links' titles, which the screen shows as tooltips) follow the text as a
   lettered list. Shown in print only (stylesheets/print.css). The PDF (build_scripts/tools/pdf.py)
   prints the same marks as footnotes. */
(function () {
  "use strict";

  function letters(n) {
    var mark = "";
    while (n > 0) {
      var rest = (n - 1) % 26;
      mark = String.fromCharCode(97 + rest) + mark;
      n = Math.floor((n - 1) / 26);
    }
    return mark;
  }

  function addNotes(article) {
    if (article.querySelector("ol.print-notes")) return;
    var seen = {};
    var notes = [];
    // edition.js moves a term's title to data-title (its popover replaces the tooltip)
    article.querySelectorAll("a.term[title], a.term[data-title]").forEach(function (link) {
      var key = link.getAttribute("href");
      if (seen[key]) return;
      notes.push(link.getAttribute("title") || link.getAttribute("data-title"));
      seen[key] = notes.length;
      var ref = document.createElement("sup");
      ref.className = "note-ref print-only";
      ref.textContent = letters(notes.length);
      link.after(ref);
    });
    if (!notes.length) return;
    var list = document.createElement("ol");
    list.className = "print-notes print-only";
    list.setAttribute("type", "a");
    notes.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
    article.appendChild(list);
  }

  function printNotes() {
    document.querySelectorAll("article.md-content__inner, article.pdf-section").forEach(addNotes);
  }

  window.printNotes = printNotes;
  window.addEventListener("beforeprint", printNotes);
})();
