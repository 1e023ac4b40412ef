/**
 * The core's worker thread: runs RapportCore (vault, SQL, services, API handlers) and answers the
 * main thread's messages (coreProtocol.ts). Started by CoreClient (coreClient.ts).
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { Clock } from '../clock';
import { type Host, createCore } from '../core';
import type { CoreWorkerData, FromWorker, HostOp, ToWorker } from './coreProtocol';
import { setNativeBinding } from '../vault/database';

const port = parentPort!;
const data = workerData as CoreWorkerData;
const send = (m: FromWorker) => port.postMessage(m);
if (data.nativeBinding) setNativeBinding(data.nativeBinding);

let nextHostCall = 1;
const hostCalls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

/** Asks the main thread to do something only it can. */
function hostCall<T>(op: HostOp, ...args: unknown[]): Promise<T> {
  const id = nextHostCall++;
  return new Promise<T>((resolve, reject) => {
    hostCalls.set(id, { resolve: resolve as (v: unknown) => void, reject });
    send({ kind: 'host', id, op, args });
  });
}

const has = (op: HostOp) => data.hostOps.includes(op);
const host: Host = {
  platform: data.platform,
  choose: (request) => hostCall('choose', request),
  ...(has('notify') ? { notify: (reminder) => void hostCall('notify', reminder) } : {}),
  ...(has('clearNotifications') ? { clearNotifications: () => void hostCall('clearNotifications') } : {}),
  ...(has('clipboard.writeText')
    ? {
        clipboard: {
          writeText: (text: string) => hostCall('clipboard.writeText', text),
          readText: () => hostCall<string>('clipboard.readText'),
          clear: () => void hostCall('clipboard.clear'),
        },
      }
    : {}),
};

/** A clock ahead of real time by the days written in a file (0 when the file is absent). */
function offsetClock(file: string): Clock {
  return {
    now: () => {
      const days = fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').trim()) || 0 : 0;
      return new Date(Date.now() + days * 86_400_000);
    },
  };
}

const core = createCore({
  dataDir: data.dataDir,
  vaultPath: data.vaultPath,
  host,
  clock: data.clockOffsetFile ? offsetClock(data.clockOffsetFile) : undefined,
});
core.subscribe((event) => send({ kind: 'event', event }));

port.on('message', (m: ToWorker) => {
  if (m.kind === 'call') {
    void core.call(m.method, m.input).then((result) => send({ kind: 'result', id: m.id, result }));
  } else if (m.kind === 'lock') {
    core.lock(m.reason);
  } else if (m.kind === 'dispose') {
    void core.dispose().finally(() => send({ kind: 'disposed', id: m.id }));
  } else if (m.kind === 'hostReply') {
    const pending = hostCalls.get(m.id);
    hostCalls.delete(m.id);
    if (m.error !== undefined) pending?.reject(new Error(m.error));
    else pending?.resolve(m.value);
  }
});

core.start().then(
  () => send({ kind: 'ready' }),
  (e: unknown) => send({ kind: 'startFailed', message: e instanceof Error ? e.message : String(e) }),
);
