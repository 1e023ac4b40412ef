/** Domain types the UI sees. Plain objects; database rows never leave the data layer. */

export type VaultState = 'no-vault' | 'locked' | 'unlocked';

/** A vault's copy in an older format, kept beside it when it was converted. */
export interface LegacyCopy {
  path: string;
  bytes: number;
  modifiedAt: string;
}

export interface AppStatus {
  state: VaultState;
  /** Absolute path of the current vault file. */
  vaultPath: string;
  /** File name without folder, for display. */
  vaultName: string;
  platform: 'electron' | 'web';
  /** Minutes of inactivity before auto-lock; only known while unlocked. */
  autoLockMinutes: number | null;
  /** False until the user confirmed keeping the recovery key. Only known while unlocked. */
  recoveryKeyConfirmed: boolean | null;
  /**
   * Why the vault locked itself and will not unlock again, if the integrity check that runs after
   * unlock found it changed outside Rapport; null otherwise. Restoring a backup clears it.
   */
  integrityError: string | null;
}

export interface CreatedVault {
  /** The recovery key, shown once. Base32 in groups of five, with a checksum. */
  recoveryKey: string;
  vaultId: string;
}

export interface Settings {
  autoLockMinutes: number;
  recoveryKeyConfirmed: boolean;
  /** Name of the person using Rapport, for letters and ownership. */
  userName: string;
  /** Their title under a letter's signature ("Managing Partner"), when the letterhead names no sender. */
  userTitle: string;
  /** The locale dates and times are written in ("en-GB"), or '' for the system's. */
  dateLocale: string;
  /** Folder for automatic backups, or null for none. */
  backupFolder: string | null;
  backupEveryHours: number;
  /** How many automatic backups to keep in the folder. */
  keepBackups: number;
  /** ISO timestamp of the last backup (automatic or not), or null. */
  lastBackupAt: string | null;
}

export interface BackupStatus {
  folder: string | null;
  everyHours: number;
  keep: number;
  lastBackupAt: string | null;
  /** True when automatic backups are on and the last one is older than the schedule. */
  overdue: boolean;
}

export interface BackupSummary {
  vaultId: string;
  modifiedAt: string;
  bytes: number;
  counts: { clients: number; contacts: number; timelineEntries: number; followUps: number; engagements: number };
}

