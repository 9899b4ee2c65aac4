/** The console's static markup; every dynamic text goes in later as text. */
export const CONSOLE_HTML = `
<section id="signin" class="card">
  <h2>Sign in</h2>
  <p>Paste your editor token. It is kept for this browser tab only.</p>
  <form id="signin-form"><input id="token" type="password" autocomplete="off" placeholder="hrld_…" aria-label="Editor token" required>
  <button type="submit">Sign in</button></form>
  <p id="signin-error" class="error" role="alert"></p>
</section>
<div id="workspace" hidden>
  <section class="card" id="article-card">
    <form id="article-form" class="row">
      <label>Article id <input id="article-id" required pattern="[A-Za-z0-9][A-Za-z0-9._-]{0,127}" placeholder="peace-talks"></label>
      <button type="submit" id="open">Open</button>
      <label class="grow">Title <input id="article-title" placeholder="Peace talks: live updates"></label>
      <label>Status <select id="article-status"><option value="live">Live</option><option value="ended">Ended</option></select></label>
      <button type="button" id="save-article" class="editor-only">Create / save</button>
    </form>
    <p id="article-message" role="status"></p>
  </section>
  <div class="columns">
    <section class="card" id="compose-card">
      <h2 id="compose-heading">New entry</h2>
      <form id="compose">
        <input id="entry-title" placeholder="Title (optional)" aria-label="Title">
        <textarea id="entry-body" rows="8" placeholder="Write in Markdown. Ctrl+Enter publishes." aria-label="Entry text" required></textarea>
        <fieldset id="media" class="media"><legend>Image and embeds</legend>
          <label class="row">Image URL <input id="image-url" class="grow" type="url" maxlength="2048" placeholder="https://…"></label>
          <label class="row">Alt text <input id="image-alt" class="grow" maxlength="300" placeholder="What the picture shows (required with an image)"></label>
          <div class="row"><label class="grow">Caption <input id="image-caption" maxlength="300"></label><label class="grow">Credit <input id="image-credit" maxlength="200" placeholder="Photo: …"></label></div>
          <label>Embed URLs (one per line, up to 4: X, YouTube, Telegram, Instagram, Bluesky, Mastodon)<textarea id="embed-urls" rows="2" placeholder="https://youtu.be/…"></textarea></label>
        </fieldset>
        <div class="row">
          <label>Author <input id="author" placeholder="Your name"></label>
          <label><input type="checkbox" id="key-event"> Key event</label>
          <label class="editor-only"><input type="checkbox" id="pinned"> Pin</label>
          <label class="editor-only">Publish at <input type="datetime-local" id="publish-at" step="1"></label>
        </div>
        <label id="correction-row" hidden>Correction note (shown to readers) <input id="correction-note" class="grow" maxlength="500" placeholder="Leave empty for a silent fix"></label>
        <div class="row">
          <button type="submit" id="publish">Publish</button>
          <button type="button" id="cancel-edit" hidden>Cancel edit</button>
          <span id="compose-message" role="status"></span>
        </div>
      </form>
      <h3>Preview</h3>
      <div id="preview" class="preview" aria-live="off"></div>
      <div id="preview-media" class="preview-media" aria-live="off"></div>
      <h3 class="editor-only">Scheduled</h3>
      <ul id="scheduled" class="editor-only"></ul>
      <h3 id="drafts-heading">Drafts awaiting review</h3>
      <div id="drafts" class="drafts"></div>
    </section>
    <section class="card" id="reader-card">
      <div class="row"><h2 class="grow">As readers see it</h2><span id="readers" class="readers"></span><span id="connection" role="status"></span></div>
      <p id="ended-banner" class="ended" hidden>Coverage has ended</p>
      <div id="entries" class="entries"></div>
    </section>
  </div>
</div>`;

