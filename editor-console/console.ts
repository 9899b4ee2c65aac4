// The editor console at /editor: sign in with a token, pick or create an article, compose
// with a preview rendered by the publishing pipeline, publish (Ctrl+Enter), correct, pin,
// retract, schedule, and watch the article exactly as readers see it, live.
import { HeraldClient, type Subscription } from "../client-sdk/index.js";
import type { Entry } from "../protocol/index.js";
import { safeFragment } from "../client-sdk/ticker/safe-html.js";
import { ApiError, createApi, type Api } from "./api.js";
import { CONSOLE_HTML } from "./page.js";
import { renderEntryList } from "./entry-list.js";
import { renderScheduledList } from "./scheduled-list.js";
import { createComposePreview } from "./compose-preview.js";
import { createComposeMedia } from "./compose-media.js";
import { createDraftPanel, roleOf } from "./draft-panel.js";
import type { TokenRole } from "../protocol/draft.js";
import { createReaderCount } from "./reader-count.js";
import { entryVersion, sendUnlessConflict } from "./conflict-dialog.js";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const session = window.sessionStorage;
const local = window.localStorage;

document.querySelector("main")!.innerHTML = CONSOLE_HTML;

let api: Api | null = null;
let articleId: string | null = null;
let subscription: Subscription | null = null;
let editing: Entry | null = null;
/** A contributor's console submits for review instead of publishing. */
let role: TokenRole = "editor";
const publishLabel = () => (role === "contributor" ? "Submit for review" : "Publish");
let entries: Entry[] = [];
const client = new HeraldClient({ url: location.origin });

function say(id: string, text: string, kind: "" | "error" | "warn" = "") {
  const node = $(id);
  node.textContent = text;
  node.className = kind;
}

function failure(err: unknown): string {
  if (err instanceof ApiError) return err.status === 0 ? err.message : `${err.message} (${err.code})`;
  return String(err);
}

const draftPanel = createDraftPanel({
  container: $("drafts"),
  say: (text, kind = "") => say("compose-message", text, kind),
  failure,
});

// ---- sign in ----
async function signIn(token: string) {
  const candidate = createApi(token);
  try {
    await candidate.check();
  } catch (err) {
    say(
      "signin-error",
      err instanceof ApiError && err.status === 401 ? "That token is not valid." : failure(err),
      "error",
    );
    return;
  }
  session.setItem("herald-token", token);
  api = candidate;
  role = await roleOf(candidate);
  document.body.classList.toggle("contributor", role === "contributor");
  $("publish").textContent = publishLabel();
  $("signin").hidden = true;
  $("workspace").hidden = false;
  $("signout").hidden = false;
  const last = session.getItem("herald-article") ?? local.getItem("herald-last-article");
  if (last) {
    $<HTMLInputElement>("article-id").value = last;
    await openArticle(last);
  }
}
$("signin-form").addEventListener("submit", (event) => {
  event.preventDefault();
  void signIn($<HTMLInputElement>("token").value.trim());
});
$("signout").addEventListener("click", () => {
  session.removeItem("herald-token");
  location.reload();
});

// ---- article ----
/** Opens an article to edit; `announce` false keeps the message shown (a save's "Saved …"). */
async function openArticle(id: string, announce = true) {
  if (!api) return;
  try {
    const article = await api.getArticle(id);
    $<HTMLInputElement>("article-title").value = article.title;
    $<HTMLSelectElement>("article-status").value = article.status;
    if (announce) say("article-message", `Editing “${article.title}”.`);
  } catch (err) {
    if (err instanceof ApiError && err.code === "article_not_found") {
      say("article-message", "No such article yet: give it a title and press Create / save.", "warn");
    } else {
      say("article-message", failure(err), "error");
      return;
    }
  }
  articleId = id;
  session.setItem("herald-article", id);
  local.setItem("herald-last-article", id);
  watch(id);
  draftPanel.watch(api, role, id);
  readerCount.watch(id);
  void refreshScheduled();
}
$("article-form").addEventListener("submit", (event) => {
  event.preventDefault();
  void openArticle($<HTMLInputElement>("article-id").value.trim());
});
$("save-article").addEventListener("click", async () => {
  if (!api) return;
  const id = $<HTMLInputElement>("article-id").value.trim();
  const title = $<HTMLInputElement>("article-title").value.trim();
  if (!id || !title) return say("article-message", "An article needs an id and a title.", "error");
  try {
    const article = await api.putArticle(id, {
      title,
      status: $<HTMLSelectElement>("article-status").value as "live" | "ended",
    });
    say("article-message", `Saved “${article.title}” (${article.status}).`);
    // Opened without a word: "Saved …" must stay, not flash and give way to "Editing …".
    if (articleId !== id) await openArticle(id, false);
  } catch (err) {
    say("article-message", failure(err), "error");
  }
});

