import type { TokenRole } from "../protocol/draft.js";
import type { Api } from "./api.js";

/** What the console's parts share: the signed-in API, the token's role, the article open. */
export interface ConsoleState {
  /** null until a token is accepted. */
  api: Api | null;
  /** The article being edited; null until one is opened. */
  articleId: string | null;
  /** A contributor's console submits for review instead of publishing. */
  role: TokenRole;
}

/** The compose form's send button for a new entry, as this role may send it. */
export const publishLabel = (role: TokenRole) => (role === "contributor" ? "Submit for review" : "Publish");
