/**
 * import.json: a Rapport JSON export written into a new, empty vault, in one transaction, with
 * the same ids and the same record contents, so the data is identical to the vault it came from.
 * The file is checked against the export schema (and every client's record against its client)
 * before anything is written.
 */
import { RapportError } from '../../../shared/errors';
import type { ParsedInput } from '../../../shared/contract';
import type { JsonImportReport, Settings } from '../../../shared/types';
import { CLIENT_CHILD_TABLES, RECORD_TABLES, type RecordTableName } from '../../vault/schema';
import type { ServiceDeps } from '../deps';
import { DEFAULT_SETTINGS } from '../settings';
import { type ExportFile, exportFileSchema } from '../exporting/format';

/** Settings that belong to the vault or the machine, not to the data: the new vault keeps its own. */
const LOCAL_SETTINGS: (keyof Settings)[] = ['recoveryKeyConfirmed', 'backupFolder', 'lastBackupAt'];
const CHILD = new Set<string>(CLIENT_CHILD_TABLES);
const clip = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n)}…` : s);

function parse(text: string): ExportFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new RapportError('INVALID_INPUT', `This file is not JSON: ${clip((e as Error).message, 120)}`);
  }
  const r = exportFileSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue.path.length ? ` (at ${clip(issue.path.join('.'), 80)})` : '';
    throw new RapportError('INVALID_INPUT', `This is not a Rapport export Rapport can read: ${clip(issue.message, 200)}${where}.`);
  }
  const file = r.data as ExportFile;
  const clientIds = new Set((file.tables.clients ?? []).map((c) => c.id));
  for (const table of RECORD_TABLES) {
    const seen = new Set<string>();
    for (const row of file.tables[table] ?? []) {
      if (seen.has(row.id)) throw new RapportError('INVALID_INPUT', `The export has the id ${clip(row.id, 40)} twice in ${table}.`);
      seen.add(row.id);
      if (CHILD.has(table) && !clientIds.has(row.clientId!)) {
        throw new RapportError('INVALID_INPUT', `A record in ${table} (${clip(row.id, 40)}) belongs to a client the export does not have.`);
      }
    }
  }
  return file;
}

export async function importJson(deps: ServiceDeps, input: ParsedInput<'import.json'>): Promise<JsonImportReport> {
  const { vault } = deps;
  if (!vault.isUnlocked) throw new RapportError('VAULT_LOCKED', 'The vault is locked. Unlock it to continue.');
  const file = parse(input.text);
  const counts: Record<string, number> = {};
  await vault.write(async (w) => {
    for (const table of ['clients', 'review_sessions'] as const) {
      if ((await w.trx.selectFrom(table).select('id').limit(1).execute()).length) {
        throw new RapportError('CONFLICT', 'This vault already holds data. Import a Rapport JSON export into a new, empty vault.');
      }
    }
    // Parents first: clients, then their records (contacts before what mentions them), then the rest.
    const order: RecordTableName[] = ['clients', ...[...CLIENT_CHILD_TABLES].reverse(), ...RECORD_TABLES.filter((t) => t !== 'clients' && !CHILD.has(t))];
    for (const table of order) {
      const rows = file.tables[table] ?? [];
      for (const row of rows) {
        if (table === 'settings') {
          const existing = await w.get<Partial<Settings>>('settings', row.id);
          const local = Object.fromEntries(LOCAL_SETTINGS.map((k) => [k, existing?.data[k] ?? DEFAULT_SETTINGS[k]]));
          const next = { ...DEFAULT_SETTINGS, ...row.data, ...local };
          if (existing) await w.update('settings', row.id, next);
          else await w.insert('settings', row.id, next);
        } else if (table !== 'clients' && !CHILD.has(table) && (await w.get(table, row.id))) {
          // A checklist template the new vault already has: the export's version wins.
          await w.update(table, row.id, row.data);
        } else {
          await w.insert(table, row.id, row.data, CHILD.has(table) ? { client_id: row.clientId! } : {});
        }
      }
      if (rows.length) counts[table] = rows.length;
    }
  });
  return { counts };
}
