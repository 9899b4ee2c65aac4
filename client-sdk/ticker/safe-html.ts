// The server renders and sanitises every entry (markdown-it with raw HTML off, then
// sanitize-html with an allowlist): that is Herald's sanitiser. The browser checks again,
// independently, before anything reaches the page: the HTML is parsed inert (a <template>
// runs no script and loads nothing) and only the same allowlist of tags, attributes and URL
// schemes is copied out, as new nodes (never re-serialised markup: no mutation XSS).
// DOMPurify would do the same but costs 11 KB of the script's 30 KB budget.
const TAGS = new Set([
  "P",
  "BR",
  "EM",
  "STRONG",
  "S",
  "A",
  "UL",
  "OL",
  "LI",
  "BLOCKQUOTE",
  "IMG",
  "CODE",
  "PRE",
]);
const ATTRIBUTES: Record<string, string[]> = {
  A: ["href", "title"],
  IMG: ["src", "alt", "title"],
  OL: ["start"],
};
const SAFE_URL: Record<string, RegExp> = { href: /^(?:https?:|mailto:)/i, src: /^https:/i };

function copySafe(source: Node, target: Node): void {
  for (const child of source.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) {
      target.appendChild(document.createTextNode(child.textContent ?? ""));
    } else if (child instanceof Element && TAGS.has(child.tagName)) {
      const copy = document.createElement(child.tagName.toLowerCase());
      for (const name of ATTRIBUTES[child.tagName] ?? []) {
        const value = child.getAttribute(name);
        if (value === null || (SAFE_URL[name] && !SAFE_URL[name].test(value.trim()))) continue;
        copy.setAttribute(name, value);
      }
      if (copy instanceof HTMLAnchorElement) {
        copy.rel = "noopener noreferrer nofollow";
        copy.target = "_blank";
      }
      // A long live blog has many pictures far below the fold.
      if (copy instanceof HTMLImageElement) copy.loading = "lazy";
      copySafe(child, copy);
      target.appendChild(copy);
    } else if (child instanceof Element && child.tagName !== "SCRIPT" && child.tagName !== "STYLE") {
      // Not on the list: its text survives as text, its markup does not.
      copySafe(child, target);
    }
  }
}

/**
 * A fragment of an entry's sanitised `html`, rebuilt from the allowlist only: the one way
 * entry content reaches the page. Anything off the list keeps its text and loses its markup.
 */
export function safeFragment(html: string): DocumentFragment {
  const template = document.createElement("template");
  template.innerHTML = html;
  const fragment = document.createDocumentFragment();
  copySafe(template.content, fragment);
  return fragment;
}
