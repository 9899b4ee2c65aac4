/**
 * Links to entries live in the embedding page's hash, `#entry-<id>`: the entries sit in the
 * ticker's shadow root, where the browser's own scrolling to a fragment cannot reach, so the
 * ticker reads the hash itself (at start and on `hashchange`) and scrolls there. Entry ids
 * are made of `A-Z a-z 0-9 . _ -` only, so they go into the hash as they are.
 */
const PREFIX = "#entry-";

/** The entry id the page's hash names, or null. */
export function linkedEntry(): string | null {
  const { hash } = location;
  return hash.startsWith(PREFIX) ? hash.slice(PREFIX.length) : null;
}

/**
 * Handles the share button of every entry in `feed`, with one listener for them all. The link
 * is this page's address without its hash, and `#entry-<id>`. It goes to the Web Share API
 * where the browser has it (phones), else to the clipboard, and then `copied` is called. A
 * reader who cancels the share sheet gets no fallback: that was their choice.
 */
export function handleShareClicks(feed: HTMLElement, copied: () => void): void {
  feed.addEventListener("click", (event) => {
    const entry = (event.target as Element).closest(".share")?.closest<HTMLElement>(".entry");
    if (!entry) return;
    const url = location.href.replace(/#.*$/, "") + PREFIX + (entry.dataset.entryId ?? "");
    const title = entry.getAttribute("aria-label") ?? "";
    // Rejections (a cancelled share sheet, no clipboard on an insecure page) leave it unshared.
    if (typeof navigator.share === "function") navigator.share({ url, title }).catch(() => undefined);
    else navigator.clipboard.writeText(url).then(copied, () => undefined);
  });
}
