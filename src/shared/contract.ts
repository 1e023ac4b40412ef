/**
 * The API contract: for each method its name, a zod schema for the input and its output type.
 * The main process validates every input against these schemas before any service sees it.
 * The preload and the web host bridge expose exactly these method names and nothing else.
 */
import { z } from 'zod';
import type {
  LegacyCopy,
  ReviewListItem,
  ReviewSession,
  ReviewTrends,
  AppStatus,
  BackupStatus,
  BackupSummary,
  ChecklistTemplate,
  ClientChecklist,
  ClientPromises,
  Engagement,
  ExpectationItem,
  PromiseAttention,
  Client,
  ClientSummary,
  Contact,
  Person,
  CreatedVault,
  Dossier,
  FollowUp,
  FollowUpPage,
  GoingCold,
  Handover,
  ImportantDate,
  PersonalFact,
  SearchGroup,
  Settings,
  TimelineEntry,
  TimelinePage,
  WarmthReading,
} from './types';
import type {
  BatchPreviewRow,
  BatchResult,
  EmailDraft,
  LetterExportResult,
  LetterPreview,
  LetterTemplate,
  Letterhead,
  TemplateProblem,
} from './letters';
import { BUILTIN_TEMPLATE_IDS, LETTER_FIELD_KEYS, LETTER_FONT_IDS, LETTER_KINDS, MAX_IMAGE_BYTES, PAPER_SIZES } from './letters';
import { MAX_BODY_LENGTH, MAX_SUBJECT_LENGTH } from './letterMarkup';
import {
  REVIEW_DECISIONS,
  CLIENT_KINDS,
  ENGAGEMENT_STATUSES,
  ENTRY_KINDS,
  ITEM_KINDS,
  ITEM_STATES,
  FACT_TYPES,
  LIFECYCLE_STAGES,
  PREFERRED_CHANNELS,
  SENSITIVITIES,
} from './types';

import { CHOICE_PURPOSES, type FileChoice } from './choices';
import type { SyncConflictView, SyncStatusView } from './sync';
import type { CalendarExport, ImportPreview, ImportReport, JsonImportReport, PlainExport } from './types';
import { EXPORT_FORMATS, IMPORT_ACTIONS, IMPORT_FIELDS, IMPORT_FORMATS } from './types';

/** Declares a method: `method<Output>()(inputSchema)`. */
const method =
  <O>() =>
  <I extends z.ZodType>(input: I) => ({ input, output: null as unknown as O });

const id = z.string().uuid();
const passphrase = z.string().min(1, 'Enter a passphrase').max(1024, 'At most 1024 characters');
const shortText = (max = 200) => z.string().trim().max(max, `At most ${max} characters`);
const requiredName = z.string().trim().min(1, 'A name is required').max(200, 'At most 200 characters');
const isoDateTime = z.iso.datetime({ offset: true });
const tags = z.array(shortText(50).min(1)).max(50);
const revenueShare = z.number().min(0).max(100).nullable();
const empty = z.strictObject({});
/** A file's text, as read by the renderer: at most 20 MB. */
const importText = z.string().min(1, 'The file is empty').max(20 * 1024 * 1024, 'The file is larger than 20 MB');
const day = z.iso.date();
/** Paging: how many rows a page holds, and the opaque cursor a previous page returned. */
const page = {
  limit: z.number().int().min(1, 'At least 1').max(500, 'At most 500 a page').optional(),
  cursor: z.string().max(1000).regex(/^[A-Za-z0-9_-]+$/, 'Not a page cursor').optional(),
};
const version = z.number().int().positive();
const byId = z.strictObject({ id });
const byVersion = z.strictObject({ id, version });
const undo = method<{ undoToken: string; label: string }>();

/** Optional client fields, shared by create and update. */
const clientFields = {
  stage: z.enum(LIFECYCLE_STAGES).optional(),
  industry: shortText().optional(),
  owner: shortText().optional(),
  tags: tags.optional(),
  revenueShare: revenueShare.optional(),
  notes: shortText(100_000).optional(),
  news: shortText(20_000).optional(),
  cadenceDays: z.number().int().min(1).max(3650).nullable().optional(),
};

const contactFields = {
  role: shortText().optional(),
  email: z.union([z.literal(''), z.email().max(320)]).optional(),
  phone: shortText(50).optional(),
  preferredChannel: z.enum(PREFERRED_CHANNELS).optional(),
  preferredTime: shortText().optional(),
};

