/**
 * The app's own protocol, `app://rapport/`, from which the packaged renderer is served instead of
 * `file://` (issue 15, finding 4): a `file:` URL can name another host (UNC paths, `file://attacker/…`)
 * and any file on the disk, while this scheme has one host and serves only the built renderer
 * folder. Kept free of `electron`, so the resolution is unit-tested; index.ts registers the scheme
 * and hands each request to `resolveAppRequest`.
 */
import fs from 'node:fs';
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'rapport';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/** Whether `url` is on the app protocol's one host, with no user info and no port. */
export function isAppProtocolUrl(url: URL): boolean {
  return url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.port === '' && url.username === '' && url.password === '';
}

export type AppResolution = { file: string; mimeType: string } | { status: 404 | 405 };

/**
 * The file of the renderer folder a request names, or the status to answer. Only GET (and HEAD),
 * only `app://rapport/…`, only regular files whose real path is inside the folder (no `..`, no
 * encoded separators or NUL, no symlink out), and only known types.
 */
export function resolveAppRequest(rawUrl: string, method: string, rendererDir: string): AppResolution {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { status: 404 };
  }
  if (!isAppProtocolUrl(url)) return { status: 404 };
  if (method !== 'GET' && method !== 'HEAD') return { status: 405 };
  if (/%(2f|5c|00)/i.test(url.pathname)) return { status: 404 };
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    return { status: 404 };
  }
  if (rel.includes('\0') || rel.includes('\\') || rel.split('/').some((s) => s === '..' || s === '.')) return { status: 404 };
  rel = rel.replace(/^\/+/, '') || 'index.html';
  const mimeType = TYPES[path.extname(rel).toLowerCase()];
  if (!mimeType) return { status: 404 };
  try {
    const root = fs.realpathSync(rendererDir);
    const file = fs.realpathSync(path.join(root, rel));
    if (!file.startsWith(root + path.sep) || !fs.statSync(file).isFile()) return { status: 404 };
    return { file: path.join(rendererDir, path.relative(root, file)), mimeType };
  } catch {
    return { status: 404 };
  }
}
