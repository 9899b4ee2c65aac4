/** An article id pattern (token scopes, webhook filters): id characters and `*`. */
export const ARTICLE_PATTERN = /^[A-Za-z0-9._*-]{1,128}$/;

/**
 * Whether an article id matches a pattern such as `politics-*` or `*` (`*`: any run of
 * characters, empty included). No regular expression: a pattern like `*a*a*a*a*a*b` made the
 * backtracking one take tens of seconds on a 127-character id. Here the text before the first
 * `*` must start the id, the text after the last must end it, and each part between is taken
 * at its leftmost place after the previous one (the leftmost place leaves the most room for
 * the rest, so if it fails every other does): at most one `indexOf` per part, O(n·m).
 */
export function matchesPattern(pattern: string, articleId: string): boolean {
  const parts = pattern.split("*");
  const first = parts[0] ?? "";
  if (parts.length === 1) return pattern === articleId;
  const last = parts[parts.length - 1] ?? "";
  if (first.length + last.length > articleId.length) return false;
  if (!articleId.startsWith(first) || !articleId.endsWith(last)) return false;
  const end = articleId.length - last.length;
  let at = first.length;
  for (const part of parts.slice(1, -1)) {
    const found = articleId.indexOf(part, at);
    if (found === -1 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}
