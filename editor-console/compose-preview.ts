/** What the compose preview needs from the console: the text to render, a renderer, a place to show it. */
export interface ComposePreviewDeps {
  /** The compose box's text now. */
  currentText: () => string;
  /** Renders `text` through the publishing pipeline; `signal` aborts the request. */
  render: (text: string, signal: AbortSignal) => Promise<string>;
  /** Shows rendered HTML (empty string: nothing to preview). */
  show: (html: string) => void;
  /** Pause after the last keystroke before asking for a render. @default 200 */
  debounceMs?: number;
}

export interface ComposePreview {
  /** Renders the compose box's text after the debounce pause, replacing any pending render. */
  schedule(): void;
  /** Forgets the pending render (timer and request) and empties the preview: the compose box was reset. */
  reset(): void;
}

/**
 * The compose box's live preview. On a slow connection a render answer can come back after
 * Publish or Save correction has emptied the compose box, and would show the text just sent
 * until the next keystroke. So a reset clears the debounce timer and aborts the request in
 * flight, and any answer is shown only while the compose box still holds the text it renders.
 */
export function createComposePreview(deps: ComposePreviewDeps): ComposePreview {
  const debounceMs = deps.debounceMs ?? 200;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | null = null;

  function cancel() {
    clearTimeout(timer);
    timer = undefined;
    inFlight?.abort();
    inFlight = null;
  }

  async function renderNow() {
    const text = deps.currentText();
    const controller = new AbortController();
    inFlight = controller;
    try {
      const html = await deps.render(text, controller.signal);
      if (!controller.signal.aborted && deps.currentText() === text) deps.show(html);
    } catch {
      // The preview waits for the connection like everything else; the draft is safe.
    } finally {
      if (inFlight === controller) inFlight = null;
    }
  }

  return {
    schedule() {
      cancel();
      timer = setTimeout(() => void renderNow(), debounceMs);
    },
    reset() {
      cancel();
      deps.show("");
    },
  };
}
