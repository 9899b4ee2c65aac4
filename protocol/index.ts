export * from "./ids.js";
export * from "./errors.js";
export * from "./text.js";
export * from "./entry.js";
export * from "./article.js";
export * from "./update.js";
export * from "./events.js";
export * from "./article-pattern.js";
