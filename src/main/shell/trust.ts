/**
 * Decides whether an IPC message or a navigation may be trusted. Kept free of `electron` so it can
 * be unit-tested with fake senders.
 */
import { isAppProtocolUrl } from './appProtocol';

export interface FrameLike {
  url: string;
  /** null for a top-level frame. */
  parent: unknown;
}

/**
 * The app's own pages: `app://rapport/…` in the built app, or the dev server's origin in
 * development. No `file:` URL is ever the app (issue 15, finding 4: `file:` URLs carry a host, so
 * `file://attacker/…/index.html` matched a check on the path alone).
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const u = new URL(url);
    const app = new URL(appUrl);
    if (u.protocol === 'file:' || app.protocol === 'file:') return false;
    if (isAppProtocolUrl(app)) return isAppProtocolUrl(u);
    if (app.protocol !== 'http:' && app.protocol !== 'https:') return false;
    return u.origin === app.origin && u.username === '' && u.password === '';
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
