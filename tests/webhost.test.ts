import fs from 'node:fs';
import http from 'node:http';
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

async function login(h: WebHost): Promise<string> {
  const res = await fetch(h.loginUrl, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const cookie = res.headers.get('set-cookie')!;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Strict/);
  return cookie.split(';')[0];
}

function connect(h: WebHost, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${h.url.replace('http', 'ws')}/__rapport/ws`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

test('pages need the token; the token buys a cookie; the page gets the bridge script', async () => {
  const h = await start();
  expect((await fetch(`${h.url}/`)).status).toBe(403);
  expect((await fetch(`${h.url}/?token=nope`)).status).toBe(403);
  const cookie = await login(h);
  const page = await fetch(`${h.url}/`, { headers: { cookie } });
  expect(page.status).toBe(200);
  expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  expect(await page.text()).toContain('<script src="/__rapport/bridge.js"></script>');
  expect((await fetch(`${h.url}/%2e%2e/%2e%2e/%2e%2e/etc/passwd`, { headers: { cookie } })).status).toBe(404);
});

test('the WebSocket refuses a missing cookie and a foreign origin, and serves the API otherwise', async () => {
  const h = await start();
  const cookie = await login(h);
  await expect(connect(h, { origin: h.url })).rejects.toThrow(/403/);
  await expect(connect(h, { origin: 'http://evil.example', cookie })).rejects.toThrow(/403/);
  const ws = await connect(h, { origin: h.url, cookie });
  const reply = new Promise<{ id: number; result: { ok: boolean; value?: { state: string } } }>((resolve) =>
    ws.once('message', (m) => resolve(JSON.parse(String(m)))),
  );
  ws.send(JSON.stringify({ id: 7, method: 'app.status', input: {} }));
  const msg = await reply;
  expect(msg.id).toBe(7);
  expect(msg.result.ok).toBe(true);
  expect(msg.result.value?.state).toBe('no-vault');
  ws.close();
});

test('a request naming another host is refused (DNS rebinding)', async () => {
  const h = await start();
  const cookie = await login(h);
  const port = new URL(h.url).port;
  const res = await new Promise<number>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/', headers: { host: `evil.example:${port}`, cookie } },
      (r) => resolve(r.statusCode ?? 0),
    );
    req.on('error', reject);
    req.end();
  });
  expect(res).toBe(403);
});