const entryFields = {
  kind: z.enum(ENTRY_KINDS),
  occurredAt: isoDateTime,
  summary: z.string().trim().min(1, 'A summary is required').max(500),
  body: shortText(100_000).optional(),
  contactIds: z.array(id).max(100).optional(),
};

const itemFields = {
  text: z.string().trim().min(1, 'Say what it is').max(2000),
  responsible: shortText().optional(),
  dueOn: day.nullable().optional(),
  toldHow: shortText(2000).optional(),
  toldOn: day.nullable().optional(),
};
const newItem = z.strictObject({ kind: z.enum(ITEM_KINDS), ...itemFields });

const engagementFields = {
  startOn: day,
  plannedEndOn: day.nullable().optional(),
  value: z.number().min(0).max(1e12).nullable().optional(),
  status: z.enum(ENGAGEMENT_STATUSES).optional(),
};

const followUpFields = {
  reason: z.string().trim().min(1, 'Say why to follow up').max(500),
  dueOn: day,
  repeatDays: z.number().int().min(1).max(3650).nullable().optional(),
};

/** A template id: `builtin:<kind>` or a UUID. */
const templateId = z.union([id, z.enum(BUILTIN_TEMPLATE_IDS)]);
const templateSubject = z.string().max(MAX_SUBJECT_LENGTH, `At most ${MAX_SUBJECT_LENGTH} characters`);
const templateBody = z.string().max(MAX_BODY_LENGTH, `At most ${MAX_BODY_LENGTH} characters`);
/** A PNG or JPEG as base64 (checked by its magic bytes in the service). */
const letterImage = z.string().min(1).max(Math.ceil(MAX_IMAGE_BYTES / 3) * 4 + 100, 'The image is too large');
const letterFormat = z.enum(['pdf', 'docx']);
/** A file or folder chosen in main's own dialog (files.choose): an opaque id, never a path. */
const choiceId = z.string().uuid('Choose the file or folder again');
const batchClients = z.array(id).min(1, 'Pick at least one client').max(5000);
/** What one letter is: template, optional own text, personal line and values typed in. */
const batchLetter = {
  templateId,
  subject: templateSubject.optional(),
  body: templateBody.optional(),
  personalLine: shortText(2000).optional(),
  values: z.array(z.strictObject({ field: z.enum(LETTER_FIELD_KEYS), value: shortText(5000) })).max(LETTER_FIELD_KEYS.length).optional(),
};
const letterRequest = {
  ...batchLetter,
  clientId: id,
  contactId: id.optional(),
  engagementId: id.optional(),
  recipient: z.array(shortText(200)).max(8).optional(),
};

