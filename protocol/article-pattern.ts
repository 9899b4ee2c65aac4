/** An article id pattern (token scopes, webhook filters): id characters and `*`. */
export const ARTICLE_PATTERN = /^[A-Za-z0-9._*-]{1,128}$/;

/** Whether an article id matches a pattern such as `politics-*` or `*` (`*`: any run of characters). */
export function matchesPattern(pattern: string, articleId: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\-]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`).test(articleId);
}
