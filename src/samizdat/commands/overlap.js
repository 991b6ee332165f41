// Every pair of boxes on the page that print over each other: the text of any block (a
// timeline date and its event, table cells, figure captions, notes in the margin) and the
// images and formulas (a formula is one box: its accents and limits are set over its
// letters on purpose). Each text node is measured line by line (Range.getClientRects); two boxes overlap
// when they share more than a pixel across and more than a third of the lower one's height
// (a raised note call touching the line above is not an overlap). Returns a list of
// [first text, second text, top in px]. win is the page's window: the function runs in the
// caller's realm (the page's own policy allows no script of its own).
(win) => {
  const document = win.document, getComputedStyle = win.getComputedStyle.bind(win);
  const scrollY = win.scrollY, NodeFilter = win.NodeFilter;
  const boxes = [];
  const shown = (element) => {
    if (element.closest(".visually-hidden, [hidden], .skip-link")) return false;
    const style = getComputedStyle(element);
    return style.visibility !== "hidden" && style.display !== "none";
  };
  // a box that scrolls (the contents beside the title, a wide table) shows only what lies
  // inside it: a line scrolled out of it prints over nothing
  const clipOf = (element) => {
    for (let e = element; e && e !== document.body; e = e.parentElement) {
      if (getComputedStyle(e).overflowY !== "visible") return e.getBoundingClientRect();
    }
    return null;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let id = 0;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    if (!text || !node.parentElement || !shown(node.parentElement)) continue;
    if (node.parentElement.closest("math")) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    id += 1;
    const clip = clipOf(node.parentElement);
    for (const r of range.getClientRects()) {
      const left = clip ? Math.max(r.left, clip.left) : r.left;
      const right = clip ? Math.min(r.right, clip.right) : r.right;
      const top = clip ? Math.max(r.top, clip.top) : r.top;
      const bottom = clip ? Math.min(r.bottom, clip.bottom) : r.bottom;
      if (right - left > 0.5 && bottom - top > 0.5)
        boxes.push({id, text, left, right, top: top + scrollY, bottom: bottom + scrollY});
    }
  }
  for (const image of document.querySelectorAll("img, math")) {
    const r = image.getBoundingClientRect();
    id += 1;
    const what = image.localName === "math" ? "formula " + (image.getAttribute("alttext") || "")
      : "image " + (image.getAttribute("alt") || "");
    if (shown(image) && r.width && r.height)
      boxes.push({id, text: what, left: r.left,
                  right: r.right, top: r.top + scrollY, bottom: r.bottom + scrollY});
  }
  boxes.sort((a, b) => a.top - b.top);
  const found = [], seen = new Set();
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i];
    for (let j = i + 1; j < boxes.length && boxes[j].top < a.bottom; j++) {
      const b = boxes[j];
      if (a.id === b.id) continue;
      const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      const lower = Math.min(a.bottom - a.top, b.bottom - b.top);
      const pair = a.id + " " + b.id;
      if (across > 1 && down > Math.max(1, lower / 3) && !seen.has(pair)) {
        seen.add(pair);
        found.push([a.text.slice(0, 60), b.text.slice(0, 60), Math.round(a.top)]);
      }
    }
  }
  return found;
}
