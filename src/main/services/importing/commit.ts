/**
 * import.commit: applies a preview with the user's decisions in one transaction. Everything
 * commits or nothing does: a client or contact changed or deleted since the preview, a lock in the
 * middle, or any other failure rolls the whole import back.
 */
import { randomUUID } from 'node:crypto';
import { breathe, breathless } from './breathe';
import Papa from 'papaparse';
import { RapportError } from '../../../shared/errors';
import type { ParsedInput } from '../../../shared/contract';
import type { ImportAction, ImportDate, ImportReport, NameParts } from '../../../shared/types';
import type { DateRecord } from '../dates';
import type { ServiceDeps } from '../deps';
import type { ClientRecord } from '../clients';
import type { ContactRecord } from '../contacts';
import type { ImportPreviews, PlannedRow } from './preview';

/** Progress is reported every this many rows. */
export const PROGRESS_EVERY = 200;

type Outcome = { contactId: string } | null;

function newClient(kind: ClientRecord['kind'], name: string, now: string): ClientRecord {
  return {
    kind,
    name,
    stage: 'prospect',
    industry: '',
    owner: '',
    tags: [],
    revenueShare: null,
    notes: '',
    news: '',
    cadenceDays: null,
    warmth: null,
    lastContactAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** What a contact keeps from the file besides name, role, email and phone (only what the file had). */
function extrasOf(row: PlannedRow): Partial<ContactRecord> {
  const p = row.person;
  const out: Partial<ContactRecord> = {};
  if (p.nameParts && row.contact?.name === p.name) out.nameParts = p.nameParts;
  if (p.emails.length > 1 || p.emails.some((e) => e.type)) out.emails = p.emails;
  if (p.phones.length > 1 || p.phones.some((e) => e.type)) out.phones = p.phones;
  if (p.notes) out.notes = p.notes;
  if (p.address) out.address = p.address;
  if (p.url) out.url = p.url;
  return out;
}

function changed(): RapportError {
  return new RapportError('CONFLICT', 'A client or contact this import merges into was changed or deleted since the preview. Nothing was imported; preview the file again.');
}

export async function commitImport(
  deps: ServiceDeps,
  previews: ImportPreviews,
  input: ParsedInput<'import.commit'>,
  onProgress?: (done: number, total: number) => void,
): Promise<ImportReport> {
  const { vault } = deps;
  if (!vault.isUnlocked) throw new RapportError('VAULT_LOCKED', 'The vault is locked. Unlock it to continue.');
  const preview = previews.get(input.previewId, vault.vaultId);
  const decisions = input.decisions ?? {};
  const byId = new Map(preview.rows.map((r) => [r.rowId, r]));
  for (const [rowId, action] of Object.entries(decisions)) {
    const row = byId.get(rowId);
    if (!row) throw new RapportError('INVALID_INPUT', `There is no row ${rowId.slice(0, 20)} in this preview.`);
    if (action === 'merge' && !row.matchItem) throw new RapportError('INVALID_INPUT', `Row ${rowId} (line ${row.line}) is not a duplicate: there is nothing to merge it into.`);
  }

  const now = deps.clock.now().toISOString();
  const total = preview.rows.length;
  const report = await vault.write(async (w) => {
    const r: Omit<ImportReport, 'csv' | 'counts'> & { clientsCreated: number; contactsCreated: number } = {
      at: now,
      detected: preview.detected,
      created: [],
      merged: [],
      skipped: [],
      failed: preview.errors,
      clientsCreated: 0,
      contactsCreated: 0,
    };
    const outcomes = new Map<string, Outcome>();
    const newOrgs = new Map<string, { id: string; name: string }>();
    const checked = new Set<string>();

    const requireClientId = async (id: string) => {
      if (checked.has(id)) return;
      if (!(await w.get('clients', id))) throw changed();
      checked.add(id);
    };
    const insertContact = async (clientId: string, row: PlannedRow) => {
      const c = row.contact!;
      const p = row.person;
      const id = randomUUID();
      const record: ContactRecord = { name: c.name, role: c.role, email: c.email, phone: c.phone, preferredChannel: 'any', preferredTime: '', createdAt: now, ...extrasOf(row) };
      await w.insert('contacts', id, record, { client_id: clientId });
      r.contactsCreated++;
      await insertDates(clientId, id, p.dates, []);
      return id;
    };
    const insertDates = async (clientId: string, contactId: string | null, dates: ImportDate[], existing: DateRecord[]) => {
      for (const d of dates) {
        if (existing.some((e) => e.contactId === contactId && e.label === d.label && e.date === d.date)) continue;
        const record: DateRecord = { contactId, label: d.label, date: d.date, recurrence: d.recurrence };
        await w.insert('important_dates', randomUUID(), record, { client_id: clientId });
      }
    };

    const create = async (row: PlannedRow) => {
      let clientId: string;
      let newClientMade = false;
      if (row.client.existingId) {
        clientId = row.client.existingId;
        await requireClientId(clientId);
      } else if (row.client.kind === 'organisation' && newOrgs.has(row.orgKey)) {
        clientId = newOrgs.get(row.orgKey)!.id;
      } else {
        clientId = randomUUID();
        const record = newClient(row.client.kind, row.client.name, now);
        // A person without a contact record: what the file says about them goes on the client.
        if (!row.contact && row.client.kind === 'person') {
          record.notes = [row.person.notes, row.person.address, row.person.url].filter(Boolean).join('\n\n');
          if (row.person.nameParts) (record as ClientRecord & { nameParts?: NameParts }).nameParts = row.person.nameParts;
        }
        await w.insert('clients', clientId, record);
        if (row.client.kind === 'organisation') newOrgs.set(row.orgKey, { id: clientId, name: row.client.name });
        checked.add(clientId);
        r.clientsCreated++;
        newClientMade = true;
      }
      const contactId = row.contact ? await insertContact(clientId, row) : null;
      if (!row.contact && newClientMade) await insertDates(clientId, null, row.person.dates, []);
      outcomes.set(row.rowId, contactId ? { contactId } : null);
      r.created.push({ rowId: row.rowId, line: row.line, name: row.contact?.name || row.client.name, clientId, clientName: row.client.name, contactId, newClient: newClientMade });
    };

    /** Fills the contact's empty fields from the row; never overwrites a value. */
    const fillContact = async (row: PlannedRow, contactId: string) => {
      const rec = await w.get<ContactRecord>('contacts', contactId);
      if (!rec) throw changed();
      const next = { ...rec.data };
      const filled: string[] = [];
      for (const f of ['email', 'phone', 'role'] as const) {
        if (row.contact?.[f] && !next[f]) {
          next[f] = row.contact[f];
          filled.push(f);
        }
      }
      const extras = extrasOf(row);
      for (const f of ['notes', 'address', 'url', 'nameParts'] as const) {
        if (extras[f] && !next[f]) {
          (next as Record<string, unknown>)[f] = extras[f];
          filled.push(f);
        }
      }
      for (const f of ['emails', 'phones'] as const) {
        const have = next[f] ?? (f === 'emails' ? (next.email ? [{ value: next.email, type: '' }] : []) : next.phone ? [{ value: next.phone, type: '' }] : []);
        const add = (extras[f] ?? []).filter((v) => !have.some((h) => h.value.toLowerCase() === v.value.toLowerCase()));
        if (add.length) {
          next[f] = [...have, ...add];
          if (!filled.includes(f === 'emails' ? 'email' : 'phone')) filled.push(f);
        }
      }
      if (filled.length) await w.update('contacts', contactId, next);
      const dates = await w.all<DateRecord>('important_dates', { column: 'client_id', value: rec.clientId! });
      const newDates = row.person.dates.filter((d) => !dates.some((e) => e.data.contactId === contactId && e.data.label === d.label && e.data.date === d.date));
      if (newDates.length) {
        await insertDates(rec.clientId!, contactId, newDates, []);
        filled.push('dates');
      }
      outcomes.set(row.rowId, { contactId });
      r.merged.push({ rowId: row.rowId, line: row.line, name: row.contact?.name ?? row.client.name, contactId, into: rec.data.name, filled });
    };

    const merge = async (row: PlannedRow) => {
      const m = row.matchItem!;
      if (!row.contact) {
        // Nothing but a name (or an organisation without a person): merging adds nothing.
        outcomes.set(row.rowId, null);
        r.skipped.push({ rowId: row.rowId, line: row.line, name: row.client.name });
        return;
      }
      if (m.kind === 'contact') return fillContact(row, m.id);
      if (m.kind === 'client') {
        await requireClientId(m.id);
        const contactId = await insertContact(m.id, row);
        outcomes.set(row.rowId, { contactId });
        r.merged.push({ rowId: row.rowId, line: row.line, name: row.contact.name, contactId, into: m.name, filled: (['email', 'phone', 'role'] as const).filter((f) => row.contact![f]) });
        return;
      }
      // A duplicate of an earlier row: merge into what that row became, or create it if that row was skipped.
      const earlier = outcomes.get(m.id);
      if (earlier) return fillContact(row, earlier.contactId);
      return create(row);
    };

    let done = 0;
    for (const row of preview.rows) {
      const action: ImportAction = decisions[row.rowId] ?? row.suggested;
      if (action === 'skip') {
        outcomes.set(row.rowId, null);
        r.skipped.push({ rowId: row.rowId, line: row.line, name: row.contact?.name || row.client.name });
      } else if (action === 'merge') await merge(row);
      else await create(row);
      done++;
      if (onProgress && (done % PROGRESS_EVERY === 0 || done === total)) onProgress(done, total);
      // Still one transaction (on the vault's writer connection); reads go to its reader connection
      // and see the vault as it was, so they are answered while the import runs.
      if (breathless()) await breathe();
    }
    return r;
  });
  previews.delete(preview.id);

  const { clientsCreated, contactsCreated, ...rest } = report;
  return {
    ...rest,
    counts: {
      created: rest.created.length,
      merged: rest.merged.length,
      skipped: rest.skipped.length,
      failed: rest.failed.length,
      clientsCreated,
      contactsCreated,
    },
    csv: reportCsv(report),
  };
}

function reportCsv(r: Pick<ImportReport, 'created' | 'merged' | 'skipped' | 'failed'>): string {
  const rows: (string | number)[][] = [
    ...r.created.map((c) => [c.line, c.name, 'created', c.newClient ? `new client ${c.clientName}` : `added to ${c.clientName}`]),
    ...r.merged.map((m) => [m.line, m.name, 'merged', `into ${m.into}${m.filled.length ? `; filled ${m.filled.join(', ')}` : '; nothing new'}`]),
    ...r.skipped.map((s) => [s.line, s.name, 'skipped', '']),
    ...r.failed.map((f) => [f.line, '', 'failed', f.reason]),
  ].sort((a, b) => Number(a[0]) - Number(b[0]));
  return Papa.unparse({ fields: ['line', 'name', 'outcome', 'details'], data: rows }, { escapeFormulae: /^[=+\-@\t\r]/ });
}
