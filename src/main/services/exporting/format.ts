/**
 * The JSON export format: every record of every table, as stored (decrypted), with its id and,
 * for a client's records, the client's id. import.json validates a file against this schema
 * before writing anything. Record schemas check the fields Rapport relies on and keep any other
 * field as it is, so an export re-imports to identical data.
 */
import { z } from 'zod';
import {
  CLIENT_KINDS,
  ENGAGEMENT_STATUSES,
  ENTRY_KINDS,
  FACT_TYPES,
  FOLLOW_UP_STATUSES,
  ITEM_KINDS,
  ITEM_STATES,
  LIFECYCLE_STAGES,
  SENSITIVITIES,
} from '../../../shared/types';
import { CLIENT_CHILD_TABLES, RECORD_TABLES, type RecordTableName } from '../../vault/schema';

export const EXPORT_FORMAT = 'rapport-export';
export const EXPORT_VERSION = 1;

export interface ExportRow {
  id: string;
  /** For a client's records (contacts, timeline, facts…): the client. */
  clientId?: string;
  data: Record<string, unknown>;
}

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  tables: Partial<Record<RecordTableName, ExportRow[]>>;
}

const text = (max = 100_000) => z.string().max(max);
const name = z.string().trim().min(1).max(200);
const day = z.iso.date();
const stamp = z.string().min(1).max(40);
const nullable = <T extends z.ZodType>(t: T) => t.nullable();
const strings = z.array(text(2000)).max(10_000);

const RECORDS: Partial<Record<RecordTableName, z.ZodType>> = {
  clients: z.looseObject({
    kind: z.enum(CLIENT_KINDS),
    name,
    stage: z.enum(LIFECYCLE_STAGES),
    industry: text(200),
    owner: text(200),
    tags: strings,
    revenueShare: nullable(z.number().min(0).max(100)),
    notes: text(),
    lastContactAt: nullable(stamp),
    createdAt: stamp,
    updatedAt: stamp,
  }),
  contacts: z.looseObject({ name, role: text(200), email: text(320), phone: text(50), createdAt: stamp }),
  timeline_entries: z.looseObject({
    kind: z.enum(ENTRY_KINDS),
    occurredAt: stamp,
    summary: text(500),
    body: text(),
    contactIds: z.array(z.string().max(100)).max(1000),
    createdAt: stamp,
  }),
  facts: z.looseObject({ contactId: nullable(z.string().max(100)), type: z.enum(FACT_TYPES), text: text(2000), sensitivity: z.enum(SENSITIVITIES), createdAt: stamp }),
  important_dates: z.looseObject({ contactId: nullable(z.string().max(100)), label: text(200), date: day, recurrence: z.enum(['yearly', 'once']) }),
  warmth_readings: z.looseObject({ value: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]), reason: text(2000), at: stamp }),
  handovers: z.looseObject({ from: text(200), to: text(200), at: stamp, reason: text(2000), notes: text(20_000), clientReaction: text(2000) }),
  follow_ups: z.looseObject({
    reason: text(500),
    dueOn: day,
    repeatDays: nullable(z.number().int().min(1)),
    status: z.enum(FOLLOW_UP_STATUSES),
    snoozedFrom: nullable(day),
    createdAt: stamp,
    closedAt: nullable(stamp),
  }),
  engagements: z.looseObject({ name, startOn: day, plannedEndOn: nullable(day), value: nullable(z.number().min(0)), status: z.enum(ENGAGEMENT_STATUSES) }),
  expectation_items: z.looseObject({
    engagementId: z.string().max(100),
    kind: z.enum(ITEM_KINDS),
    text: text(2000),
    responsible: text(200),
    dueOn: nullable(day),
    state: z.enum(ITEM_STATES),
    toldHow: text(2000),
    toldOn: nullable(day),
    evidenceEntryId: nullable(z.string().max(100)),
    history: z.array(z.looseObject({ state: z.enum(ITEM_STATES), note: text(2000), at: stamp })).max(10_000),
    createdAt: stamp,
  }),
  client_checklists: z.looseObject({
    stage: z.enum(LIFECYCLE_STAGES),
    items: z.array(z.looseObject({ text: text(300), done: z.boolean(), doneAt: nullable(stamp) })).max(100),
    startedAt: stamp,
    completedAt: nullable(stamp),
  }),
  checklist_templates: z.looseObject({ items: z.array(text(300)).max(100) }),
  review_sessions: z.looseObject({
    quarter: z.string().regex(/^\d{4}-Q[1-4]$/),
    status: z.enum(['in-progress', 'finished']),
    clientIds: z.array(z.string().max(100)).max(100_000),
    records: z.array(z.looseObject({ clientId: z.string().max(100) })).max(100_000),
    startedAt: stamp,
    finishedAt: nullable(stamp),
    annotations: z.array(z.looseObject({ at: stamp, text: text(5000) })).max(10_000),
  }),
};

const CHILD = new Set<string>(CLIENT_CHILD_TABLES);
const ANY_RECORD = z.record(z.string(), z.unknown());

function rowSchema(table: RecordTableName) {
  const data = RECORDS[table] ?? ANY_RECORD;
  const id = table === 'settings' || table === 'checklist_templates' ? z.string().min(1).max(100) : z.uuid();
  return CHILD.has(table) ? z.strictObject({ id, clientId: z.uuid(), data }) : z.strictObject({ id, data });
}

/** The schema of a whole export file; unknown tables (from a newer Rapport) are refused. */
export const exportFileSchema = z.strictObject({
  format: z.literal(EXPORT_FORMAT, { error: 'This is not a Rapport JSON export (its "format" is not "rapport-export").' }),
  version: z.literal(EXPORT_VERSION, { error: `This export was written by a newer version of Rapport (format version is not ${EXPORT_VERSION}).` }),
  exportedAt: z.string().max(40),
  tables: z.strictObject(Object.fromEntries(RECORD_TABLES.map((t) => [t, z.array(rowSchema(t)).max(1_000_000).optional()])) as Record<RecordTableName, z.ZodOptional<z.ZodArray<ReturnType<typeof rowSchema>>>>),
});
