/** The element that holds `node` in the flat tree: its parent, or its shadow root's host. */
function parentOf(node: Node): Element | null {
  const parent = node.parentNode;
  if (parent instanceof ShadowRoot) return parent.host;
  return parent instanceof Element ? parent : null;
}

/**
 * True when the reader has scrolled past the top of `element`: in the page, or in any
 * scrolling box around it (sites often put a ticker in a fixed-height sidebar box), or in
 * the element's own shadow host when the site made that scroll.
 */
export function scrolledPast(element: Element): boolean {
  let visibleTop = 0; // the viewport's top edge
  for (let box = parentOf(element); box; box = parentOf(box)) {
    if (box.scrollHeight <= box.clientHeight) continue;
    const overflow = getComputedStyle(box).overflowY;
    if (overflow === "auto" || overflow === "scroll") {
      visibleTop = Math.max(visibleTop, box.getBoundingClientRect().top);
    }
  }
  // A pixel of slack: zoom and subpixel layout put "at the top" a fraction off.
  return element.getBoundingClientRect().top < visibleTop - 1;
}

/** Scrolls `element` to the top of the view: smoothly, unless the reader asked for less motion. */
export function scrollToStart(element: Element): void {
  const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  element.scrollIntoView({ behavior: reduce ? "auto" : "smooth", block: "start" });
}
