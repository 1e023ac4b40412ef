/**
 * The messages between the main thread and the core's worker thread (coreWorker.ts). The core (the
 * vault and its SQL, the services, the API handlers) runs in that worker, so no request, however
 * long (an import, a backup, a conversion), ever holds up the main thread's event loop, which only
 * moves messages. What only the main thread can do (native dialogs, notifications, the clipboard)
 * the worker asks of it with `host` messages.
 */
import type { Result } from '../../shared/errors';
import type { AppEvent } from '../../shared/types';

export type LockReason = Extract<AppEvent, { type: 'locked' }>['reason'];

/** The host operations the main thread offers the worker, named as in `Host`. */
export type HostOp = 'choose' | 'notify' | 'clearNotifications' | 'clipboard.writeText' | 'clipboard.readText' | 'clipboard.clear';

export interface CoreWorkerData {
  dataDir: string;
  vaultPath?: string;
  platform: 'electron' | 'web';
  /** The host operations available. */
  hostOps: HostOp[];
  /** Under Electron: the Electron build of the SQLite module, found by the main thread. */
  nativeBinding?: string;
  /** Tests only (web host): the app's clock runs ahead by the days written in this file. */
  clockOffsetFile?: string;
}

export type ToWorker =
  | { kind: 'call'; id: number; method: unknown; input: unknown }
  | { kind: 'lock'; reason: LockReason }
  | { kind: 'dispose'; id: number }
  | { kind: 'hostReply'; id: number; value?: unknown; error?: string };

export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'startFailed'; message: string }
  | { kind: 'result'; id: number; result: Result<unknown> }
  | { kind: 'event'; event: AppEvent }
  | { kind: 'disposed'; id: number }
  | { kind: 'host'; id: number; op: HostOp; args: unknown[] };
