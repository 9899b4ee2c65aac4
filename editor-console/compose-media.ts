// The compose form's picture (URL, alt text, caption, credit) and embed URLs, and their part
// of the preview: the picture and the embed cards exactly as the ticker draws them, with the
// cards' buttons off, so the preview never contacts a provider.
import type { Entry } from "../protocol/index.js";
import { EMBEDS_MAX, readEmbedUrl, type Embed } from "../protocol/embed-providers.js";
import { renderMedia } from "../client-sdk/ticker/media.js";
import { DEFAULT_LABELS } from "../client-sdk/ticker/labels.js";

type Image = NonNullable<Entry["image"]>;

/** The form's picture and embeds as the API takes them, for a new entry and for a correction. */
export interface MediaInput {
  post: { image?: Image; embeds?: { url: string }[] };
  /** Always both fields: `null` removes what the entry had. */
  patch: { image: Image | null; embeds: { url: string }[] | null };
}

export interface ComposeMedia {
  /** The fields as the API takes them, or what to fix first, in words. */
  value(): MediaInput | { error: string };
  /** Shows an entry's picture and embeds, for a correction. */
  fill(entry: Entry): void;
  /** Empties the fields and their preview. */
  clear(): void;
}

const input = (id: string) => document.getElementById(id) as HTMLInputElement;

/**
 * The picture's own size, so readers' pages reserve its box: measured when the preview loads
 * it, or kept from the entry being corrected, for as long as the URL stays the same.
 */
let size: { url: string; width: number; height: number } | null = null;

/** Reads the fields; `embeds` are the URLs read as the server will, or the first problem. */
function read(): { image: Image | null; urls: string[]; embeds: Embed[]; error?: string } {
  const url = input("image-url").value.trim();
  const alt = input("image-alt").value.trim();
  const caption = input("image-caption").value.trim();
  const credit = input("image-credit").value.trim();
  const measured = size?.url === url ? { width: size.width, height: size.height } : {};
  const image = url
    ? { url, alt, ...(caption ? { caption } : {}), ...(credit ? { credit } : {}), ...measured }
    : null;
  const urls = input("embed-urls")
    .value.split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const embeds: Embed[] = [];
  let error: string | undefined;
  if (image && !/^https:\/\//i.test(url)) error = "The image URL must start with https://.";
  else if (image && !alt) error = "Describe the image in its alt text: readers who cannot see it hear that.";
  else if ((caption || credit || alt) && !image) error = "Caption, credit and alt text need an image URL.";
  else if (urls.length > EMBEDS_MAX) error = `At most ${EMBEDS_MAX} embeds per entry.`;
  for (const line of urls) {
    const result = readEmbedUrl(line);
    if (result.ok) embeds.push(result.embed);
    else error ??= `Embed “${line}” ${result.reason}.`;
  }
  return { image, urls, embeds, ...(error ? { error } : {}) };
}

/** Wires the fields (in CONSOLE_HTML) to their preview, `#preview-media`. */
export function createComposeMedia(): ComposeMedia {
  const preview = document.getElementById("preview-media")!;
  const fields = ["image-url", "image-alt", "image-caption", "image-credit", "embed-urls"].map(input);

  function render() {
    const { image, embeds, error } = read();
    const entry = { ...(image ? { image } : {}), embeds } as unknown as Entry;
    const nodes = renderMedia(entry, DEFAULT_LABELS);
    for (const node of nodes) for (const button of node.querySelectorAll("button")) button.disabled = true;
    const img = nodes[0]?.querySelector("img");
    img?.addEventListener("load", () => {
      if (
        img.naturalWidth > 0 &&
        img.naturalHeight > 0 &&
        img.naturalWidth <= 10_000 &&
        img.naturalHeight <= 10_000
      )
        size = { url: image?.url ?? "", width: img.naturalWidth, height: img.naturalHeight };
    });
    if (error) {
      const problem = document.createElement("p");
      problem.className = "error";
      problem.textContent = error;
      nodes.push(problem);
    }
    preview.replaceChildren(...nodes);
  }
  for (const field of fields) field.addEventListener("input", render);

  return {
    value() {
      const { image, urls, error } = read();
      if (error) return { error };
      const embeds = urls.map((url) => ({ url }));
      return {
        post: { ...(image ? { image } : {}), ...(embeds.length ? { embeds } : {}) },
        patch: { image, embeds: embeds.length ? embeds : null },
      };
    },
    fill(entry) {
      const { url = "", width, height } = entry.image ?? {};
      size = width && height ? { url, width, height } : null;
      input("image-url").value = entry.image?.url ?? "";
      input("image-alt").value = entry.image?.alt ?? "";
      input("image-caption").value = entry.image?.caption ?? "";
      input("image-credit").value = entry.image?.credit ?? "";
      input("embed-urls").value = (entry.embeds ?? []).map((e) => e.url).join("\n");
      render();
    },
    clear() {
      size = null;
      for (const field of fields) field.value = "";
      preview.replaceChildren();
    },
  };
}
