// Runs axe-core once on a deck's print view (`?print-pdf`), where reveal.js lays out every
// slide on a page of its own with all build-up steps shown: one run sees every slide, which
// on the screen are hidden but for the current one. Each failing element says which slide
// (h, v) it is on.
async (options) => {
  const deck = document.querySelector('.reveal')._mkdocsRevealDeck;
  await document.fonts.ready;
  const { violations } = await axe.run(document, options);
  for (const violation of violations) {
    for (const node of violation.nodes) {
      const element = typeof node.target[0] === 'string' ? document.querySelector(node.target[0]) : null;
      const section = element && element.closest('section');
      const { h, v } = section ? deck.getIndices(section) : { h: 0, v: 0 };
      node.slide = [h, v || 0];
    }
  }
  return violations;
}
