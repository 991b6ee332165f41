const out = [];
for (const el of document.querySelectorAll('main table, main figure, main blockquote, main .timeline')) {
  let prev = el.previousElementSibling;
  while (prev && getComputedStyle(prev).float !== 'none') prev = prev.previousElementSibling;
  let gap = 0;
  if (prev) gap = el.getBoundingClientRect().top - prev.getBoundingClientRect().bottom
      - Math.max(parseFloat(getComputedStyle(el).marginTop), parseFloat(getComputedStyle(prev).marginBottom));
  const caption = el.tagName === 'TABLE' && el.querySelector('caption');
  const row = el.tagName === 'TABLE' && el.querySelector('tr');
  if (caption && row) {
    let bottom = 0;
    const walker = document.createTreeWalker(caption, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (!node.textContent.trim() || node.parentElement.closest('.sidenote')) continue;
      const range = document.createRange(); range.selectNodeContents(node);
      for (const r of range.getClientRects()) bottom = Math.max(bottom, r.bottom);
    }
    gap += row.getBoundingClientRect().top - bottom - parseFloat(getComputedStyle(caption).marginBottom)
        - parseFloat(getComputedStyle(caption).paddingBottom);
  }
  out.push([el.tagName, Math.round(gap)]);
}
return out;
