// Display math never scrolls sideways (see stylesheets/extra.css): an equation wider than its
// column, as a few are on a phone, gets a smaller font size, just enough to fit. Runs before
// accessibility.js, which makes the boxes that still scroll reachable with the keyboard.
function fitDisplayMath() {
  for (const math of document.querySelectorAll(".nnbook-math > math")) {
    math.style.fontSize = ""
    const room = math.parentElement.clientWidth
    const width = math.getBoundingClientRect().width
    if (width > room) {
      math.style.fontSize = `${Math.floor((100 * room) / width) / 100}em`
    }
  }
}

document$.subscribe(fitDisplayMath)  // Material's "page loaded" signal
window.addEventListener("resize", fitDisplayMath)
