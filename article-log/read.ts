/*
 * Everything that reads an article's keys, for the API, the gateway and the tests. Writes live
 * in ./write.js alone, which the HTTP layer may not import.
 */
export { articleFromHash, readArticle, readEntry } from "./read-article.js";
export { readEntryPage, readHighlights, type EntryPageQuery } from "./read-entry-page.js";
export { readUpdatesSince, type UpdatesQuery, type UpdatesRead } from "./read-updates.js";
export { isAccepted, readScheduledIds } from "./read-accepted.js";
export { readCorrections } from "./read-corrections.js";
