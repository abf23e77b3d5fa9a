// Steps through a reveal.js deck the way a speaker does (every fragment, then the next slide)
// and, at every step, measures every visible element and line of text of the current slide
// against the slide frame (`.slides`, the canvas scaled to the window). Transitions are off so
// that the measurement sees where things end up. Returns one entry per step that overflows:
// route indices, how far the worst box sticks out (px), what it is, and what the boxes that
// stick out say (to find their line in the slide's source).
async (tolerance) => {
  const deck = document.querySelector('.reveal')._mkdocsRevealDeck;
  deck.configure({ transition: 'none', backgroundTransition: 'none' });
  deck.slide(0, 0, -1);
  const visible = (el, slide) => {
    for (let node = el; node && node !== slide.parentElement; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.display === 'none' || style.visibility === 'hidden' || style.opacity === '0') {
        return false;
      }
    }
    return true;
  };
  const describe = (el) => {
    const source = el.getAttribute('src') || el.getAttribute('href');
    return source ? `<${el.tagName.toLowerCase()}> ${source}` : `<${el.tagName.toLowerCase()}>`;
  };
  const measure = (slide) => {
    const frame = deck.getSlidesElement().getBoundingClientRect();
    const boxes = [];
    for (const el of slide.querySelectorAll('*')) {
      if (!visible(el, slide)) continue;
      for (const r of el.getClientRects()) {
        if (r.width > 0 && r.height > 0) boxes.push([describe(el), el.getAttribute('src') || el.getAttribute('href') || '', r]);
      }
    }
    const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const words = text.textContent.replace(/\s+/g, ' ').trim();
      if (!words || !visible(text.parentElement, slide)) continue;
      const range = document.createRange();
      range.selectNodeContents(text);
      for (const r of range.getClientRects()) {
        if (r.width > 0) boxes.push([`text „${words.slice(0, 40)}“`, words.slice(0, 40), r]);
      }
    }
    const outside = [];
    for (const [what, needle, r] of boxes) {
      const amount = Math.max(frame.left - r.left, r.right - frame.right,
                              frame.top - r.top, r.bottom - frame.bottom);
      if (amount > tolerance) outside.push({ amount: Math.round(amount), what, needle });
    }
    outside.sort((a, b) => b.amount - a.amount);
    return outside.length ? { ...outside[0], needles: outside.slice(0, 12).map((o) => o.needle) } : null;
  };
  const found = [];
  const limit = deck.getTotalSlides()
    + deck.getSlidesElement().querySelectorAll('.fragment').length + 1;
  let steps = 0;
  for (; steps <= limit; steps++) {
    const slide = deck.getCurrentSlide();
    slide.getBoundingClientRect();  // lays the slide out, which starts loading its fonts
    await document.fonts.ready;
    await Promise.all([...slide.querySelectorAll('img')].map((img) => img.decode().catch(() => null)));
    const worst = measure(slide);
    const i = deck.getIndices();
    if (worst) found.push({ h: i.h, v: i.v || 0, f: i.f === undefined ? -1 : i.f, ...worst });
    if (deck.isLastSlide() && !deck.availableFragments().next) break;
    deck.next();
  }
  return { steps: steps + 1, found };
}