export const contract = {
  'app.status': method<AppStatus>()(empty),

  'vault.create': method<CreatedVault>()(z.strictObject({ passphrase })),
  'vault.unlock': method<AppStatus>()(z.strictObject({ passphrase })),
  'vault.unlockWithRecoveryKey': method<AppStatus>()(
    z.strictObject({ recoveryKey: z.string().min(1, 'Enter the recovery key').max(200), newPassphrase: passphrase }),
  ),
  'vault.lock': method<AppStatus>()(empty),
  'vault.changePassphrase': method<null>()(
    z.strictObject({ currentPassphrase: passphrase, newPassphrase: passphrase }),
  ),
  'vault.newRecoveryKey': method<CreatedVault>()(z.strictObject({ passphrase })),
  /**
   * Re-encrypts the vault under a new database key (progress events, task 'rekey'); every slot is
   * re-wrapped, so the recovery key is new too (returned, shown once) and the old kit stops working.
   */
  'vault.rekey': method<CreatedVault>()(z.strictObject({ passphrase })),
  'vault.confirmRecoveryKey': method<Settings>()(empty),
  /** A 'vault-open' or 'vault-create' choice from files.choose: never a path. */
  'vault.open': method<AppStatus>()(z.strictObject({ choiceId })),
  /** Shows main's own dialog for a purpose; the renderer gets an opaque choice id, never a path. */
  'files.choose': method<FileChoice>()(
    z.strictObject({
      purpose: z.enum(CHOICE_PURPOSES),
      /** A file name the save dialog suggests (the person may change it); never a path. */
      suggestedName: z.string().trim().min(1).max(200).regex(/^[^/\\\0]+$/, 'A file name, not a path').refine((n) => n !== '.' && n !== '..', 'A file name, not a path').optional(),
    }),
  ),
  /** The copy of this vault in its old format (1 or 2), kept when it was converted to format 3, if any. */
  'vault.legacyCopy': method<LegacyCopy | null>()(empty),
  /** Deletes that copy (after the user confirms). */
  'vault.removeLegacyCopy': method<null>()(empty),

  'session.activity': method<null>()(empty),
  'clipboard.copy': method<{ supported: boolean }>()(z.strictObject({ text: z.string().min(1).max(100_000) })),

  'settings.get': method<Settings>()(empty),
  'settings.update': method<Settings>()(
    z.strictObject({
      autoLockMinutes: z
        .number('Enter a number of minutes')
        .int('Enter a whole number of minutes')
        .min(1, 'The vault must lock after at least 1 minute')
        .max(24 * 60, 'The vault must lock within 1440 minutes (a day)')
        .optional(),
      userName: shortText().optional(),
      userTitle: shortText().optional(),
      dateLocale: z
        .string()
        .max(35)
        .refine((v) => v === '' || Intl.DateTimeFormat.supportedLocalesOf([v]).length === 1, 'Not a date format this computer knows')
        .optional(),
      /** A 'backup-folder' choice (main remembers its path), or null to turn automatic backups off. */
      backupFolderChoice: choiceId.nullable().optional(),
      backupEveryHours: z.number().int().min(1).max(24 * 30).optional(),
      keepBackups: z.number().int().min(1).max(365).optional(),
    }),
  ),

  /** Sync between devices (docs/SYNC.md): status, on (into a 'sync-folder' choice), join, pause, conflicts. */
  'sync.status': method<SyncStatusView>()(empty),
  /** The recovery key, when given, also opens the folder's key slots (a new device can join with it). */
  'sync.enable': method<SyncStatusView>()(z.strictObject({ choiceId, passphrase, recoveryKey: z.string().min(1).max(200).optional() })),
  /** Creates this vault (there must be none yet) from a synced vault in a 'sync-folder' choice. */
  'sync.join': method<CreatedVault>()(z.strictObject({ choiceId, passphrase })),
  'sync.now': method<SyncStatusView>()(empty),
  'sync.pause': method<SyncStatusView>()(z.strictObject({ paused: z.boolean() })),
  'sync.conflicts': method<SyncConflictView[]>()(empty),
  'sync.resolve': method<null>()(
    z.union([z.strictObject({ id, keep: z.enum(['kept', 'lost']) }), z.strictObject({ id, merged: shortText(100_000) })]),
  ),

  'backup.status': method<BackupStatus>()(empty),
  /** Into the remembered backup folder, or into a 'backup-folder' or 'backup-save' choice. */
  'backup.create': method<{ path: string; at: string }>()(z.strictObject({ choiceId: choiceId.optional() })),
  /** A 'backup-open' choice: checked without using it up, so restore can follow with the same id. */
  'backup.inspect': method<BackupSummary>()(z.strictObject({ choiceId, passphrase })),
  'backup.restore': method<AppStatus>()(
    z.union([
      z.strictObject({ choiceId, passphrase }),
      z.strictObject({ choiceId, recoveryKey: z.string().min(1).max(200), newPassphrase: passphrase }),
    ]),
  ),

  'clients.list': method<ClientSummary[]>()(empty),
  'clients.get': method<Client>()(byId),
  'clients.create': method<Client>()(
    z.strictObject({ kind: z.enum(CLIENT_KINDS), name: requiredName, ...clientFields }),
  ),
  'clients.update': method<Client>()(
    z.strictObject({
      id,
      version: z.number().int().positive(),
      kind: z.enum(CLIENT_KINDS).optional(),
      name: requiredName.optional(),
      ...clientFields,
    }),
  ),
  'clients.delete': undo(byId),
  'clients.dossier': method<Dossier>()(byId),
  'clients.goingCold': method<GoingCold[]>()(empty),
  'clients.handOver': method<Handover>()(
    z.strictObject({
      clientId: id,
      to: requiredName,
      reason: z.string().trim().min(1, 'Say why the account changes hands').max(2000),
      notes: z.string().trim().min(1, 'Write the handover notes for your colleague').max(20_000),
      clientReaction: shortText(2000).optional(),
    }),
  ),

  'contacts.list': method<Contact[]>()(z.strictObject({ clientId: id })),
  /** One person: their details, facts, dates, the entries they took part in, and follow-ups naming them. */
  'contacts.get': method<Person>()(byId),
  'contacts.create': method<Contact>()(z.strictObject({ clientId: id, name: requiredName, ...contactFields })),
  'contacts.update': method<Contact>()(z.strictObject({ id, version, name: requiredName.optional(), ...contactFields })),
  'contacts.delete': method<null>()(byId),

  'facts.add': method<PersonalFact>()(
    z.strictObject({
      clientId: id,
      contactId: id.nullable().optional(),
      type: z.enum(FACT_TYPES),
      text: z.string().trim().min(1, 'Write the fact').max(2000),
      sensitivity: z.enum(SENSITIVITIES).optional(),
      alert: z.boolean().optional(),
    }),
  ),
  'facts.update': method<PersonalFact>()(
    z.strictObject({
      id,
      version,
      contactId: id.nullable().optional(),
      type: z.enum(FACT_TYPES).optional(),
      text: z.string().trim().min(1, 'Write the fact').max(2000).optional(),
      sensitivity: z.enum(SENSITIVITIES).optional(),
      alert: z.boolean().optional(),
    }),
  ),
  'facts.delete': method<null>()(byId),

  'dates.add': method<ImportantDate>()(
    z.strictObject({
      clientId: id,
      contactId: id.nullable().optional(),
      label: z.string().trim().min(1, 'Name the date').max(200),
      date: day,
      recurrence: z.enum(['yearly', 'once']),
    }),
  ),
  'dates.update': method<ImportantDate>()(
    z.strictObject({
      id,
      version,
      contactId: id.nullable().optional(),
      label: z.string().trim().min(1, 'Name the date').max(200).optional(),
      date: day.optional(),
      recurrence: z.enum(['yearly', 'once']).optional(),
    }),
  ),
  'dates.delete': method<null>()(byId),

  'warmth.record': method<WarmthReading>()(
    z.strictObject({
      clientId: id,
      value: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
      reason: z.string().trim().min(1, 'Say why').max(2000),
      /** When the reading was true (backdated); now when absent. Never in the future. */
      at: isoDateTime.optional(),
    }),
  ),
  'warmth.update': method<WarmthReading>()(
    z.strictObject({
      id,
      value: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]).optional(),
      reason: z.string().trim().min(1, 'Say why').max(2000).optional(),
      at: isoDateTime.optional(),
    }),
  ),

  'followUps.create': method<FollowUp>()(z.strictObject({ clientId: id, ...followUpFields })),
  'followUps.list': method<FollowUpPage>()(
    z.strictObject({
      clientId: id.optional(),
      status: z.enum(['open', 'done', 'dropped', 'all']).optional(),
      /** Only those due after this day. */
      dueAfter: day.optional(),
      ...page,
    }),
  ),
  'followUps.today': method<{ due: FollowUp[]; overdueCount: number }>()(empty),
  'followUps.complete': method<FollowUp>()(byVersion),
  'followUps.drop': method<FollowUp>()(byVersion),
  'followUps.snooze': method<FollowUp>()(z.strictObject({ id, version, until: day })),

  'timeline.list': method<TimelineEntry[]>()(z.strictObject({ clientId: id })),
  'timeline.query': method<TimelinePage>()(
    z.strictObject({
      clientId: id.optional(),
      kinds: z.array(z.enum(ENTRY_KINDS)).max(ENTRY_KINDS.length).optional(),
      contactId: id.optional(),
      from: isoDateTime.optional(),
      to: isoDateTime.optional(),
      ...page,
    }),
  ),
  'timeline.add': method<TimelineEntry>()(
    z.strictObject({
      clientId: id,
      ...entryFields,
      followUp: z.strictObject({ reason: followUpFields.reason, dueOn: day }).optional(),
    }),
  ),
  'timeline.update': method<TimelineEntry>()(
    z.strictObject({
      id,
      version,
      kind: entryFields.kind.optional(),
      occurredAt: isoDateTime.optional(),
      summary: entryFields.summary.optional(),
      body: entryFields.body,
      contactIds: entryFields.contactIds,
    }),
  ),
  'timeline.delete': undo(byId),
  /** An exported letter was sent: it becomes an interaction ('letter-sent'). */
  'timeline.markSent': method<TimelineEntry>()(z.strictObject({ id, version, sentAt: isoDateTime.optional() })),

  'clients.setStage': method<ClientChecklist | null>()(
    z.strictObject({ clientId: id, stage: z.enum(LIFECYCLE_STAGES), startChecklist: z.boolean(), note: shortText(2000).optional() }),
  ),

  'engagements.create': method<Engagement>()(
    z.strictObject({ clientId: id, name: requiredName, ...engagementFields, items: z.array(newItem).max(200).optional() }),
  ),
  'engagements.update': method<Engagement>()(
    z.strictObject({ id, version, name: requiredName.optional(), ...engagementFields, startOn: day.optional() }),
  ),
  'expectations.add': method<ExpectationItem>()(z.strictObject({ engagementId: id, kind: z.enum(ITEM_KINDS), ...itemFields })),
  'expectations.update': method<ExpectationItem>()(
    z.strictObject({ id, version, ...itemFields, text: itemFields.text.optional() }),
  ),
  'expectations.delete': method<null>()(byId),
  'expectations.setState': method<ExpectationItem>()(
    z.strictObject({
      id,
      version,
      state: z.enum(ITEM_STATES),
      note: z.string().trim().min(1, 'Add a note saying what happened').max(2000),
      evidenceEntryId: id.optional(),
      newTerms: shortText(2000).optional(),
      newDueOn: day.optional(),
      clientAgreed: z.boolean().optional(),
    }),
  ),
  'promises.forClient': method<ClientPromises>()(z.strictObject({ clientId: id })),
  'promises.attention': method<PromiseAttention[]>()(empty),

  'checklists.templates': method<ChecklistTemplate[]>()(empty),
  'checklists.updateTemplate': method<ChecklistTemplate>()(
    z.strictObject({
      stage: z.enum(LIFECYCLE_STAGES),
      items: z.array(z.string().trim().min(1).max(300)).max(50).nullable(),
    }),
  ),
  'checklists.forClient': method<ClientChecklist[]>()(z.strictObject({ clientId: id })),
  'checklists.toggle': method<ClientChecklist>()(
    z.strictObject({ id, version, index: z.number().int().min(0).max(49), done: z.boolean() }),
  ),

  'reviews.start': method<ReviewSession>()(
    z.strictObject({
      quarter: z.string().regex(/^\d{4}-Q[1-4]$/, 'A quarter looks like 2026-Q4'),
      stages: z.array(z.enum(LIFECYCLE_STAGES)).min(1).max(LIFECYCLE_STAGES.length).optional(),
      clientIds: z.array(id).min(1).max(20_000).optional(),
    }),
  ),
  'reviews.list': method<ReviewListItem[]>()(empty),
  'reviews.get': method<ReviewSession>()(byId),
  'reviews.record': method<ReviewSession>()(
    z.strictObject({
      id,
      version: version.optional(),
      clientId: id,
      /** Only when the reviewer chose one: no choice records no reading. */
      warmth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]).nullable().optional(),
      decision: z.enum(REVIEW_DECISIONS),
      reason: z.string().trim().min(1, 'Give the reason for the decision').max(2000),
      notes: shortText(20_000).optional(),
      actions: z.array(z.strictObject({ reason: followUpFields.reason, dueOn: day })).max(20).optional(),
      startOffboarding: z.boolean().optional(),
    }),
  ),
  'reviews.finish': method<ReviewSession>()(byVersion),
  'reviews.annotate': method<ReviewSession>()(z.strictObject({ id, text: z.string().trim().min(1).max(5000) })),
  'reviews.discard': method<null>()(byId),
  'reviews.trends': method<ReviewTrends>()(empty),

  'undo.apply': method<{ label: string }>()(z.strictObject({ token: z.string().uuid() })),

  'search.query': method<SearchGroup[]>()(z.strictObject({ q: z.string().max(200) })),

  'letters.templates': method<LetterTemplate[]>()(empty),
  'letters.checkTemplate': method<{ ok: boolean; problems: TemplateProblem[]; fields: string[] }>()(
    z.strictObject({ subject: templateSubject, body: templateBody }),
  ),
  'letters.createTemplate': method<LetterTemplate>()(
    z.strictObject({ kind: z.enum(LETTER_KINDS), name: requiredName, subject: templateSubject, body: templateBody, basedOn: templateId.optional() }),
  ),
  'letters.updateTemplate': method<LetterTemplate>()(
    z.strictObject({
      id,
      version,
      kind: z.enum(LETTER_KINDS).optional(),
      name: requiredName.optional(),
      subject: templateSubject.optional(),
      body: templateBody.optional(),
    }),
  ),
  'letters.copyTemplate': method<LetterTemplate>()(z.strictObject({ id: templateId, name: requiredName.optional() })),
  'letters.deleteTemplate': method<null>()(byId),
  'letters.letterhead': method<Letterhead>()(empty),
  'letters.updateLetterhead': method<Letterhead>()(
    z.strictObject({
      senderName: shortText().optional(),
      senderTitle: shortText().optional(),
      firm: shortText().optional(),
      addressLines: z.array(shortText(200)).max(6).optional(),
      email: z.union([z.literal(''), z.email().max(320)]).optional(),
      phone: shortText(50).optional(),
      logo: letterImage.nullable().optional(),
      signature: letterImage.nullable().optional(),
      paper: z.enum(PAPER_SIZES).optional(),
      font: z.enum(LETTER_FONT_IDS).optional(),
    }),
  ),
  'letters.preview': method<LetterPreview>()(z.strictObject(letterRequest)),
  'letters.plainText': method<{ subject: string; text: string }>()(z.strictObject(letterRequest)),
  'letters.emailDraft': method<EmailDraft>()(z.strictObject(letterRequest)),
  'letters.export': method<LetterExportResult>()(
    z.strictObject({ ...letterRequest, format: letterFormat, choiceId, allowMissing: z.boolean().optional() }),
  ),
  'letters.batchPreview': method<BatchPreviewRow[]>()(z.strictObject({ ...batchLetter, clientIds: batchClients })),
  'letters.batch': method<BatchResult>()(
    z.strictObject({
      ...batchLetter,
      clientIds: batchClients,
      /** A 'letters-folder' choice. */
      folderChoice: choiceId,
      format: letterFormat,
      batchId: id.optional(),
      allowMissing: z.boolean().optional(),
    }),
  ),
  'letters.cancelBatch': method<{ cancelled: boolean }>()(z.strictObject({ batchId: id })),
  // ---- Import and export (the renderer reads the file the user picked and sends its text) ----
  'import.preview': method<ImportPreview>()(
    z.strictObject({
      format: z.enum(IMPORT_FORMATS),
      /** The file: its text, or (encoding 'base64') its bytes, so its charset is worked out in the main process. */
      text: z.string().min(1, 'The file is empty').max(Math.ceil((20 * 1024 * 1024) / 3) * 4, 'The file is larger than 20 MB'),
      encoding: z.enum(['text', 'base64']).optional(),
      /** CSV only: for each field, the header of its column. Needed for a CSV whose header Rapport does not know. */
      mapping: z
        .strictObject(Object.fromEntries(IMPORT_FIELDS.map((f) => [f, z.string().trim().min(1).max(200).optional()])) as Record<(typeof IMPORT_FIELDS)[number], z.ZodOptional<z.ZodString>>)
        .refine((m) => !!(m.name || m.firstName || m.lastName || m.organisation), 'Map a column to the name (or first or last name) or to the organisation')
        .optional(),
    })
    .refine((i) => i.encoding === 'base64' || i.text.length <= 20 * 1024 * 1024, { message: 'The file is larger than 20 MB', path: ['text'] }),
  ),
  'import.commit': method<ImportReport>()(
    z.strictObject({
      previewId: id,
      /** Per row id of the preview; rows not listed get the preview's suggested action. */
      decisions: z.record(z.string().regex(/^r\d{1,7}$/, 'Not a row of the preview'), z.enum(IMPORT_ACTIONS)).optional(),
    }),
  ),
  'import.json': method<JsonImportReport>()(z.strictObject({ text: importText })),
  'export.plain': method<PlainExport>()(
    z.strictObject({
      passphrase,
      confirmUnencrypted: z.literal(true, { error: 'Confirm that the exported files will not be encrypted' }),
      format: z.enum(EXPORT_FORMATS),
      /** CSV only: start each file with a UTF-8 byte-order mark (for Excel on Windows). Default true. */
      bom: z.boolean().optional(),
    }),
  ),
  'export.calendar': method<CalendarExport>()(z.strictObject({ includeSensitiveText: z.boolean() })),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = Contract[M]['output'];

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
