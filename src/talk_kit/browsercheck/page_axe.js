// Runs axe-core on the whole page in the colour scheme `scheme` (Material's palette toggle
// sets `data-md-color-scheme` on <body>), without colour transitions, and says
// for every failing element whether it is the page's content (inside <article>) or the
// theme's (header, navigation, search, footer).
async ({ scheme, options }) => {
  // Colour transitions off (a constructed style sheet, which the page's CSP allows), so that
  // axe-core measures the colours of the scheme, not a moment of the fade between two.
  const still = new CSSStyleSheet();
  still.replaceSync('*, *::before, *::after { transition: none !important; }');
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, still];
  document.body.setAttribute('data-md-color-scheme', scheme);
  getComputedStyle(document.body).color;  // applies the scheme now
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const { violations } = await axe.run(document, options);
  for (const violation of violations) {
    for (const node of violation.nodes) {
      const element = typeof node.target[0] === 'string' ? document.querySelector(node.target[0]) : null;
      node.inContent = Boolean(element && element.closest('article'));
    }
  }
  return violations;
}
