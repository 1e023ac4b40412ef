/**
 * Issue 15, finding 3: fuzzes the web host's HTTP and WebSocket layers over raw sockets to
 * 127.0.0.1 (random request lines, targets, headers, bytes; random WebSocket frames before and after
 * the token). Bounded in count and time. The host process must stay alive, never answer 5xx, keep
 * serving, and nothing may change: its data folder (every file's bytes) and the API's status.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import fc from 'fast-check';
import WebSocket from 'ws';
import { expect, test } from './fixtures';

const CASE_WAIT_MS = 250;

/** Writes the bytes, then resolves with whatever came back before close or CASE_WAIT_MS. */
function exchange(port: number, chunks: Buffer[], waitForHandshake = false): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let got = '';
    let sent = false;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(got);
    };
    let timer = setTimeout(finish, CASE_WAIT_MS * 4);
    const sendRest = () => {
      sent = true;
      for (const c of chunks.slice(1)) socket.write(c);
      clearTimeout(timer);
      timer = setTimeout(finish, CASE_WAIT_MS);
    };
    socket.on('connect', () => {
      socket.write(chunks[0]);
      if (!waitForHandshake) sendRest();
    });
    socket.on('data', (d) => {
      got += d.toString('latin1');
      if (waitForHandshake && !sent && got.includes('\r\n\r\n')) sendRest();
    });
    socket.on('error', finish);
    socket.on('close', finish);
  });
}

/** A WebSocket frame as a client would send it (masked unless told not to), with fuzzable bits. */
function frame(opts: { fin: boolean; rsv: number; opcode: number; payload: Buffer; masked: boolean; lengthDelta: number }): Buffer {
  const len = Math.max(0, opts.payload.length + opts.lengthDelta);
  const head = [((opts.fin ? 1 : 0) << 7) | ((opts.rsv & 7) << 4) | (opts.opcode & 15)];
  const maskBit = opts.masked ? 0x80 : 0;
  if (len < 126) head.push(maskBit | len);
  else if (len < 65536) head.push(maskBit | 126, len >> 8, len & 255);
  else head.push(maskBit | 127, 0, 0, 0, 0, (len >>> 24) & 255, (len >>> 16) & 255, (len >>> 8) & 255, len & 255);
  if (!opts.masked) return Buffer.concat([Buffer.from(head), opts.payload]);
  const key = crypto.randomBytes(4);
  const body = Buffer.from(opts.payload.map((b, i) => b ^ key[i % 4]));
  return Buffer.concat([Buffer.from(head), key, body]);
}

const textFrame = (text: string) => frame({ fin: true, rsv: 0, opcode: 1, payload: Buffer.from(text), masked: true, lengthDelta: 0 });

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

