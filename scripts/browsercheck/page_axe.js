// Runs axe-core on the whole page in the colour scheme `scheme` (Material's palette toggle
// sets `data-md-color-scheme` on <body>), after the colour transitions have ended, and says
// for every failing element whether it is the page's content (inside <article>) or the
// theme's (header, navigation, search, footer).
async ({ scheme, options }) => {
  document.body.setAttribute('data-md-color-scheme', scheme);
  await Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => null)));
  const { violations } = await axe.run(document, options);
  for (const violation of violations) {
    for (const node of violation.nodes) {
      const element = typeof node.target[0] === 'string' ? document.querySelector(node.target[0]) : null;
      node.inContent = Boolean(element && element.closest('article'));
    }
  }
  return violations;
}
