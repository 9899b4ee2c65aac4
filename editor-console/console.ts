// The editor console at /editor: sign in with a token, pick or create an article, compose
// with a preview rendered by the publishing pipeline, publish (Ctrl+Enter), correct, pin,
// retract, schedule, and watch the article exactly as readers see it, live.
import { HeraldClient } from "../client-sdk/index.js";
import { ApiError, createApi } from "./api.js";
import { CONSOLE_HTML } from "./page.js";
import { createDraftPanel, roleOf } from "./draft-panel.js";
import { $, failure, say } from "./console-messages.js";
import { publishLabel, type ConsoleState } from "./console-state.js";
import { createScheduledPanel } from "./scheduled-panel.js";
import { createComposeForm } from "./compose-form.js";
import { createReaderView } from "./reader-view.js";
import { createArticleSwitcher } from "./article-switcher.js";

const session = window.sessionStorage;
const local = window.localStorage;

document.querySelector("main")!.innerHTML = CONSOLE_HTML;

const state: ConsoleState = { api: null, articleId: null, role: "editor" };
const client = new HeraldClient({ url: location.origin });

const draftPanel = createDraftPanel({
  container: $("drafts"),
  say: (text, kind = "") => say("compose-message", text, kind),
  failure,
});
const refreshScheduled = createScheduledPanel(state);
const compose = createComposeForm({
  state,
  submittedForReview: () => void draftPanel.refresh(),
  scheduled: () => void refreshScheduled(),
});
const readerView = createReaderView({
  state,
  client,
  edit: (entry) => compose.startEditing(entry),
  onEntries: () => void refreshScheduled(),
});
const articles = createArticleSwitcher({
  state,
  opened: (id, api) => {
    readerView.watch(id);
    draftPanel.watch(api, state.role, id);
    void refreshScheduled();
  },
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
  state.api = candidate;
  state.role = await roleOf(candidate);
  document.body.classList.toggle("contributor", state.role === "contributor");
  $("publish").textContent = publishLabel(state.role);
  $("signin").hidden = true;
  $("workspace").hidden = false;
  $("signout").hidden = false;
  const last = session.getItem("herald-article") ?? local.getItem("herald-last-article");
  if (last) {
    $<HTMLInputElement>("article-id").value = last;
    await articles.open(last);
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

const saved = session.getItem("herald-token");
if (saved) void signIn(saved);
