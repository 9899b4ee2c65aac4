/** How long a note stays on screen. */
const SHOWN_MS = 4_000;

/** Shows short notes ("Link copied") in `element`, emptied after a few seconds. */
export interface Toast {
  show(text: string): void;
  stop(): void;
}

/**
 * Short notes in an element that is a polite live region (`role="status"`), so they are read
 * out as well as shown.
 */
export function toast(element: HTMLElement): Toast {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    show(text) {
      element.textContent = text;
      clearTimeout(timer);
      timer = setTimeout(() => (element.textContent = ""), SHOWN_MS);
    },
    stop: () => clearTimeout(timer),
  };
}
