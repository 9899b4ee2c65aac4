const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

// One formatter per locale: every ticker re-formats all its times each minute.
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const absoluteFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The first of `candidates` that Intl accepts, canonicalised; `"en"` when none does.
 * Pages declare `lang="en_US"` or `lang="english"` often enough, and Intl throws on those
 * (or falls back silently), so a bad `lang` must not take the ticker down.
 *
 * @example
 * ```ts
 * resolveLocale("en_US"); // "en-US"
 * resolveLocale("", undefined); // "en"
 * ```
 */
export function resolveLocale(...candidates: (string | null | undefined)[]): string {
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      const [locale] = Intl.getCanonicalLocales(candidate.trim().replace(/_/g, "-"));
      if (locale && Intl.RelativeTimeFormat.supportedLocalesOf(locale).length > 0) return locale;
    } catch {
      // Not a BCP 47 tag: try the next candidate.
    }
  }
  return "en";
}

/**
 * "3 minutes ago", "now" (in `locale`), for an ISO time relative to `now`, through
 * Intl.RelativeTimeFormat, so it speaks the page's language.
 *
 * A time ahead of `now` reads "now": it only happens when the reader's clock is behind the
 * server's, and "in 2 minutes" on an entry that has just arrived would be wrong.
 */
export function relativeTime(iso: string, locale: string, now = Date.now()): string {
  const seconds = Math.min(0, Math.round((Date.parse(iso) - now) / 1000));
  let format = relativeFormats.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
    relativeFormats.set(locale, format);
  }
  for (const [unit, size] of UNITS) {
    if (-seconds >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(0, "second");
}

/** The full date and time in `locale`, for the `title` of a relative time. */
export function absoluteTime(iso: string, locale: string): string {
  let format = absoluteFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
    absoluteFormats.set(locale, format);
  }
  return format.format(new Date(iso));
}
