/**
 * Batch letters: one template, many clients, one file per client in a folder. Progress goes out
 * as core events; a batch can be cancelled between letters; a letter that fails (client deleted
 * meanwhile, file not writable, fields missing) is reported and the rest go on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { RapportError, isRapportError } from '../../../shared/errors';
import { type BatchPreviewRow, type BatchResult, type BatchResultRow, batchTask } from '../../../shared/letters';
import type { ServiceDeps } from '../deps';
import { type LetterRequest, loadContext } from './compose';
import { safeFileName } from './eml';
import { type LetterDeps, type LetterFormat, composeFor, loadSetup, renderLetter, resolvePath, writeAndRecord } from './letters';

/** Running batches, by id, so they can be cancelled. */
export class BatchRegistry {
  private readonly running = new Map<string, AbortController>();

  start(id: string): AbortSignal {
    if (this.running.has(id)) throw new RapportError('CONFLICT', 'That batch is already running.');
    const controller = new AbortController();
    this.running.set(id, controller);
    return controller.signal;
  }

  /** Asks a batch to stop after the letter it is writing. False when no such batch is running. */
  cancel(id: string): boolean {
    const c = this.running.get(id);
    if (!c) return false;
    c.abort();
    return true;
  }

  cancelAll(): void {
    for (const c of this.running.values()) c.abort();
  }

  finish(id: string): void {
    this.running.delete(id);
  }
}

type BatchLetter = Pick<LetterRequest, 'templateId' | 'personalLine' | 'subject' | 'body' | 'values'>;

export interface BatchInput extends BatchLetter {
  clientIds: string[];
  folder: string;
  format: LetterFormat;
  batchId?: string;
  allowMissing?: boolean;
}

function describe(e: unknown): string {
  if (isRapportError(e)) return e.message;
  const code = (e as NodeJS.ErrnoException)?.code;
  return code ? `The letter could not be written (${code}).` : 'Something went wrong writing this letter.';
}

const unique = (ids: string[]) => [...new Set(ids)];

/** Per-client warnings before a batch: who the letter goes to and which fields have no value. */
export async function batchPreview(deps: ServiceDeps, input: BatchLetter & { clientIds: string[] }): Promise<BatchPreviewRow[]> {
  const setup = await loadSetup(deps, input);
  const rows: BatchPreviewRow[] = [];
  for (const clientId of unique(input.clientIds)) {
    try {
      const ctx = await loadContext(deps, { clientId });
      const preview = composeFor(deps, setup, ctx, { ...input, clientId });
      rows.push({
        clientId,
        clientName: preview.client.name,
        contactName: preview.contact?.name ?? null,
        missing: preview.missing,
        ready: !preview.missing.some((m) => m.effect === 'blank'),
        error: null,
      });
    } catch (e) {
      if (isRapportError(e) && e.code === 'VAULT_LOCKED') throw e;
      rows.push({ clientId, clientName: '', contactName: null, missing: [], ready: false, error: describe(e) });
    }
  }
  return rows;
}

/** A file name not yet used in the folder nor by this batch: "Acme - Welcome.pdf", "Acme - Welcome (2).pdf". */
function freeName(folder: string, base: string, ext: string, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const name = `${base}${n > 1 ? ` (${n})` : ''}.${ext}`;
    const key = name.toLowerCase();
    if (!taken.has(key) && !fs.existsSync(path.join(folder, name))) {
      taken.add(key);
      return path.join(folder, name);
    }
  }
}

export async function runBatch(deps: LetterDeps, input: BatchInput): Promise<BatchResult> {
  const setup = await loadSetup(deps, input);
  const folder = resolvePath(input.folder);
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new RapportError('NOT_FOUND', `The folder ${folder} does not exist.`);
  const batchId = input.batchId ?? randomUUID();
  const signal = deps.batches.start(batchId);
  const ids = unique(input.clientIds);
  const task = batchTask(batchId);
  let emitted = -1;
  const emit = (done: number) => {
    emitted = done;
    deps.emit?.({ type: 'progress', task, done, total: ids.length });
  };
  const results: BatchResultRow[] = [];
  const taken = new Set<string>();
  try {
    emit(0);
    for (const clientId of ids) {
      if (signal.aborted || !deps.vault.isUnlocked) {
        results.push({ clientId, clientName: '', status: 'cancelled', path: null, entryId: null, error: signal.aborted ? null : 'The vault was locked.' });
        continue;
      }
      let clientName = '';
      let file: string | null = null;
      try {
        const ctx = await loadContext(deps, { clientId });
        clientName = ctx.client.data.name;
        const preview = composeFor(deps, setup, ctx, { ...input, clientId });
        if (!input.allowMissing) {
          const blanks = preview.missing.filter((m) => m.effect === 'blank');
          if (blanks.length) throw new RapportError('INVALID_INPUT', `No value for ${blanks.map((m) => m.label).join(', ')}.`);
        }
        const bytes = await renderLetter(input.format, preview, setup.letterhead, deps.fontsDir);
        file = freeName(folder, safeFileName(`${clientName} - ${setup.template.name}`, 'Letter'), input.format, taken);
        const { entryId } = await writeAndRecord(deps, preview, input.format, file, bytes);
        results.push({ clientId, clientName, status: 'written', path: file, entryId, error: null });
      } catch (e) {
        results.push({ clientId, clientName, status: 'failed', path: null, entryId: null, error: describe(e) });
      }
      emit(results.length);
      // Let other calls (cancel, the UI's reads) in between letters.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (emitted !== results.length) emit(results.length);
  } finally {
    deps.batches.finish(batchId);
  }
  return {
    batchId,
    cancelled: signal.aborted,
    written: results.filter((r) => r.status === 'written').length,
    failed: results.filter((r) => r.status === 'failed').length,
    results,
  };
}
