export * from "./keys.js";
export * from "./operation.js";
export * from "./apply-operation.js";
export * from "./read-article.js";
export * from "./read-entry-page.js";
export * from "./read-updates.js";
export * from "./render-markdown.js";
