/**
 * Undo for destructive changes: a delete keeps the decrypted rows it removed, in memory only,
 * under a random token; undo puts them back (same ids) in one transaction. Dropped on lock.
 */
import { randomUUID } from 'node:crypto';
import { RapportError } from '../../shared/errors';
import type { RecordTableName } from '../vault/schema';
import type { Writer } from '../vault/vault';
import { recomputeLastContact } from './timeline';

export interface RowSnapshot {
  table: RecordTableName;
  id: string;
  data: unknown;
  clear: Record<string, string>;
}

export interface UndoEntry {
  label: string;
  /** In insertion order: parents first. */
  rows: RowSnapshot[];
}

export class UndoStore {
  private readonly entries = new Map<string, UndoEntry>();
  private readonly order: string[] = [];

  constructor(private readonly limit = 20) {}

  put(entry: UndoEntry): string {
    const token = randomUUID();
    this.entries.set(token, entry);
    this.order.push(token);
    while (this.order.length > this.limit) this.entries.delete(this.order.shift()!);
    return token;
  }

  take(token: string): UndoEntry {
    const entry = this.entries.get(token);
    if (!entry) throw new RapportError('NOT_FOUND', 'That can no longer be undone.');
    this.entries.delete(token);
    return entry;
  }

  clear(): void {
    this.entries.clear();
    this.order.length = 0;
  }
}

/**
 * Re-inserts snapshotted rows, parents first, then recomputes what is derived from them: a
 * restored interaction moves its client's last contact back.
 */
export async function restoreRows(w: Writer, rows: RowSnapshot[]): Promise<void> {
  for (const row of rows) await w.insert(row.table, row.id, row.data, row.clear);
  const touched = new Set(rows.filter((r) => r.table === 'timeline_entries' && r.clear.client_id).map((r) => r.clear.client_id));
  for (const clientId of touched) {
    if (await w.get('clients', clientId)) await recomputeLastContact(w, clientId);
  }
}
