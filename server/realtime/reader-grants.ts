/** Longest delay setTimeout takes (about 24.8 days); reader tokens live a day at most. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * The reader tokens one socket proved, per article. Kept for public articles too, so that
 * when one turns private its token holders stay and everyone else is dropped. While an
 * article is private each grant's expiry is armed, and `onExpired` ends that subscription.
 */
export interface ReaderGrants {
  /** A token for `articleId` valid until `expiresAt` (ms); `isPrivate` arms its expiry. */
  grant(articleId: string, expiresAt: number, isPrivate: boolean): void;
  /** Whether this socket holds a token for the article that has not run out. */
  holds(articleId: string): boolean;
  /** The article turned private (the expiry counts) or public (a token no longer matters). */
  privacyChanged(articleId: string, isPrivate: boolean): void;
  /** The socket left the article. */
  forget(articleId: string): void;
  /** The socket closed. */
  clear(): void;
}

interface Grant {
  expiresAt: number;
  timer: ReturnType<typeof setTimeout> | null;
}

export function createReaderGrants(onExpired: (articleId: string) => void): ReaderGrants {
  const grants = new Map<string, Grant>();

  const arm = (articleId: string, grant: Grant) => {
    if (grant.timer) return;
    const delay = Math.max(0, Math.min(grant.expiresAt - Date.now(), MAX_DELAY_MS));
    grant.timer = setTimeout(() => {
      grants.delete(articleId);
      onExpired(articleId);
    }, delay);
  };
  const disarm = (grant: Grant | undefined) => {
    if (grant?.timer) clearTimeout(grant.timer);
    if (grant) grant.timer = null;
  };

  return {
    grant(articleId, expiresAt, isPrivate) {
      disarm(grants.get(articleId));
      const grant: Grant = { expiresAt, timer: null };
      grants.set(articleId, grant);
      if (isPrivate) arm(articleId, grant);
    },
    holds(articleId) {
      const grant = grants.get(articleId);
      return grant !== undefined && grant.expiresAt > Date.now();
    },
    privacyChanged(articleId, isPrivate) {
      const grant = grants.get(articleId);
      if (!grant) return;
      if (isPrivate) arm(articleId, grant);
      else disarm(grant);
    },
    forget(articleId) {
      disarm(grants.get(articleId));
      grants.delete(articleId);
    },
    clear() {
      for (const grant of grants.values()) disarm(grant);
      grants.clear();
    },
  };
}
