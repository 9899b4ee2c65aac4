/** What stands in for a password (or a user name that may be a token) in a printed URL. */
const MASK = "***";

function parsed(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/**
 * A URL fit for a message or a log line: its password replaced by `***` (a user name alone,
 * which may be a token, too); everything else kept, so an operator still sees which server
 * and user it names. Text that is not a `scheme://` URL (`user:pass@host` parses as a URL
 * with scheme `user:`) loses everything up to its last `@`.
 */
export function redactUrl(value: string): string {
  const url = value.includes("://") ? parsed(value) : null;
  if (!url) return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^]*@/i, `$1${MASK}@`);
  if (url.password) url.password = MASK;
  else if (url.username) url.username = MASK;
  return url.href;
}

/** Each `scheme://…` in a text: up to whitespace, a quote, or a comma that starts the next URL. */
const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/(?:[^\s"'`<>,]|,(?![a-z][a-z0-9+.-]*:\/\/))+/gi;

/**
 * A text (a log message, an error's stack, a rejected setting) with every `scheme://` URL in
 * it passed through redactUrl. Cheap on text that cannot hold credentials: no `://` or no `@`.
 */
export function redactUrlsIn(text: string): string {
  if (!text.includes("@") || !text.includes("://")) return text;
  return text.replace(URL_IN_TEXT, (url) => (url.includes("@") ? redactUrl(url) : url));
}