// ---- reader view: the same rendering as the widget, plus actions ----
// "N reading now" across every server (this console's own connection among them).
const readerCount = createReaderCount({
  read: async (id) => (await api!.getArticle(id)).readers,
  show: (text, at) => {
    $("readers").textContent = text;
    $("readers").title = at ? `Counted at ${new Date(at).toLocaleTimeString()}` : "";
  },
});

function watch(id: string) {
  subscription?.unsubscribe();
  $("entries").replaceChildren();
  subscription = client.subscribe(id, {
    onEntries: (list, ctx) => {
      entries = list;
      $("ended-banner").hidden = ctx.article?.status !== "ended";
      renderEntries();
      void refreshScheduled();
    },
    onState: (state) =>
      say(
        "connection",
        state === "live"
          ? "Live"
          : state === "reconnecting"
            ? "Connection lost: reconnecting… your draft is kept"
            : state,
        state === "live" ? "" : "warn",
      ),
  });
}

function renderEntries() {
  renderEntryList($("entries"), entries, {
    edit: startEditing,
    togglePin: (entry) => api!.patch(articleId!, entry.id, { pinned: !entry.pinned }),
    retract: async (entry) => {
      // With the version shown: if another editor changed it since, they are shown it first.
      if (confirm("Retract this entry? Readers will no longer see it."))
        await sendUnlessConflict((v) => api!.retract(articleId!, entry.id, v), entryVersion(entry), null);
    },
    onError: (err) => say("compose-message", failure(err), "error"),
  });
}

// ---- compose, preview, publish ----
const body = $<HTMLTextAreaElement>("entry-body");
const title = $<HTMLInputElement>("entry-title");
const author = $<HTMLInputElement>("author");
author.value = local.getItem("herald-author") ?? "";

function draftKey(): string {
  let key = session.getItem("herald-draft-key");
  if (!key) {
    key = crypto.randomUUID();
    session.setItem("herald-draft-key", key);
  }
  return key;
}

function saveDraft() {
  session.setItem("herald-draft", JSON.stringify({ title: title.value, body: body.value }));
}
const draft = JSON.parse(session.getItem("herald-draft") ?? "{}") as { title?: string; body?: string };
title.value = draft.title ?? "";
body.value = draft.body ?? "";

const preview = createComposePreview({
  currentText: () => body.value,
  render: async (text, signal) => {
    if (!api) throw new Error("signed out");
    return (await api.preview(text, signal)).html;
  },
  show: (html) => $("preview").replaceChildren(safeFragment(html)),
});
const schedulePreview = () => preview.schedule();
for (const input of [body, title]) {
  input.addEventListener("input", () => {
    saveDraft();
    schedulePreview();
  });
}
author.addEventListener("change", () => local.setItem("herald-author", author.value));
const media = createComposeMedia();

/** The public note of a labelled correction, when the editor wrote one (none: a silent fix). */
function correctionNote(): { correction?: string } {
  const note = $<HTMLInputElement>("correction-note").value.replace(/\s+/g, " ").trim();
  return note ? { correction: note } : {};
}

