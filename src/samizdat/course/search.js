"use strict";
// The course's search: the index is in this script, so it works opened from a folder
// (file://) as from any host. A section matches when every word of the query begins a
// word of its title or text (accents and case ignored).
(function () {
  const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const words = (s) => fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const entries = INDEX.map((e) => ({ ...e, words: new Set(words(e.title + " " + e.text)) }));
  const form = document.getElementById("search-form");
  const input = document.getElementById("search-input");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const hasPrefix = (set, q) => { for (const w of set) if (w.startsWith(q)) return true; return false; };
  function snippet(text, query) {
    const at = fold(text).indexOf(query[0] || "");
    const start = Math.max(0, at - 60);
    return (start ? "\u2026" : "") + text.slice(start, start + 200) + "\u2026";
  }
  function search() {
    const query = words(input.value);
    list.replaceChildren();
    if (!query.length) { status.textContent = ""; return; }
    const found = entries.filter((e) => query.every((q) => hasPrefix(e.words, q)));
    status.textContent = (found.length === 1 ? STATUS.one : STATUS.other)
      .replace("{n}", String(found.length));
    for (const e of found.slice(0, 100)) {
      const item = document.createElement("li");
      item.lang = e.lang;
      const link = document.createElement("a");
      link.href = e.href;
      link.textContent = e.title;
      const where = document.createElement("span");
      where.className = "handout";
      where.textContent = e.handout;
      const text = document.createElement("p");
      text.textContent = snippet(e.text, query);
      item.append(link, " ", where, text);
      list.append(item);
    }
  }
  form.addEventListener("submit", (event) => { event.preventDefault(); search(); });
  input.addEventListener("input", search);
  const asked = new URLSearchParams(location.search).get("q");
  if (asked) { input.value = asked; search(); }
})();
