// How far a page is wider than the window (a phone), and the widest element that makes it so
// (outside elements that scroll on their own, such as code blocks and tables with a scrollbar).
() => {
  const width = document.documentElement.clientWidth;
  const excess = document.documentElement.scrollWidth - width;
  if (excess <= 0) return null;
  let worst = null;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right - width > 0 && (!worst || r.right > worst.right)) {
      let scroller = false;
      for (let node = el.parentElement; node; node = node.parentElement) {
        if (['auto', 'scroll'].includes(getComputedStyle(node).overflowX)) scroller = true;
      }
      if (!scroller) worst = { right: r.right, html: el.outerHTML.slice(0, 200) };
    }
  }
  return { excess, html: worst ? worst.html : '' };
}
