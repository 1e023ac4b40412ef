/**
 * The web host (tests and development only): serves the built renderer and the same router over a
 * WebSocket on 127.0.0.1.
 *
 * Access to the API needs a random per-launch token that the browser never sends anywhere by
 * itself: it travels only in the login URL's fragment (never part of a request), the bridge script
 * keeps it in this origin's sessionStorage (origins include the port, unlike cookies) and presents
 * it as the WebSocket's first message. No cookie is set, so a server on another local port, visited
 * by the same browser, learns nothing (issue 15, finding 2). The static files of the renderer are
 * not secret and are served without it. The Host and Origin headers must name this server, which
 * stops DNS rebinding and other sites' pages from reaching it.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CoreClient } from '../api/coreClient';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import bridgeSource from './bridge.client.js?raw';

export interface WebHost {
  url: string;
  /** The URL with the token in its fragment, to open in a browser. */
  loginUrl: string;
  close(): Promise<void>;
}

/** How long a new WebSocket may take to present the token. */
const AUTH_TIMEOUT_MS = 5_000;
const BRIDGE_PATH = '/__rapport/bridge.js';
const WS_PATH = '/__rapport/ws';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

function sameSecret(a: string | undefined | null, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The request's target resolved against this server, or null when it cannot be parsed. */
function parseTarget(target: string | undefined, origin: string): URL | null {
  try {
    const url = new URL(target ?? '/', origin);
    return url.origin === origin ? url : null;
  } catch {
    return null;
  }
}

/** The percent-decoded path, or null when it is not valid percent-encoded UTF-8 or holds a NUL. */
function decodePath(pathname: string): string | null {
  try {
    const decoded = decodeURIComponent(pathname);
    return decoded.includes('\0') ? null : decoded;
  } catch {
    return null;
  }
}

/** The token from a WebSocket's first message, `{"auth": "<token>"}`, or undefined. */
function authToken(raw: string): string | undefined {
  try {
    const msg = JSON.parse(raw) as unknown;
    if (msg && typeof msg === 'object' && typeof (msg as { auth?: unknown }).auth === 'string') return (msg as { auth: string }).auth;
  } catch {
    // not JSON: not a token
  }
  return undefined;
}

export async function startWebHost(core: Pick<CoreClient, 'call' | 'subscribe'>, rendererDir: string, port = 0): Promise<WebHost> {
  const token = randomBytes(24).toString('base64url');
  const indexHtml = fs
    .readFileSync(path.join(rendererDir, 'index.html'), 'utf8')
    .replace('<head>', `<head>\n    <script src="${BRIDGE_PATH}"></script>`);
  let origin = '';

  const headers = (type: string) => ({
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });

  const badRequest = (res: http.ServerResponse) => res.writeHead(400, { 'Content-Type': 'text/plain', Connection: 'close' }).end('Bad request');

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.headers.host !== new URL(origin).host) {
      res.writeHead(403).end('Forbidden');
      return;
    }
    const url = parseTarget(req.url, origin);
    if (!url) return badRequest(res);
    if (req.method !== 'GET') {
      res.writeHead(405).end();
      return;
    }
    if (url.pathname === BRIDGE_PATH) {
      res.writeHead(200, headers(TYPES['.js'])).end(bridgeSource);
      return;
    }
    const decoded = decodePath(url.pathname);
    if (decoded === null) return badRequest(res);
    const rel = url.pathname === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = path.resolve(rendererDir, rel);
    if (!file.startsWith(path.resolve(rendererDir) + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, headers(type)).end(rel === 'index.html' ? indexHtml : fs.readFileSync(file));
  };

  // Nothing a client sends may stop the host (issue 15, finding 3): a parse error is a 400, anything
  // unexpected a 500 for that request only.
  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain', Connection: 'close' }).end('Internal error');
      else res.destroy();
    }
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  const sockets = new Set<WebSocket>();

  wss.on('error', () => {});
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = parseTarget(req.url, origin);
    if (!url) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    const ok =
      url.pathname === WS_PATH &&
      req.headers.host === new URL(origin).host &&
      req.headers.origin === origin;
    if (!ok) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      // A protocol error (a bad frame, an oversized message) closes this socket only.
      ws.on('error', () => ws.terminate());
      let unsubscribe: (() => void) | null = null;
      let refused = false;
      // The first message must be the token; anything else, or nothing in time, closes the socket.
      const deadline = setTimeout(() => {
        refused = true;
        ws.close(4401, 'token required');
      }, AUTH_TIMEOUT_MS);
      ws.on('close', () => {
        clearTimeout(deadline);
        sockets.delete(ws);
        unsubscribe?.();
      });
      ws.on('message', async (raw) => {
        if (refused) return;
        if (!unsubscribe) {
          clearTimeout(deadline);
          if (!sameSecret(authToken(String(raw)), token)) {
            refused = true;
            ws.close(4401, 'token required');
            return;
          }
          unsubscribe = core.subscribe((event) => ws.send(JSON.stringify({ event })));
          ws.send(JSON.stringify({ auth: 'ok' }));
          return;
        }
        let msg: { id?: unknown; method?: unknown; input?: unknown };
        try {
          msg = JSON.parse(String(raw)) as typeof msg;
        } catch {
          return;
        }
        if (typeof msg !== 'object' || msg === null || typeof msg.id !== 'number') return;
        let result: unknown;
        try {
          result = await core.call(msg.method, msg.input);
        } catch {
          result = { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong.' } };
        }
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: msg.id, result }));
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('web host did not get a port');
  origin = `http://127.0.0.1:${address.port}`;

  return {
    url: origin,
    loginUrl: `${origin}/#token=${token}`,
    close: async () => {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
