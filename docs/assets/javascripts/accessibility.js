// What Material for MkDocs builds in the browser gets what assistive technology needs:
// - the search dialog a name ("Suche"), so a screen reader says what opened (ARIA dialogs
//   must be named);
// - every scrolling table box a keyboard stop and a name, so a wide table can be scrolled
//   without a mouse (WCAG 2.1.1). Material wraps tables in these boxes at run time.
document$.subscribe(function () {
  var search = document.querySelector(".md-search[role=dialog]");
  var query = document.querySelector(".md-search__input");
  if (search && query) {
    search.setAttribute("aria-label", query.getAttribute("aria-label"));
  }
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "Tabelle, waagerecht scrollbar");
  });
});
