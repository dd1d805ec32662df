// Two fixes for keyboard and screen-reader users that the theme's HTML cannot carry by itself;
// the browser tests check both with axe-core.

// A lab's long line of code scrolls sideways inside its own box (mkdocs-jupyter's .highlight-ipynb),
// and so do a wide table (Material's .md-typeset__scrollwrap) and an equation too wide for math.js
// to shrink (see stylesheets/extra.css). While it does, the box can be reached with the keyboard:
// Tab focuses it and the arrow keys scroll it, as Material does for its own code blocks.
function focusScrollingBoxes() {
  for (const box of document.querySelectorAll(".nnbook-math, .highlight-ipynb, .md-typeset__scrollwrap")) {
    if (box.scrollWidth > box.clientWidth) {
      box.setAttribute("tabindex", "0")
    } else {
      box.removeAttribute("tabindex")
    }
  }
}

// Material's search box is a dialog without a name; a screen reader announces it as "Search".
function nameSearchDialog() {
  const search = document.querySelector(".md-search[role=dialog]")
  if (search && !search.hasAttribute("aria-label")) {
    search.setAttribute("aria-label", "Search")
  }
}

document$.subscribe(() => {  // Material's "page loaded" signal
  focusScrollingBoxes()
  nameSearchDialog()
})
window.addEventListener("resize", focusScrollingBoxes)
