/**
 * import.preview: reads a file, plans what each row becomes (a client, a contact) and finds rows
 * that look like duplicates of existing clients and contacts or of earlier rows of the same file.
 * Nothing is written. The plan is kept in memory in the main process under a random id until it
 * is committed, replaced or the vault locks.
 */
import { randomUUID } from 'node:crypto';
import { RapportError } from '../../../shared/errors';
import type { ParsedInput } from '../../../shared/contract';
import type { DuplicateKind, ImportAction, ImportDuplicate, ImportPreview, ImportRow, ImportRowError } from '../../../shared/types';
import type { ServiceDeps } from '../deps';
import type { ClientRecord } from '../clients';
import type { ContactRecord } from '../contacts';
import { readCsv } from './csv';
import { type Found, PeopleIndex, normaliseName } from './match';
import { type ReadResult, personFromCard } from './people';
import { breathe, breathless } from './breathe';
import { readVcardsAsync } from './vcard';

/** What a row may duplicate. */
export type MatchItem =
  | { kind: 'contact'; id: string; clientId: string; name: string; clientName: string; email: string; phone: string; role: string }
  | { kind: 'client'; id: string; name: string; clientName: string; email: string; phone: string; role: string }
  | { kind: 'row'; id: string; name: string; clientName: string; email: string; phone: string; role: string };

export interface PlannedRow extends ImportRow {
  /** Normalised organisation name: rows of one new organisation share its client. */
  orgKey: string;
  matchItem: MatchItem | null;
}

export interface StoredPreview {
  id: string;
  vaultId: string;
  detected: string;
  rows: PlannedRow[];
  errors: ImportRowError[];
}

/** Previews kept between import.preview and import.commit; cleared on lock. */
export class ImportPreviews {
  private readonly entries = new Map<string, StoredPreview>();

  constructor(private readonly limit = 3) {}