export const CLIENT_KINDS = ['organisation', 'person'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

export const LIFECYCLE_STAGES = [
  'prospect',
  'onboarding',
  'active',
  'issue-resolution',
  'offboarding',
  'alumni',
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export interface ClientSummary {
  id: string;
  kind: ClientKind;
  name: string;
  stage: LifecycleStage;
  industry: string;
  owner: string;
  tags: string[];
  revenueShare: number | null;
  contactCount: number;
  /** ISO timestamp of the latest timeline entry, or null. */
  lastContactAt: string | null;
  /** Keep-in-touch cadence in days, or null for none. */
  cadenceDays: number | null;
  /** Latest warmth reading, 1 (cold) to 5 (very warm), or null. */
  warmth: 1 | 2 | 3 | 4 | 5 | null;
  version: number;
}

export interface Client extends ClientSummary {
  notes: string;
  /** The client's latest news (their business, not ours). */
  news: string;
  createdAt: string;
  updatedAt: string;
}

export interface Contact {
  id: string;
  clientId: string;
  name: string;
  role: string;
  email: string;
  phone: string;
  preferredChannel: PreferredChannel;
  /** When they like to be contacted, in their words ("mornings", "not Fridays"). */
  preferredTime: string;
  version: number;
}

export const PREFERRED_CHANNELS = ['any', 'email', 'phone', 'text', 'in-person', 'video'] as const;
export type PreferredChannel = (typeof PREFERRED_CHANNELS)[number];

export const ENTRY_KINDS = [
  'meeting',
  'call',
  'email',
  'note',
  'promise',
  'delivery',
  'issue',
  'resolution',
  'gift',
  'referral',
  'handover',
  'stage-change',
  'review',
  'letter',
  'message',
  'visit',
  'letter-sent',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export interface TimelineEntry {
  id: string;
  clientId: string;
  kind: EntryKind;
  /** ISO timestamp of when the interaction happened. */
  occurredAt: string;
  summary: string;
  body: string;
  contactIds: string[];
  version: number;
}

/** One page of the timeline, newest first, and the cursor that asks for the next (null: no more). */
export interface TimelinePage {
  entries: TimelineEntry[];
  nextCursor: string | null;
}

export type AppEvent =
  | { type: 'locked'; reason: 'user' | 'idle' | 'suspend' | 'screen-lock' | 'vault-switched' | 'corrupt' }
  | { type: 'unlocked' }
  | { type: 'data-changed'; tables: string[] }
  /** A long task's progress (for example an import commit), sent every few hundred rows. */
  | { type: 'progress'; task: string; done: number; total: number };

// ---- Dossiers: facts, dates, warmth, ownership, follow-ups ----

export const FACT_TYPES = ['family', 'health', 'diet', 'hobbies', 'preferences', 'dislikes', 'other'] as const;
export type FactType = (typeof FACT_TYPES)[number];

export const SENSITIVITIES = ['normal', 'private', 'handle-with-care'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

export interface PersonalFact {
  id: string;
  clientId: string;
  /** The contact the fact is about, or null for the client (a person client, or the organisation). */
  contactId: string | null;
  type: FactType;
  text: string;
  sensitivity: Sensitivity;
  /** Allergies and diet, dislikes, handle-with-care, allergy or medical words, or marked: shown at the top of the dossier. */
  isAlert: boolean;
  /** The user marked it an alert (the "alert" toggle). */
  markedAlert: boolean;
  version: number;
}

export interface ImportantDate {
  id: string;
  clientId: string;
  contactId: string | null;
  label: string;
  /** YYYY-MM-DD */
  date: string;
  recurrence: 'yearly' | 'once';
  /** Next time it comes round, from today (YYYY-MM-DD), or null for a one-off date in the past. */
  nextOn: string | null;
  version: number;
}

export const WARMTH_LEVELS = [1, 2, 3, 4, 5] as const;
export const WARMTH_LABELS = ['Cold', 'Cool', 'Neutral', 'Warm', 'Very warm'] as const;

export interface WarmthReading {
  id: string;
  clientId: string;
  value: 1 | 2 | 3 | 4 | 5;
  reason: string;
  /** ISO timestamp. */
  at: string;
}

export interface Handover {
  id: string;
  clientId: string;
  from: string;
  to: string;
  at: string;
  reason: string;
  notes: string;
  clientReaction: string;
}

export const FOLLOW_UP_STATUSES = ['open', 'done', 'dropped'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export interface FollowUp {
  id: string;
  clientId: string;
  clientName: string;
  reason: string;
  /** YYYY-MM-DD */
  dueOn: string;
  /** Repeat every N days after it is done, or null. */
  repeatDays: number | null;
  status: FollowUpStatus;
  /** While snoozed, the day it comes back (YYYY-MM-DD); dueOn is moved to it. */
  snoozedFrom: string | null;
  version: number;
}

export interface GoingCold {
  clientId: string;
  name: string;
  cadenceDays: number;
  /** Days since the last interaction (or since the client was added, if none). */
  daysSinceContact: number;
  /** How far past the cadence: daysSinceContact - cadenceDays. */
  daysOverdue: number;
  lastContactAt: string | null;
}

/** One page of follow-ups, soonest first, and the cursor that asks for the next (null: no more). */
export interface FollowUpPage {
  items: FollowUp[];
  nextCursor: string | null;
}

export interface Dossier {
  client: Client;
  contacts: Contact[];
  facts: PersonalFact[];
  alerts: PersonalFact[];
  dates: ImportantDate[];
  warmth: WarmthReading[];
  handovers: Handover[];
  followUps: FollowUp[];
  recent: TimelineEntry[];
  /** Per contact id: the newest interaction they took part in (ISO), absent when none. */
  contactLastContact: Record<string, string>;
}

/** A contact as a person in their own right: what contacts.get returns for the person page. */
export interface Person {
  contact: Contact;
  /** The client they belong to, and who in the firm looks after it. */
  client: { id: string; name: string; kind: ClientKind; owner: string };
  /** Facts and dates about this person (not the ones about the client or other contacts). */
  facts: PersonalFact[];
  dates: ImportantDate[];
  /** Timeline entries they took part in, newest first. */
  entries: TimelineEntry[];
  /** The newest interaction (not a record of our own) they took part in, or null. */
  lastSpokeAt: string | null;
  /** The client's open follow-ups whose reason names them (full or first name), soonest first. */
  followUps: FollowUp[];
}

export interface SearchHit {
  kind: 'client' | 'contact' | 'fact' | 'entry' | 'follow-up' | 'date' | 'engagement' | 'expectation';
  id: string;
  title: string;
  snippet: string;
}

export interface SearchGroup {
  clientId: string;
  clientName: string;
  hits: SearchHit[];
}

// ---- Engagements, expectation checklists and lifecycle checklists ----

export const ENGAGEMENT_STATUSES = ['proposed', 'active', 'paused', 'completed', 'cancelled'] as const;
export type EngagementStatus = (typeof ENGAGEMENT_STATUSES)[number];

export interface Engagement {
  id: string;
  clientId: string;
  name: string;
  /** YYYY-MM-DD */
  startOn: string;
  plannedEndOn: string | null;
  value: number | null;
  status: EngagementStatus;
  version: number;
}

/** promise: what we committed to; gap: what the client expects that we will not do; assumption. */
export const ITEM_KINDS = ['promise', 'gap', 'assumption'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const ITEM_STATES = ['open', 'on-track', 'at-risk', 'kept', 'slipped', 'missed', 'renegotiated'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export interface ItemStateChange {
  state: ItemState;
  note: string;
  /** ISO timestamp. */
  at: string;
  /** The timeline entry this change added. */
  entryId: string;
  evidenceEntryId: string | null;
  newTerms: string | null;
  newDueOn: string | null;
  clientAgreed: boolean | null;
}

export interface ExpectationItem {
  id: string;
  clientId: string;
  engagementId: string;
  kind: ItemKind;
  text: string;
  responsible: string;
  /** YYYY-MM-DD (current terms), or null. */
  dueOn: string | null;
  state: ItemState;
  /** For a gap: how and when the client was told we will not do it. */
  toldHow: string;
  toldOn: string | null;
  evidenceEntryId: string | null;
  history: ItemStateChange[];
  version: number;
}

export interface PromiseStats {
  /** Promises whose due date has passed or that were resolved (kept, slipped, missed). */
  due: number;
  keptOnTime: number;
  /** keptOnTime / due, or null when nothing is due yet. */
  rate: number | null;
  slipped: number;
  missed: number;
  renegotiated: number;
  atRisk: number;
  /** Still open past their due date. */
  overdue: number;
}

export interface QuarterOutcomes {
  /** For example 2026-Q4. */
  quarter: string;
  kept: number;
  slipped: number;
  missed: number;
}

export interface EngagementView {
  engagement: Engagement;
  items: ExpectationItem[];
  stats: PromiseStats;
}

export interface ClientPromises {
  stats: PromiseStats;
  engagements: EngagementView[];
  /** What the client expects that we do not deliver, across engagements. */
  gaps: ExpectationItem[];
  /** The last four quarters, oldest first. */
  quarters: QuarterOutcomes[];
}

/** A promise needing attention: at risk, or open past its due date. */
export interface PromiseAttention {
  item: ExpectationItem;
  clientName: string;
  engagementName: string;
  reason: 'at-risk' | 'overdue';
}

export interface ChecklistTemplate {
  stage: LifecycleStage;
  items: string[];
  /** True when the user edited it (otherwise the built-in default). */
  customised: boolean;
}

export interface ChecklistItem {
  text: string;
  done: boolean;
  doneAt: string | null;
}

export interface ClientChecklist {
  id: string;
  clientId: string;
  stage: LifecycleStage;
  items: ChecklistItem[];
  startedAt: string;
  completedAt: string | null;
  version: number;
}

// ---- Quarterly reviews ----

export const REVIEW_DECISIONS = ['invest', 'maintain', 'hand-over', 'part-ways'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** What the reviewer sees for one client. Computed live while the review runs; frozen when it finishes. */
export interface ReviewSignals {
  clientId: string;
  clientName: string;
  stage: LifecycleStage;
  daysSinceContact: number | null;
  cadenceDays: number | null;
  /** Days past the keep-in-touch cadence (0 when within it, null without a cadence). */
  daysOverCadence: number | null;
  warmthNow: number | null;
  /** Last warmth reading in each of the last four quarters (null where none), oldest first. */
  warmthTrend: { quarter: string; value: number | null }[];
  promises: { due: number; kept: number; slipped: number; missed: number };
  openIssues: { summary: string; openedAt: string; daysOpen: number }[];
  overdueFollowUps: number;
  revenueShare: number | null;
  /** This client's share (%) of all interactions with the reviewed clients this quarter. */
  attentionShare: number;
  interactionsThisQuarter: number;
  datesNextQuarter: { label: string; on: string }[];
  ownershipChanges: { from: string; to: string; at: string }[];
}

export interface ReviewAction {
  reason: string;
  /** YYYY-MM-DD */
  dueOn: string;
}

export interface ReviewRecord {
  clientId: string;
  /** The warmth the reviewer chose, or null when they left it: then no reading is recorded. */
  warmth: 1 | 2 | 3 | 4 | 5 | null;
  decision: ReviewDecision;
  reason: string;
  notes: string;
  actions: ReviewAction[];
  /** For part-ways: start the offboarding checklist when the review finishes. */
  startOffboarding: boolean;
  recordedAt: string;
}

export interface ReviewSummary {
  quarter: string;
  reviewed: number;
  byDecision: Record<ReviewDecision, string[]>;
  goingCold: string[];
  /** Kept on time / due for promises due this quarter across reviewed clients, or null. */
  promiseRate: number | null;
  attention: { clientName: string; revenueShare: number | null; attentionShare: number }[];
  /** Against the previous finished review, where there is one. */
  changes: { clientName: string; decisionBefore: ReviewDecision | null; decisionNow: ReviewDecision; warmthBefore: number | null; warmthNow: number | null }[];
  practiceWarmth: number | null;
}

export interface ReviewSession {
  id: string;
  quarter: string;
  status: 'in-progress' | 'finished';
  clientIds: string[];
  records: ReviewRecord[];
  /** Index of the first client without a record (where to resume). */
  position: number;
  startedAt: string;
  finishedAt: string | null;
  /** Frozen at finish. */
  signals: ReviewSignals[] | null;
  summary: ReviewSummary | null;
  annotations: { at: string; text: string }[];
  version: number;
}

export interface ReviewListItem {
  id: string;
  quarter: string;
  status: 'in-progress' | 'finished';
  clients: number;
  recorded: number;
  startedAt: string;
  finishedAt: string | null;
}

/** Across finished reviews, for charts. */
export interface ReviewTrends {
  quarters: string[];
  practiceWarmth: (number | null)[];
  promiseRate: (number | null)[];
  clients: { clientId: string; clientName: string; warmth: (number | null)[] }[];
}

// ---- Import and export ----

export const IMPORT_FORMATS = ['vcard', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** What to do with one row of an import: skip it, merge it into what it duplicates, or create it. */
export const IMPORT_ACTIONS = ['skip', 'merge', 'create'] as const;
export type ImportAction = (typeof IMPORT_ACTIONS)[number];

/** Fields of a person a CSV column can be mapped to. */
export const IMPORT_FIELDS = ['name', 'firstName', 'lastName', 'email', 'phone', 'organisation', 'role'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** For each field, the header of the CSV column it comes from. */
export type ImportMapping = Partial<Record<ImportField, string>>;

/** A name in its parts, as vCard's N holds it. */
export interface NameParts {
  prefix: string;
  given: string;
  additional: string;
  family: string;
  suffix: string;
}

/** An email address or phone number with its kind as written ("work", "cell", "home", a label), lower case; '' when none. */
export interface TypedValue {
  value: string;
  type: string;
}

/** A date read from a file: a birthday or anniversary. YYYY-MM-DD; a date without a year keeps year 1604 (as Apple writes it). */
export interface ImportDate {
  label: string;
  date: string;
  recurrence: 'yearly' | 'once';
}

/** A person as read from one vCard or one CSV row, cleaned. */
export interface ImportPerson {
  name: string;
  /** The primary email and phone (the first of emails and phones). */
  email: string;
  phone: string;
  role: string;
  organisation: string;
  /** The name in parts when the file gave them (vCard N, CSV first/last name columns). */
  nameParts: NameParts | null;
  /** Every email and phone, the primary first. */
  emails: TypedValue[];
  phones: TypedValue[];
  notes: string;
  address: string;
  url: string;
  dates: ImportDate[];
}

/**
 * Why a row looks like a duplicate. The first three are strong evidence (suggested merge or skip);
 * the others are only possible duplicates, created unless the user says otherwise.
 */
export const DUPLICATE_KINDS = [
  'same-email',
  'same-phone',
  'same-name-and-organisation',
  'same-phone-other-name',
  'same-name-other-organisation',
  'similar-name',
] as const;
export type DuplicateKind = (typeof DUPLICATE_KINDS)[number];
export const POSSIBLE_DUPLICATE_KINDS: readonly DuplicateKind[] = ['same-phone-other-name', 'same-name-other-organisation', 'similar-name'];

export interface ImportDuplicate {
  /** The evidence, in one word; see DUPLICATE_KINDS. */
  kind: DuplicateKind;
  /** True for strong evidence (same email; same phone and a compatible name; same name and organisation). */
  strong: boolean;
  /** Every field that agrees: 'similar-name' alone is a weak match. */
  reasons: ('email' | 'phone' | 'name' | 'organisation' | 'similar-name')[];
  /** What it duplicates: an existing contact, an existing person client without contacts, or an earlier row of this file. */
  match: { kind: 'contact' | 'client' | 'row'; id: string; name: string; clientName: string; email: string; phone: string; role: string };
  /** Fields a merge would fill in (they are empty on the match). A merge never overwrites a value. */
  fills: ('email' | 'phone' | 'role')[];
}

export interface ImportRow {
  /** Key for import.commit decisions. */
  rowId: string;
  /** Line of the file where the card or row starts (1-based). */
  line: number;
  person: ImportPerson;
  /** The client the row goes to: an existing one (existingId) or one the import creates. */
  client: { kind: ClientKind; name: string; existingId: string | null };
  /** The contact it becomes, or null for an organisation without a person. */
  contact: { name: string; role: string; email: string; phone: string } | null;
  duplicate: ImportDuplicate | null;
  /** What commit does unless told otherwise. */
  suggested: ImportAction;
  /** Values left out (an invalid email, a phone too long), in words. */
  warnings: string[];
}

export interface ImportRowError {
  line: number;
  reason: string;
}

export interface ImportPreview {
  /** For import.commit; null when nothing can be imported yet (needsMapping). Dropped on lock. */
  previewId: string | null;
  format: ImportFormat;
  /** What the file was read as, in words: "vCard", "Google Contacts CSV", "Outlook CSV", "LinkedIn connections CSV", "CSV (your column mapping)". */
  detected: string;
  /** CSV only: the header row, for a column mapping screen. */
  columns: string[];
  /** CSV only: the first data rows, for the mapping screen. */
  sample: string[][];
  /** CSV only: the mapping used (detected or given), or null. */
  mapping: ImportMapping | null;
  /** True when a CSV's header is not one Rapport knows and no mapping was given: map the columns, then preview again. */
  needsMapping: boolean;
  /** Rows that will be created (no duplicate found). */
  toCreate: ImportRow[];
  /** Rows that look like duplicates, each with a suggested action. */
  duplicates: ImportRow[];
  /** Rows that cannot be read, with where and why. */
  unreadable: ImportRowError[];
  counts: {
    rows: number;
    toCreate: number;
    duplicates: number;
    unreadable: number;
    newClients: number;
    /** Duplicates with strong evidence, and possible ones (created by default). */
    strongDuplicates: number;
    possibleDuplicates: number;
    /** Rows per kind of duplicate. */
    byKind: Partial<Record<DuplicateKind, number>>;
  };
  /** About the file as a whole (for example photos skipped). */
  notes: string[];
}

export interface ImportReport {
  /** ISO timestamp. */
  at: string;
  detected: string;
  created: { rowId: string; line: number; name: string; clientId: string; clientName: string; contactId: string | null; newClient: boolean }[];
  merged: { rowId: string; line: number; name: string; contactId: string; into: string; filled: string[] }[];
  skipped: { rowId: string; line: number; name: string }[];
  failed: ImportRowError[];
  counts: { created: number; merged: number; skipped: number; failed: number; clientsCreated: number; contactsCreated: number };
  /** The report as CSV text, for the user to save. */
  csv: string;
}

export interface JsonImportReport {
  /** Rows written per table. */
  counts: Record<string, number>;
}

export const EXPORT_FORMATS = ['json', 'csv', 'vcard'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface PlainExport {
  format: ExportFormat;
  /** Suggested file name -> file contents (one file for JSON and vCard, one per kind of record for CSV). Not encrypted. */
  files: Record<string, string>;
}

export interface CalendarExport {
  fileName: string;
  /** The iCalendar (.ics) text. */
  text: string;
  events: number;
}
