/**
 * The main thread's side of the core: starts the core in a worker thread (coreWorker.ts) and offers
 * the shell and the web host what they used of RapportCore (call, subscribe, lock, dispose), by
 * message. The main thread only moves messages, so the window never waits on SQL or crypto.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Result } from '../../shared/errors';
import type { AppEvent } from '../../shared/types';
import type { ChoiceRequest, Host } from '../core';
import type { CoreWorkerData, FromWorker, HostOp, LockReason, ToWorker } from './coreProtocol';
import { nativeBinding } from '../vault/database';

export interface CoreClientOptions {
  dataDir: string;
  vaultPath?: string;
  host: Host;
  clockOffsetFile?: string;
  /** The worker's script; by default coreWorker.js beside this bundle. */
  workerFile?: string;
}

type Listener = (event: AppEvent) => void;

export class CoreClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (value: never) => void>();
  private readonly listeners = new Set<Listener>();

  constructor(private readonly options: CoreClientOptions) {}

  /** Starts the worker and waits until the core has opened its vault (locked). */
  start(): Promise<void> {
    const { host } = this.options;
    const hostOps: HostOp[] = ['choose'];
    if (host.notify) hostOps.push('notify');
    if (host.clearNotifications) hostOps.push('clearNotifications');
    if (host.clipboard) hostOps.push('clipboard.writeText', 'clipboard.readText', 'clipboard.clear');
    const workerData: CoreWorkerData = {
      dataDir: this.options.dataDir,
      vaultPath: this.options.vaultPath,
      platform: host.platform,
      hostOps,
      clockOffsetFile: this.options.clockOffsetFile,
      nativeBinding: nativeBinding(),
    };
    // Beside the entry bundle (this code may sit in a shared chunk one folder down).
    const file = this.options.workerFile ?? [__dirname, path.dirname(__dirname)].map((d) => path.join(d, 'coreWorker.js')).find((f) => fs.existsSync(f)) ?? 'coreWorker.js';
    if (!fs.existsSync(file)) throw new Error(`The core's worker script is missing (${file}): build the app first.`);
    const worker = new Worker(file, { workerData, execArgv: file.endsWith('.ts') ? ['--import', 'tsx'] : [] });
    this.worker = worker;
    return new Promise((resolve, reject) => {
      worker.on('message', (m: FromWorker) => {
        if (m.kind === 'ready') resolve();
        else if (m.kind === 'startFailed') reject(new Error(m.message));
        else if (m.kind === 'result' || m.kind === 'disposed') {
          const settle = this.pending.get(m.id);
          this.pending.delete(m.id);
          settle?.((m.kind === 'result' ? m.result : undefined) as never);
        } else if (m.kind === 'event') {
          for (const l of this.listeners) l(m.event);
        } else if (m.kind === 'host') void this.hostCall(m.id, m.op, m.args);
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        this.worker = null;
        const failure: Result<unknown> = { ok: false, error: { code: 'INTERNAL', message: `Rapport's core stopped unexpectedly (${code}). Restart Rapport.` } };
        for (const settle of this.pending.values()) settle(failure as never);
        this.pending.clear();
        reject(new Error(`The core's worker stopped (${code}).`));
      });
    });
  }

  call(method: unknown, input: unknown): Promise<Result<unknown>> {
    if (!this.worker) return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: "Rapport's core is not running. Restart Rapport." } });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve as (value: never) => void);
      this.post({ kind: 'call', id, method, input });
    });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Locks now (menu, shortcut, suspend, screen lock). */
  lock(reason: LockReason): void {
    this.post({ kind: 'lock', reason });
  }

  /** Closes the vault and stops the worker. */
  async dispose(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const id = this.nextId++;
    await new Promise((resolve) => {
      this.pending.set(id, resolve as (value: never) => void);
      this.post({ kind: 'dispose', id });
    });
    await worker.terminate();
    this.worker = null;
  }

  private post(m: ToWorker): void {
    this.worker?.postMessage(m);
  }

  private async hostCall(id: number, op: HostOp, args: unknown[]): Promise<void> {
    const { host } = this.options;
    try {
      let value: unknown;
      if (op === 'choose') value = await host.choose(args[0] as ChoiceRequest);
      else if (op === 'notify') host.notify?.(args[0] as never);
      else if (op === 'clearNotifications') host.clearNotifications?.();
      else if (op === 'clipboard.writeText') await host.clipboard?.writeText(args[0] as string);
      else if (op === 'clipboard.readText') value = await host.clipboard?.readText();
      else if (op === 'clipboard.clear') host.clipboard?.clear();
      this.post({ kind: 'hostReply', id, value });
    } catch (e) {
      this.post({ kind: 'hostReply', id, error: e instanceof Error ? e.message : String(e) });
    }
  }
}