  put(preview: StoredPreview): void {
    this.entries.set(preview.id, preview);
    while (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }

  get(id: string, vaultId: string): StoredPreview {
    const p = this.entries.get(id);
    if (!p || p.vaultId !== vaultId) {
      throw new RapportError('NOT_FOUND', 'That import preview is no longer available (the vault was locked, or it was already imported). Preview the file again.');
    }
    return p;
  }

  delete(id: string): void {
    this.entries.delete(id);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The file as the renderer sent it: text, or its bytes in base64 (so the charset can be worked out here). */
function fileContent(input: ParsedInput<'import.preview'>): string | Uint8Array {
  if (input.encoding !== 'base64') return input.text;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.text)) throw new RapportError('INVALID_INPUT', 'The file was not sent as base64.');
  const bytes = Buffer.from(input.text, 'base64');
  if (!bytes.length) throw new RapportError('INVALID_INPUT', 'The file is empty.');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

async function readFile(input: ParsedInput<'import.preview'>): Promise<ReadResult> {
  const content = fileContent(input);
  if (input.format === 'csv') return readCsv(content, input.mapping);
  const { cards, errors, binarySkipped } = await readVcardsAsync(content, breathe);
  if (!cards.length && !errors.some((e) => !e.reason.includes('outside any vCard'))) {
    throw new RapportError('INVALID_INPUT', 'This file holds no vCard (no BEGIN:VCARD … END:VCARD). Is it a .vcf contacts file?');
  }
  const rows: ReadResult['rows'] = [];
  const all = [...errors];
  for (const card of cards) {
    if (breathless()) await breathe();
    const r = personFromCard(card);
    if ('reason' in r) all.push(r);
    else rows.push(r);
  }
  const versions = [...new Set(cards.map((c) => c.version))].sort();
  return {
    rows,
    errors: all.sort((a, b) => a.line - b.line),
    detected: versions.length ? `vCard ${versions.join(', ')}` : 'vCard',
    columns: [],
    sample: [],
    mapping: null,
    needsMapping: false,
    notes: binarySkipped ? [`${binarySkipped} photo${binarySkipped === 1 ? ' was' : 's were'} left out: Rapport keeps no photos.`] : [],
  };
}

function suggestion(found: Found<MatchItem>, fills: ImportDuplicate['fills']): ImportAction {
  if (!found.strong) return 'create';
  return fills.length ? 'merge' : 'skip';
}

const publicMatch = ({ kind, id, name, clientName, email, phone, role }: MatchItem): ImportDuplicate['match'] => ({ kind, id, name, clientName, email, phone, role });

export async function previewImport(
  deps: ServiceDeps,
  previews: ImportPreviews,
  input: ParsedInput<'import.preview'>,
): Promise<ImportPreview> {
  const { vault } = deps;
  if (!vault.isUnlocked) throw new RapportError('VAULT_LOCKED', 'The vault is locked. Unlock it to continue.');
  if (input.mapping && input.format !== 'csv') throw new RapportError('INVALID_INPUT', 'A column mapping is for CSV files only.');
  const file = await readFile(input);

  const clients = await vault.all<ClientRecord>('clients');
  const contacts = await vault.all<ContactRecord>('contacts');
  const clientById = new Map(clients.map((c) => [c.id, c.data]));
  const withContacts = new Set(contacts.map((c) => c.clientId!));
  const orgs = new Map<string, { id: string; name: string }>();
  const index = new PeopleIndex<MatchItem>();
  for (const c of contacts) {
    if (breathless()) await breathe();
    const clientId = c.clientId!;
    const client = clientById.get(clientId);
    const item: MatchItem = { kind: 'contact', id: c.id, clientId, name: c.data.name, clientName: client?.name ?? '', email: c.data.email, phone: c.data.phone, role: c.data.role };
    index.add(item, { ...item, organisation: client?.kind === 'organisation' ? client.name : '' });
  }
  for (const c of clients) {
    if (breathless()) await breathe();
    if (c.data.kind === 'organisation') {
      const key = normaliseName(c.data.name);
      if (key && !orgs.has(key)) orgs.set(key, { id: c.id, name: c.data.name });
    } else if (!withContacts.has(c.id)) {
      index.add({ kind: 'client', id: c.id, name: c.data.name, clientName: c.data.name, email: '', phone: '', role: '' }, { name: c.data.name, email: '', phone: '', organisation: '' });
    }
  }

  const rows: PlannedRow[] = [];
  /** New organisations of this file: the first row naming each. */
  const newOrgs = new Map<string, PlannedRow>();
  let newPeople = 0;
  for (let i = 0; i < file.rows.length; i++) {
    if (breathless()) await breathe();
    const read = file.rows[i];
    const p = read.person;
    const rowId = `r${i + 1}`;
    const orgKey = p.organisation ? normaliseName(p.organisation) : '';
    const existingOrg = orgKey ? (orgs.get(orgKey) ?? null) : null;
    const client: ImportRow['client'] = p.organisation
      ? { kind: 'organisation', name: existingOrg?.name ?? p.organisation, existingId: existingOrg?.id ?? null }
      : { kind: 'person', name: p.name, existingId: null };
    // A person with nothing but a name is the client alone; an organisation's phone or email goes on a contact named for it.
    const details = !!(p.email || p.phone || p.role);
    const contact: ImportRow['contact'] =
      p.name && (p.organisation || details)
        ? { name: p.name, role: p.role, email: p.email, phone: p.phone }
        : !p.name && details
          ? { name: p.organisation, role: p.role, email: p.email, phone: p.phone }
          : null;
    const probe = p.name ? { name: p.name, role: p.role, email: p.email, phone: p.phone } : contact;

    let duplicate: ImportDuplicate | null = null;
    let matchItem: MatchItem | null = null;
    let suggested: ImportAction = 'create';
    if (probe) {
      const item: MatchItem = { kind: 'row', id: rowId, name: probe.name, clientName: client.name, email: probe.email, phone: probe.phone, role: probe.role };
      const found = index.findThenAdd(item, { ...probe, organisation: p.organisation });
      if (found) {
        const m = found.item;
        const fills = (['email', 'phone', 'role'] as const).filter((f) => probe[f] && !m[f]);
        duplicate = { kind: found.kind, strong: found.strong, reasons: found.reasons, match: publicMatch(m), fills };
        matchItem = m;
        suggested = suggestion(found, fills);
      }
    } else if (existingOrg) {
      // An organisation without a person, already a client: nothing to add.
      matchItem = { kind: 'client', id: existingOrg.id, name: existingOrg.name, clientName: existingOrg.name, email: '', phone: '', role: '' };
      duplicate = { kind: 'same-name-and-organisation', strong: true, reasons: ['organisation'], match: publicMatch(matchItem), fills: [] };
      suggested = 'skip';
    } else if (orgKey && newOrgs.has(orgKey)) {
      const first = newOrgs.get(orgKey)!;
      matchItem = { kind: 'row', id: first.rowId, name: first.client.name, clientName: first.client.name, email: '', phone: '', role: '' };
      duplicate = { kind: 'same-name-and-organisation', strong: true, reasons: ['organisation'], match: publicMatch(matchItem), fills: [] };
      suggested = 'skip';
    }
    const row: PlannedRow = { rowId, line: read.line, person: p, client, contact, duplicate, suggested, warnings: read.warnings, orgKey, matchItem };
    if (suggested === 'create') {
      if (client.kind === 'organisation' && !client.existingId && !newOrgs.has(orgKey)) newOrgs.set(orgKey, row);
      if (client.kind === 'person') newPeople++;
    }
    rows.push(row);
  }

  const previewId = file.needsMapping ? null : randomUUID();
  if (previewId) previews.put({ id: previewId, vaultId: vault.vaultId, detected: file.detected, rows, errors: file.errors });
  const visible = ({ orgKey: _o, matchItem: _m, ...row }: PlannedRow): ImportRow => row;
  const toCreate = rows.filter((r) => !r.duplicate).map(visible);
  const duplicates = rows.filter((r) => r.duplicate).map(visible);
  const byKind: Partial<Record<DuplicateKind, number>> = {};
  for (const r of duplicates) byKind[r.duplicate!.kind] = (byKind[r.duplicate!.kind] ?? 0) + 1;
  const strongDuplicates = duplicates.filter((r) => r.duplicate!.strong).length;
  return {
    previewId,
    format: input.format,
    detected: file.detected,
    columns: file.columns,
    sample: file.sample,
    mapping: file.mapping,
    needsMapping: file.needsMapping,
    toCreate,
    duplicates,
    unreadable: file.errors,
    counts: {
      rows: rows.length + file.errors.length,
      toCreate: toCreate.length,
      duplicates: duplicates.length,
      unreadable: file.errors.length,
      newClients: newOrgs.size + newPeople,
      strongDuplicates,
      possibleDuplicates: duplicates.length - strongDuplicates,
      byKind,
    },
    notes: file.notes,
  };
}
