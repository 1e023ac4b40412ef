/**
 * Decides whether an IPC message or a navigation may be trusted. Kept free of `electron` so it can
 * be unit-tested with fake senders.
 */

export interface FrameLike {
  url: string;
  /** null for a top-level frame. */
  parent: unknown;
}

/** The app's own pages: the dev server in development, or the bundled file in production. */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const u = new URL(url);
    const app = new URL(appUrl);
    if (app.protocol === 'file:') return u.protocol === 'file:' && u.pathname === app.pathname;
    return u.origin === app.origin;
  } catch {
    return false;
  }
}

/**
 * Only our own window's top frame, showing our own page, may call the API: not an iframe, not
 * another window, not a page that navigated elsewhere.
 */
export function isTrustedSender(
  sender: unknown,
  appContents: unknown,
  senderFrame: FrameLike | null | undefined,
  appUrl: string,
): boolean {
  if (!sender || sender !== appContents || !senderFrame || senderFrame.parent !== null) return false;
  return isAppUrl(senderFrame.url, appUrl);
}