export const CONSOLE_CSS = `body { margin: 0; font-family: system-ui, sans-serif; background: #f4f4f6; color: #1d1d1f; }
header { display: flex; align-items: center; gap: 16px; padding: 10px 20px; background: #1d1d1f; color: #fff; }
header h1 { font-size: 1.1em; margin: 0; flex: 1; }
header button { background: transparent; color: #fff; border: 1px solid #666; }
main { padding: 16px 20px; }
.card { background: #fff; border-radius: 10px; padding: 14px 16px; margin-bottom: 16px; box-shadow: 0 1px 3px rgb(0 0 0 / .08); }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; align-items: start; }
@media (max-width: 900px) { .columns { grid-template-columns: 1fr; } }
.row { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin: 8px 0; }
.grow { flex: 1; }
input, select, textarea, button { font: inherit; }
input, select, textarea { padding: 6px 8px; border: 1px solid #ccc; border-radius: 6px; }
textarea { width: 100%; box-sizing: border-box; resize: vertical; }
#entry-title { width: 100%; box-sizing: border-box; margin-bottom: 8px; }
button { padding: 6px 14px; border-radius: 6px; border: 1px solid #bbb; background: #f6f6f8; cursor: pointer; }
button[type=submit], #publish { background: #c8102e; border-color: #c8102e; color: #fff; }
button:disabled { opacity: .6; cursor: wait; }
.preview { min-height: 3em; padding: 8px 12px; border: 1px dashed #ccc; border-radius: 6px; }
.media { border: 1px solid #e3e3e6; border-radius: 6px; margin: 8px 0; } .media label input { min-width: 0; }
figure { margin: 8px 0 0; } figure img { max-width: 100%; height: auto; } figcaption, .embed p { font-size: .8em; color: #6b6b70; }
.embed { margin-top: 8px; padding: 8px 12px; border: 1px solid #e3e3e6; border-radius: 8px; } .embed a { display: block; overflow-wrap: anywhere; }
.entries { display: flex; flex-direction: column; gap: 10px; }
.entry { padding: 10px 12px; border: 1px solid #e3e3e6; border-radius: 8px; }
.entry.pinned { background: #eef4ff; } .entry.key { border-left: 4px solid #c8102e; background: #fff4d6; }
.meta { font-size: .8em; color: #6b6b70; display: flex; gap: 8px; flex-wrap: wrap; }
.badge { font-weight: 700; color: #c8102e; text-transform: uppercase; }
.entry-title { margin: 2px 0; font-size: 1em; }
.actions { display: flex; gap: 6px; margin-top: 6px; } .actions button { font-size: .85em; padding: 3px 10px; }
.empty { color: #6b6b70; font-style: italic; }
#reader-card h2, #compose-card h2 { margin: 0 0 8px; font-size: 1.15em; }
.error { color: #b00020; } .warn { color: #8a5a00; font-weight: 600; }
.ended { padding: 6px 10px; background: #e3e3e6; border-radius: 6px; font-weight: 600; }
#scheduled li { margin: 4px 0; }
.drafts { display: flex; flex-direction: column; gap: 8px; }
.draft { padding: 8px 10px; border: 1px dashed #c9a227; border-radius: 8px; background: #fffbea; }
.draft .body { margin: 4px 0; white-space: pre-wrap; } .draft input, .draft textarea { width: 100%; box-sizing: border-box; margin-bottom: 6px; }
/* A contributor submits for review: what only editors may do is not offered. */
body.contributor .editor-only, body.contributor #entries .actions { display: none; }
#correction-row:not([hidden]) { display: flex; gap: 8px; align-items: center; margin: 8px 0; }
#conflict { max-width: 900px; width: 90vw; border: none; border-radius: 10px; padding: 16px 20px; box-shadow: 0 8px 30px rgb(0 0 0 / .25); }
#conflict::backdrop { background: rgb(0 0 0 / .35); }
.conflict-sides { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.conflict-side { border: 1px solid #e3e3e6; border-radius: 8px; padding: 8px 12px; }
.conflict-side h3 { margin: 0 0 6px; font-size: .95em; }
.conflict-title { font-weight: 600; margin: 0 0 4px; }
#conflict-mine .conflict-body { white-space: pre-wrap; }
.readers { font-size: .9em; color: #6b6b70; } .readers:empty { display: none; }
`;