function apiStatus(origin: string, token: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/__rapport/ws`, { headers: { origin } });
    const timer = setTimeout(() => reject(new Error('no answer')), 5000);
    ws.on('open', () => {
      ws.send(JSON.stringify({ auth: token }));
      ws.send(JSON.stringify({ id: 1, method: 'app.status', input: {} }));
    });
    ws.on('message', (m) => {
      const msg = JSON.parse(String(m)) as { id?: number; result?: unknown };
      if (msg.id === 1) {
        clearTimeout(timer);
        ws.close();
        resolve(msg.result);
      }
    });
    ws.on('error', reject);
  });
}

const nastyText = fc.oneof(
  { arbitrary: fc.constantFrom('http://[', '/%ZZ', '/%', '%', '/%E0%A4%A', '//[::1', '*', '/..%2f..%2fetc/passwd', '/\u0000', '/__rapport/ws', '/__rapport/bridge.js', '/?token=x', '/#frag', 'ws://127.0.0.1/', 'http://evil.example/'), weight: 4 },
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.webUrl().map((u) => u.slice(0, 200)),
  fc.webPath(),
);

test('the web host survives fuzzed HTTP requests and WebSocket frames, and nothing changes', async ({ host }) => {
  test.setTimeout(120_000);
  const origin = new URL(host.url).origin;
  const port = Number(new URL(host.url).port);
  const hostHeader = new URL(host.url).host;
  const token = new URL(host.url).hash.replace(/^#token=/, '');
  const beforeFiles = snapshot(host.dataDir);
  const beforeStatus = await apiStatus(origin, token);
  expect(beforeStatus).toMatchObject({ ok: true });
  const statuses = new Map<string, number>();
  const count = (line: string) => {
    const code = /^HTTP\/1\.[01] (\d{3})/.exec(line)?.[1] ?? 'none';
    statuses.set(code, (statuses.get(code) ?? 0) + 1);
    return code;
  };

  // HTTP: request lines, targets and headers, well-formed or not; sometimes plain random bytes.
  const httpRequest = fc.oneof(
    {
      weight: 5,
      arbitrary: fc
      .record({
        method: fc.oneof({ weight: 6, arbitrary: fc.constant('GET') }, fc.constantFrom('POST', 'HEAD', 'OPTIONS', 'PUT', 'CONNECT', 'TRACE', 'get'), fc.string({ maxLength: 10 })),
        target: nastyText,
        version: fc.oneof({ arbitrary: fc.constant('HTTP/1.1'), weight: 5 }, fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 x', '')),
        host: fc.oneof({ arbitrary: fc.constant(hostHeader), weight: 5 }, fc.constant(''), nastyText),
        headers: fc.array(
          fc.tuple(
            fc.oneof({ weight: 5, arbitrary: fc.constantFrom('Origin', 'Cookie', 'Upgrade', 'Connection', 'Accept', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version', 'Content-Length', 'Transfer-Encoding') }, fc.string({ maxLength: 20 })),
            fc.oneof({ weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...'abcXYZ019-_/.:= ;,'), maxLength: 30 }) }, nastyText),
          ),
          { maxLength: 4 },
        ),
      })
      .map(({ method, target, version, host: h, headers }) =>
        Buffer.from(
          `${method} ${target} ${version}\r\n${h ? `Host: ${h}\r\n` : ''}${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}${headers.length ? '\r\n' : ''}\r\n`,
          'latin1',
        ),
      ),
    },
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.concat([Buffer.from(b), Buffer.from('\r\n\r\n')])),
  );
  await fc.assert(
    fc.asyncProperty(httpRequest, async (req) => {
      const answer = await exchange(port, [req]);
      const code = count(answer);
      expect(code.startsWith('5'), `5xx for ${JSON.stringify(req.toString('latin1'))}`).toBe(false);
      expect(host.alive()).toBe(true);
    }),
    { numRuns: 250, interruptAfterTimeLimit: 35_000 },
  );

  // WebSocket: a valid handshake, optionally the token, then random frames or bytes.
  const upgrade = Buffer.from(
    `GET /__rapport/ws HTTP/1.1\r\nHost: ${hostHeader}\r\nOrigin: ${origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\n\r\n`,
  );
  const payload = fc.oneof(
    fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
    fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
    fc
      .record({ id: fc.oneof(fc.integer(), fc.double(), fc.string()), method: fc.oneof(fc.constant('app.status'), fc.string({ maxLength: 30 })), input: fc.jsonValue({ maxDepth: 2 }) })
      .map((m) => Buffer.from(JSON.stringify(m))),
    fc.string({ maxLength: 60 }).map((s) => Buffer.from(JSON.stringify({ auth: s }))),
  );
  const wsFrame = fc.oneof(
    fc.record({ fin: fc.boolean(), rsv: fc.integer({ min: 0, max: 7 }), opcode: fc.integer({ min: 0, max: 15 }), payload, masked: fc.boolean(), lengthDelta: fc.integer({ min: -3, max: 3 }) }).map(frame),
    fc.record({ fin: fc.constant(true), rsv: fc.constant(0), opcode: fc.constantFrom(1, 2), payload, masked: fc.constant(true), lengthDelta: fc.constant(0) }).map(frame),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.from(b)),
  );
  let upgraded = 0;
  await fc.assert(
    fc.asyncProperty(fc.boolean(), fc.array(wsFrame, { minLength: 1, maxLength: 5 }), async (authenticate, frames) => {
      const chunks = [upgrade, ...(authenticate ? [textFrame(JSON.stringify({ auth: token }))] : []), ...frames];
      const answer = await exchange(port, chunks, true);
      if (answer.startsWith('HTTP/1.1 101')) upgraded++;
      expect(count(answer).startsWith('5')).toBe(false);
      expect(host.alive()).toBe(true);
    }),
    { numRuns: 200, interruptAfterTimeLimit: 35_000 },
  );

  // Still alive and serving, and nothing changed.
  expect(host.alive()).toBe(true);
  expect(statuses.get('400') ?? 0).toBeGreaterThan(10);
  expect(upgraded).toBeGreaterThan(10);
  expect((await fetch(`${origin}/`)).status).toBe(200);
  expect(await apiStatus(origin, token)).toEqual(beforeStatus);
  expect(snapshot(host.dataDir)).toEqual(beforeFiles);
  console.log(`fuzzed answers by status: ${JSON.stringify(Object.fromEntries(statuses))}; upgrades: ${upgraded}`);
});
