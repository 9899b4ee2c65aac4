import { resolveLocale } from "./relative-time.js";

/** The language and writing direction a ticker is shown in. */
export interface ReaderLanguage {
  /** A canonical BCP 47 tag Intl supports, e.g. `de-AT`; `en` when nothing better is known. */
  locale: string;
  /** Written on the ticker's root: the host's own `dir` attribute, else the language's direction. */
  dir: "ltr" | "rtl" | "auto";
}

/** Languages written right to left, for browsers without `Intl.Locale#getTextInfo`/`textInfo`. */
const RTL_LANGUAGES = new Set([
  "ar",
  "arc",
  "ckb",
  "dv",
  "fa",
  "he",
  "iw",
  "ks",
  "mzn",
  "nqo",
  "ps",
  "sd",
  "syr",
  "ug",
  "ur",
  "yi",
]);
/** Scripts written right to left, for a tag that names one (`az-Arab`, `pa-Arab`). */
const RTL_SCRIPTS = new Set(["Adlm", "Arab", "Hebr", "Mand", "Nkoo", "Rohg", "Samr", "Syrc", "Thaa"]);

interface TextInfo {
  direction?: string;
}
type LocaleWithTextInfo = Intl.Locale & { getTextInfo?: () => TextInfo; textInfo?: TextInfo };

/**
 * Whether `locale` is written right to left. Asks Intl where it can (`getTextInfo()` is the
 * standard's name, `textInfo` the one Chrome and Safari shipped first), else the lists above.
 */
export function isRightToLeft(locale: string): boolean {
  try {
    const info = new Intl.Locale(locale) as LocaleWithTextInfo;
    const direction = (info.getTextInfo?.() ?? info.textInfo)?.direction;
    if (direction) return direction === "rtl";
    return info.script ? RTL_SCRIPTS.has(info.script) : RTL_LANGUAGES.has(info.language);
  } catch {
    return false;
  }
}

/**
 * The `lang` that applies to `element`: its own, else its nearest ancestor's, crossing shadow
 * roots (a ticker inside another component's shadow DOM still speaks the page's language).
 */
export function inheritedLang(element: Element): string | null {
  for (let node: Element | null = element; node;) {
    const owner = node.closest("[lang]");
    if (owner) return owner.getAttribute("lang");
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}

/**
 * The language of a ticker in `host`: `lang` (the `lang` option) when Intl knows it, else the
 * `lang` of the host or its nearest ancestor (`<html lang>`), else English. Not the browser's
 * language: the page's texts around the ticker are in the page's language, and so are its
 * entries. An unknown or malformed tag (`xx`, `english`) counts as none.
 */
export function readerLanguage(host: HTMLElement, lang?: string): ReaderLanguage {
  const locale = resolveLocale(lang, inheritedLang(host));
  const explicit = host.getAttribute("dir")?.trim().toLowerCase();
  const dir =
    explicit === "ltr" || explicit === "rtl" || explicit === "auto"
      ? explicit
      : isRightToLeft(locale)
        ? "rtl"
        : "ltr";
  return { locale, dir };
}
