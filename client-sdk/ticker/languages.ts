import { ar } from "./messages/ar.js";
import { de } from "./messages/de.js";
import { en } from "./messages/en.js";
import { es } from "./messages/es.js";
import { fr } from "./messages/fr.js";
import { ru } from "./messages/ru.js";
import { uk } from "./messages/uk.js";
import type { PartialTickerMessages, TickerMessages } from "./messages/types.js";

/**
 * The catalogues, by lower-case BCP 47 tag. All of them ship inline in the script-tag bundle:
 * the six besides English add 1.8 KB min+gzip, well inside its 30 KB budget, and a ticker
 * that has its texts at once never flashes English before the reader's language.
 */
const catalogues = new Map<string, TickerMessages>([
  ["en", en],
  ["de", de],
  ["fr", fr],
  ["es", es],
  ["ru", ru],
  ["uk", uk],
  ["ar", ar],
]);

const listeners = new Set<(tag: string) => void>();

/** `locale` and its shorter forms, most specific first: `de-CH-1996` → `de-ch-1996`, `de-ch`, `de`. */
function fallbacks(locale: string): string[] {
  const parts = locale.toLowerCase().split("-");
  return parts.map((_, i) => parts.slice(0, parts.length - i).join("-"));
}

/**
 * The catalogue for `locale` (a canonical BCP 47 tag): its own, else its base language's
 * (`de-AT` → `de`, `pt-BR` → `pt`), else English.
 */
export function catalogueFor(locale: string): TickerMessages {
  for (const tag of fallbacks(locale)) {
    const messages = catalogues.get(tag);
    if (messages) return messages;
  }
  return en;
}

/**
 * Adds a catalogue for a language the ticker does not ship, or replaces one it does. A base
 * language (`"pl"`) serves all its regions; a full tag (`"pt-BR"`, `"es-419"`) serves only
 * that one, before its base language. Texts left out come from English. Tickers already
 * showing that language take the new texts at once, so a page may register after the
 * script-tag bundle has started its tickers (`window.Herald.registerTickerLanguage`).
 *
 * @param lang - a BCP 47 language tag
 * @param messages - the texts; `newUpdates` takes one form per plural category (`Intl.PluralRules`)
 * @throws RangeError when `lang` is not a BCP 47 language tag
 * @example
 * ```ts
 * registerTickerLanguage("pl", {
 *   states: { connecting: "Łączenie…", live: "Na żywo", reconnecting: "Ponowne łączenie…", offline: "Offline" },
 *   newUpdates: { one: "{count} nowy wpis", few: "{count} nowe wpisy", many: "{count} nowych wpisów", other: "{count} nowego wpisu" },
 *   loadEarlier: "Wczytaj wcześniejsze wpisy",
 *   keyEvents: "Najważniejsze",
 * });
 * ```
 */
export function registerTickerLanguage(lang: string, messages: PartialTickerMessages): void {
  let tag: string | undefined;
  try {
    [tag] = Intl.getCanonicalLocales(lang.trim().replace(/_/g, "-"));
  } catch {
    // Reported below, with the function's name.
  }
  if (!tag) throw new RangeError(`registerTickerLanguage: "${lang}" is not a BCP 47 language tag`);
  tag = tag.toLowerCase();
  catalogues.set(tag, { ...en, ...messages, states: { ...en.states, ...messages.states } });
  for (const listener of listeners) listener(tag);
}

/** Whether the catalogue registered for `tag` is one `locale` may use (`de` for `de-AT`). */
export function servesLocale(tag: string, locale: string): boolean {
  return fallbacks(locale).includes(tag);
}

/** Calls `listener` with the tag of every catalogue registered from now on; returns the way to stop. */
export function onLanguageRegistered(listener: (tag: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
