import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../src/main/webhost/server';
import type { RapportCore } from '../src/main/core';
import { tempDir, testCore } from './support/vault';

let host: WebHost | null = null;
let core: RapportCore | null = null;
afterEach(async () => {
  await host?.close();
  await core?.dispose();
  host = null;
  core = null;
});

async function start() {
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<html><head></head><body>app</body></html>');
  core = await testCore();
  host = await startWebHost(core, rendererDir);
  return host;
}

function tokenOf(h: WebHost): string {
  const m = /#token=([A-Za-z0-9_-]+)$/.exec(h.loginUrl);
  expect(m).not.toBeNull();
  return m![1];
}

function connect(h: WebHost, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${h.url.replace('http', 'ws')}/__rapport/ws`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

/** Sends the messages in order; resolves with what came back and the close code (or null). */
function exchange(ws: WebSocket, messages: string[], waitMs = 1000): Promise<{ replies: unknown[]; closeCode: number | null }> {
  return new Promise((resolve) => {
    const replies: unknown[] = [];
    let closeCode: number | null = null;
    const finish = () => {
      clearTimeout(timer);
      resolve({ replies, closeCode });
    };
    const timer = setTimeout(finish, waitMs);
    ws.on('message', (m) => replies.push(JSON.parse(String(m))));
    ws.on('close', (code) => {
      closeCode = code;
      finish();
    });
    for (const m of messages) ws.send(m);
  });
}

const STATUS = JSON.stringify({ id: 7, method: 'app.status', input: {} });

test('the login URL carries the token only in its fragment; pages hold no secret and set no cookie', async () => {
  const h = await start();
  const token = tokenOf(h);
  expect(new URL(h.loginUrl).search).toBe('');
  const page = await fetch(`${h.url}/`);
  expect(page.status).toBe(200);
  expect(page.headers.get('set-cookie')).toBeNull();
  expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  const html = await page.text();
  expect(html).toContain('<script src="/__rapport/bridge.js"></script>');
  expect(html).not.toContain(token);
  const bridge = await fetch(`${h.url}/__rapport/bridge.js`);
  expect(await bridge.text()).not.toContain(token);
  expect((await fetch(`${h.url}/?token=${token}`, { redirect: 'manual' })).headers.get('set-cookie')).toBeNull();
  expect((await fetch(`${h.url}/%2e%2e/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
});

test('the WebSocket refuses a foreign origin, and serves the API only after the token as first message', async () => {
  const h = await start();
  const token = tokenOf(h);
  await expect(connect(h, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
  await expect(connect(h, {})).rejects.toThrow(/403/);

  // No token: the call is not answered and the socket is closed.
  const bare = await exchange(await connect(h, { origin: h.url }), [STATUS]);
  expect(bare.replies).toEqual([]);
  expect(bare.closeCode).toBe(4401);
  // A wrong token, then the right one: still closed, nothing answered.
  const wrong = await exchange(await connect(h, { origin: h.url }), [
    JSON.stringify({ auth: 'nope' }),
    JSON.stringify({ auth: token }),
    STATUS,
  ]);
  expect(wrong.replies).toEqual([]);
  expect(wrong.closeCode).toBe(4401);
  // The token in the query string or a cookie is not accepted either.
  const inQuery = await new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(`${h.url.replace('http', 'ws')}/__rapport/ws?token=${token}`, {
      headers: { origin: h.url, cookie: `rapport_token=${token}` },
    });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
  expect((await exchange(inQuery, [STATUS])).replies).toEqual([]);

  const ws = await connect(h, { origin: h.url });
  const ok = await exchange(ws, [JSON.stringify({ auth: token }), STATUS], 2000);
  const answer = ok.replies.find((r) => (r as { id?: number }).id === 7) as { result: { ok: boolean; value?: { state: string } } };
  expect(answer.result.ok).toBe(true);
  expect(answer.result.value?.state).toBe('no-vault');
  ws.close();
});

test('a request naming another host is refused (DNS rebinding)', async () => {
  const h = await start();
  const port = new URL(h.url).port;
  const res = await new Promise<number>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/', headers: { host: `evil.example:${port}` } },
      (r) => resolve(r.statusCode ?? 0),
    );
    req.on('error', reject);
    req.end();
  });
  expect(res).toBe(403);
});

/** Sends raw bytes to the host and resolves with the status line of the answer ('' if none). */
function raw(h: WebHost, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(new URL(h.url).port), '127.0.0.1');
    let got = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(got.split('\r\n')[0]);
    };
    const timer = setTimeout(done, 1000);
    socket.on('data', (d) => {
      got += String(d);
      if (got.includes('\r\n')) done();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(bytes);
  });
}

test('malformed request targets answer 400 and the host keeps serving (issue 15, finding 3)', async () => {
  const h = await start();
  const host = new URL(h.url).host;
  const targets = ['http://[', '/%ZZ', '/%', '/a%E0%A4%A', '//[::1', 'http://[/', '/%00'];
  for (const target of targets) {
    expect(await raw(h, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n\r\n`), target).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect(await raw(h, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${h.url}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`), `upgrade ${target}`).toMatch(/^HTTP\/1\.1 4\d\d /);
  }
  expect(await raw(h, `GET http://[ HTTP/1.1\r\nHost: ${host}\r\n\r\n`)).toBe('HTTP/1.1 400 Bad Request');
  expect(await raw(h, `GET /%ZZ HTTP/1.1\r\nHost: ${host}\r\n\r\n`)).toBe('HTTP/1.1 400 Bad Request');
  expect((await fetch(`${h.url}/`)).status).toBe(200);
});

test('an invalid WebSocket frame closes that socket only; the host keeps serving', async () => {
  const h = await start();
  const token = tokenOf(h);
  const ws = await connect(h, { origin: h.url });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  ws.on('error', () => {});
  // An unmasked frame with a reserved opcode: a protocol error for the server.
  (ws as unknown as { _socket: net.Socket })._socket.write(Buffer.from([0x83, 0x00]));
  expect(await closed).toBeGreaterThanOrEqual(1000);
  const again = await connect(h, { origin: h.url });
  const ok = await exchange(again, [JSON.stringify({ auth: token }), STATUS], 2000);
  expect(ok.replies.some((r) => (r as { id?: number }).id === 7)).toBe(true);
  again.close();
});
