/**
 * Plain (unencrypted) exports: the user's data is theirs. Only after the passphrase is entered
 * again and the user confirmed the files will not be encrypted (the contract refuses anything but
 * confirmUnencrypted: true). The contents go back to the renderer, which saves them where the
 * user chooses: the main process writes nothing here.
 */
import Papa from 'papaparse';
import type { ParsedInput } from '../../../shared/contract';
import { RapportError } from '../../../shared/errors';
import type { PlainExport } from '../../../shared/types';
import { CLIENT_CHILD_TABLES, RECORD_TABLES, type RecordTableName } from '../../vault/schema';
import type { ServiceDeps } from '../deps';
import type { ClientRecord } from '../clients';
import type { ContactRecord } from '../contacts';
import { todayIso } from '../dates';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportFile, type ExportRow } from './format';
import { contactsAsVcards } from './vcardWriter';

const CHILD = new Set<string>(CLIENT_CHILD_TABLES);

/** Every record of every table, decrypted, sorted by id. */
export async function collectAll(deps: ServiceDeps): Promise<ExportFile> {
  const { vault } = deps;
  const tables: ExportFile['tables'] = {};
  for (const table of RECORD_TABLES) {
    const rows = await vault.all<Record<string, unknown>>(table);
    tables[table] = rows
      .map((r): ExportRow => (CHILD.has(table) ? { id: r.id, clientId: r.clientId!, data: r.data } : { id: r.id, data: r.data }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: deps.clock.now().toISOString(), tables };
}

/** File names of the CSV export, one per kind of record. */
const CSV_NAMES: Partial<Record<RecordTableName, string>> = {
  clients: 'clients',
  contacts: 'contacts',
  timeline_entries: 'timeline',
  facts: 'personal-facts',
  important_dates: 'important-dates',
  warmth_readings: 'warmth',
  handovers: 'handovers',
  follow_ups: 'follow-ups',
  engagements: 'engagements',
  expectation_items: 'expectations',
  client_checklists: 'checklists',
  checklist_templates: 'checklist-templates',
  review_sessions: 'reviews',
  settings: 'settings',
};

function cellOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join('; ');
  return JSON.stringify(v);
}

/**
 * One CSV per kind of record: id, the client (id and name) for a client's records, then every
 * field of the record. Contacts also carry their client's kind and, for an organisation, its name
 * as "organisation", so the file re-imports as it was. Cells that a spreadsheet would run as a
 * formula (=, +, -, @) are quoted with a leading apostrophe (papaparse escapeFormulae). With `bom`,
 * each file starts with a UTF-8 byte-order mark, without which Excel on Windows reads UTF-8 as its
 * ANSI code page and garbles every non-ASCII name.
 */
export function csvFiles(file: ExportFile, opts: { bom?: boolean } = {}): Record<string, string> {
  const clientNames = new Map((file.tables.clients ?? []).map((c) => [c.id, String((c.data as { name?: unknown }).name ?? '')]));
  const clientKinds = new Map((file.tables.clients ?? []).map((c) => [c.id, String((c.data as { kind?: unknown }).kind ?? '')]));
  const out: Record<string, string> = {};
  for (const table of RECORD_TABLES) {
    const rows = file.tables[table] ?? [];
    if (!rows.length && table !== 'clients' && table !== 'contacts') continue;
    const keys: string[] = [];
    for (const r of rows) for (const k of Object.keys(r.data)) if (!keys.includes(k)) keys.push(k);
    const child = CHILD.has(table);
    const contacts = table === 'contacts';
    const fields = ['id', ...(child ? ['client_id', 'client_name'] : []), ...(contacts ? ['client_kind', 'organisation'] : []), ...keys];
    const data = rows.map((r) => {
      const clientId = r.clientId ?? '';
      const kind = clientKinds.get(clientId) ?? '';
      return [
        r.id,
        ...(child ? [clientId, clientNames.get(clientId) ?? ''] : []),
        ...(contacts ? [kind, kind === 'organisation' ? (clientNames.get(clientId) ?? '') : ''] : []),
        ...keys.map((k) => cellOf(r.data[k])),
      ];
    });
    const name = `${CSV_NAMES[table] ?? table.replace(/_/g, '-')}.csv`;
    // Our own pattern: papaparse's default misses a formula on the first line of a multi-line cell.
    out[name] = (opts.bom ? '\uFEFF' : '') + Papa.unparse({ fields, data }, { escapeFormulae: /^[=+\-@\t\r]/, newline: '\r\n' });
  }
  return out;
}

export async function exportPlain(deps: ServiceDeps, input: ParsedInput<'export.plain'>): Promise<PlainExport> {
  const { vault } = deps;
  if (!vault.isUnlocked) throw new RapportError('VAULT_LOCKED', 'The vault is locked. Unlock it to continue.');
  if (input.confirmUnencrypted !== true) throw new RapportError('INVALID_INPUT', 'Confirm that the exported files will not be encrypted.');
  await vault.verifyPassphrase(input.passphrase);
  const file = await collectAll(deps);
  const stem = `rapport-export-${todayIso(deps.clock)}`;
  if (input.format === 'json') return { format: 'json', files: { [`${stem}.json`]: JSON.stringify(file, null, 2) } };
  if (input.format === 'csv') return { format: 'csv', files: csvFiles(file, { bom: input.bom ?? true }) };
  const clients = (file.tables.clients ?? []).map((c) => ({ id: c.id, data: c.data as unknown as ClientRecord }));
  const contacts = (file.tables.contacts ?? []).map((c) => ({ id: c.id, clientId: c.clientId!, data: c.data as unknown as ContactRecord }));
  return { format: 'vcard', files: { [`${stem}.vcf`]: contactsAsVcards(clients, contacts) } };
}