function startEditing(entry: Entry) {
  editing = entry;
  title.value = entry.title ?? "";
  body.value = entry.body;
  media.fill(entry);
  $<HTMLInputElement>("key-event").checked = entry.keyEvent;
  $<HTMLInputElement>("pinned").checked = entry.pinned;
  $<HTMLInputElement>("correction-note").value = "";
  $("correction-row").hidden = false;
  $("compose-heading").textContent = "Correct entry";
  $("publish").textContent = "Save correction";
  $("cancel-edit").hidden = false;
  schedulePreview();
  body.focus();
}

function resetCompose() {
  editing = null;
  title.value = "";
  body.value = "";
  media.clear();
  $<HTMLInputElement>("key-event").checked = false;
  $<HTMLInputElement>("pinned").checked = false;
  $<HTMLInputElement>("publish-at").value = "";
  session.removeItem("herald-draft");
  session.removeItem("herald-draft-key");
  $<HTMLInputElement>("correction-note").value = "";
  $("correction-row").hidden = true;
  $("compose-heading").textContent = "New entry";
  $("publish").textContent = publishLabel();
  $("cancel-edit").hidden = true;
  preview.reset(); // a render still on its way must not bring back the text just sent
}
$("cancel-edit").addEventListener("click", resetCompose);

let publishing = false;
async function publish() {
  if (!api || !articleId || publishing) return; // a double click sends once
  if (!body.value.trim()) return say("compose-message", "Write something first.", "error");
  const withMedia = media.value();
  if ("error" in withMedia) return say("compose-message", withMedia.error, "error");
  publishing = true;
  $<HTMLButtonElement>("publish").disabled = true;
  say("compose-message", "Sending…");
  const flags = {
    keyEvent: $<HTMLInputElement>("key-event").checked,
    pinned: $<HTMLInputElement>("pinned").checked,
  };
  try {
    if (editing) {
      const patch = {
        body: body.value,
        title: title.value.trim() || null,
        ...flags,
        ...correctionNote(),
        ...withMedia.patch,
      };
      const { id } = editing;
      // If-Match: the version this editor loaded; on a conflict they see both and choose.
      const saved = await sendUnlessConflict(
        (v) => api!.patch(articleId!, id, patch, v),
        entryVersion(editing),
        { title: patch.title, body: patch.body },
      );
      say(
        "compose-message",
        saved ? "Correction saved." : "Kept the other editor's version; yours was discarded.",
      );
    } else {
      const at = $<HTMLInputElement>("publish-at").value;
      await api.post(
        articleId,
        {
          body: body.value,
          ...(title.value.trim() ? { title: title.value.trim() } : {}),
          ...(author.value.trim() ? { author: { name: author.value.trim() } } : {}),
          ...flags,
          ...withMedia.post,
          ...(at ? { publishAt: new Date(at).toISOString() } : {}),
        },
        // The same key for every retry of this draft: the server makes one entry of it.
        draftKey(),
      );
      if (role === "contributor") {
        say("compose-message", "Submitted for review.");
        void draftPanel.refresh();
      } else say("compose-message", at ? "Scheduled." : "Published.");
      if (at) void refreshScheduled();
    }
    resetCompose();
  } catch (err) {
    say("compose-message", `Not sent: ${failure(err)} Your text is kept.`, "error");
  } finally {
    publishing = false;
    $<HTMLButtonElement>("publish").disabled = false;
  }
}
$("compose").addEventListener("submit", (event) => {
  event.preventDefault();
  void publish();
});
body.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    void publish();
  }
});

async function refreshScheduled() {
  if (!api || !articleId) return;
  try {
    const { scheduled } = await api.scheduled(articleId);
    renderScheduledList($("scheduled"), scheduled, (item) => {
      void api!
        .cancelScheduled(articleId!, item.id)
        .then(refreshScheduled, (err: unknown) => say("compose-message", failure(err), "error"));
    });
  } catch {
    // Shown again on the next refresh.
  }
}

const saved = session.getItem("herald-token");
if (saved) void signIn(saved);
