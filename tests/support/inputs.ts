/**
 * One valid input for every API method, split into required and optional fields. Typed by the
 * contract, so a new method does not compile here until it has an entry (and so is covered by
 * the locked-vault and malformed-input tests).
 */
import type { MethodInput, MethodName } from '../../src/shared/contract';
import { NEW_PASSPHRASE, PASSPHRASE } from './vault';

export const SOME_ID = '6f1c1c1e-9f2a-4b53-8d8e-6c1a6c2f0a11';
export const OTHER_ID = '0b7d3c4e-1a2b-4c3d-9e8f-7a6b5c4d3e2f';

/** A 1x1 PNG, base64. */
const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** A letter request: template and client, with every option. */
const LETTER = {
  required: { templateId: 'builtin:thank-you-delivery', clientId: SOME_ID },
  optional: {
    contactId: OTHER_ID,
    engagementId: OTHER_ID,
    personalLine: 'It was a joy.',
    subject: 'Thanks',
    body: 'Dear {{contact.firstName}},',
    values: [{ field: 'contact.firstName' as const, value: 'Megan' }],
    recipient: ['Megan Hart', 'Acme'],
  },
};

export interface InputSpec<M extends MethodName> {
  required: Partial<MethodInput<M>>;
  optional: Partial<MethodInput<M>>;
  /** Fields for which null is a valid value. */
  nullable?: string[];
  /** Does a valid call read or write vault data (and so need the vault unlocked)? */
  data: boolean;
}

export const INPUTS: { [M in MethodName]: InputSpec<M> } = {
  'app.status': { required: {}, optional: {}, data: false },
  'vault.create': { required: { passphrase: PASSPHRASE }, optional: {}, data: false },
  'vault.unlock': { required: { passphrase: PASSPHRASE }, optional: {}, data: false },
  'vault.unlockWithRecoveryKey': {
    required: { recoveryKey: 'AAAAA-AAAAA', newPassphrase: NEW_PASSPHRASE },
    optional: {},
    data: false,
  },
  'vault.lock': { required: {}, optional: {}, data: false },
  'vault.changePassphrase': {
    required: { currentPassphrase: PASSPHRASE, newPassphrase: NEW_PASSPHRASE },
    optional: {},
    data: true,
  },
  'vault.newRecoveryKey': { required: { passphrase: PASSPHRASE }, optional: {}, data: true },
  'vault.rekey': { required: { passphrase: PASSPHRASE }, optional: {}, data: true },
  'vault.confirmRecoveryKey': { required: {}, optional: {}, data: true },
  'vault.open': { required: { choiceId: OTHER_ID }, optional: {}, data: false },
  'files.choose': { required: { purpose: 'backup-folder' }, optional: {}, data: false },
  'vault.legacyCopy': { required: {}, optional: {}, data: true },
  'vault.removeLegacyCopy': { required: {}, optional: {}, data: true },
  'session.activity': { required: {}, optional: {}, data: false },
  'clipboard.copy': { required: { text: 'ada@example.com' }, optional: {}, data: true },
  'settings.get': { required: {}, optional: {}, data: true },
  'settings.update': {
    required: {},
    optional: { autoLockMinutes: 5, userName: 'Sam', backupFolderChoice: null, backupEveryHours: 24, keepBackups: 7 },
    nullable: ['backupFolderChoice'],
    data: true,
  },
  'sync.status': { required: {}, optional: {}, data: true },
  'sync.enable': { required: { choiceId: OTHER_ID, passphrase: PASSPHRASE }, optional: { recoveryKey: 'AAAAA-AAAAA' }, data: true },
  'sync.join': { required: { choiceId: OTHER_ID, passphrase: PASSPHRASE }, optional: {}, data: false },
  'sync.now': { required: {}, optional: {}, data: true },
  'sync.pause': { required: { paused: true }, optional: {}, data: true },
  'sync.conflicts': { required: {}, optional: {}, data: true },
  'sync.resolve': { required: { id: SOME_ID, keep: 'kept' }, optional: {}, data: true },
  'backup.status': { required: {}, optional: {}, data: true },
  'backup.create': { required: {}, optional: {}, data: true },
  'backup.inspect': { required: { choiceId: OTHER_ID, passphrase: PASSPHRASE }, optional: {}, data: false },
  'backup.restore': { required: { choiceId: OTHER_ID, passphrase: PASSPHRASE }, optional: {}, data: false },
  'clients.list': { required: {}, optional: {}, data: true },
  'clients.get': { required: { id: SOME_ID }, optional: {}, data: true },
  'clients.create': {
    required: { kind: 'organisation', name: 'Acme' },
    optional: {
      stage: 'active',
      industry: 'Retail',
      owner: 'Sam',
      tags: ['key'],
      revenueShare: 10,
      notes: 'Notes',
      news: 'News',
      cadenceDays: 30,
    },
    nullable: ['revenueShare', 'cadenceDays'],
    data: true,
  },
  'clients.update': {
    required: { id: SOME_ID, version: 1 },
    optional: {
      kind: 'person',
      name: 'Jane',
      stage: 'alumni',
      industry: 'Retail',
      owner: 'Sam',
      tags: ['key'],
      revenueShare: 10,
      notes: 'Notes',
      news: 'News',
      cadenceDays: 30,
    },
    nullable: ['revenueShare', 'cadenceDays'],
    data: true,
  },
  'clients.delete': { required: { id: SOME_ID }, optional: {}, data: true },
  'clients.dossier': { required: { id: SOME_ID }, optional: {}, data: true },
  'clients.goingCold': { required: {}, optional: {}, data: true },
  'clients.handOver': {
    required: { clientId: SOME_ID, to: 'Kim', reason: 'Moving teams', notes: 'Call on Mondays' },
    optional: { clientReaction: 'Fine' },
    data: true,
  },
  'contacts.list': { required: { clientId: SOME_ID }, optional: {}, data: true },
  'contacts.get': { required: { id: SOME_ID }, optional: {}, data: true },
  'contacts.create': {
    required: { clientId: SOME_ID, name: 'Ada' },
    optional: { role: 'CFO', email: 'ada@example.com', phone: '+44 1', preferredChannel: 'email', preferredTime: 'Mornings' },
    data: true,
  },
  'contacts.update': {
    required: { id: SOME_ID, version: 1 },
    optional: { name: 'Ada', role: 'CFO', email: 'ada@example.com', phone: '+44 1', preferredChannel: 'phone', preferredTime: 'Noon' },
    data: true,
  },
  'contacts.delete': { required: { id: SOME_ID }, optional: {}, data: true },
  'facts.add': {
    required: { clientId: SOME_ID, type: 'hobbies', text: 'Sails' },
    optional: { contactId: OTHER_ID, sensitivity: 'private', alert: true },
    nullable: ['contactId'],
    data: true,
  },
  'facts.update': {
    required: { id: SOME_ID, version: 1 },
    optional: { contactId: OTHER_ID, type: 'diet', text: 'Vegetarian', sensitivity: 'normal', alert: false },
    nullable: ['contactId'],
    data: true,
  },
  'facts.delete': { required: { id: SOME_ID }, optional: {}, data: true },
  'dates.add': {
    required: { clientId: SOME_ID, label: 'Birthday', date: '2026-03-14', recurrence: 'yearly' },
    optional: { contactId: OTHER_ID },
    nullable: ['contactId'],
    data: true,
  },
  'dates.update': {
    required: { id: SOME_ID, version: 1 },
    optional: { contactId: OTHER_ID, label: 'Birthday', date: '1980-03-10', recurrence: 'once' },
    nullable: ['contactId'],
    data: true,
  },
  'dates.delete': { required: { id: SOME_ID }, optional: {}, data: true },
  'warmth.record': { required: { clientId: SOME_ID, value: 4, reason: 'Good meeting' }, optional: { at: '2026-10-01T10:00:00Z' }, data: true },
  'warmth.update': { required: { id: SOME_ID }, optional: { value: 2, reason: 'Cooler', at: '2026-10-01T10:00:00Z' }, data: true },
  'followUps.create': {
    required: { clientId: SOME_ID, reason: 'Send proposal', dueOn: '2026-12-01' },
    optional: { repeatDays: 7 },
    nullable: ['repeatDays'],
    data: true,
  },
  'followUps.list': { required: {}, optional: { clientId: SOME_ID, status: 'open', dueAfter: '2026-11-30', limit: 20, cursor: 'WyIyMDI2LTEyLTAxIiwiQSIsIngiXQ' }, data: true },
  'followUps.today': { required: {}, optional: {}, data: true },
  'followUps.complete': { required: { id: SOME_ID, version: 1 }, optional: {}, data: true },
  'followUps.drop': { required: { id: SOME_ID, version: 1 }, optional: {}, data: true },
  'followUps.snooze': { required: { id: SOME_ID, version: 1, until: '2026-12-08' }, optional: {}, data: true },
  'timeline.list': { required: { clientId: SOME_ID }, optional: {}, data: true },
  'timeline.query': {
    required: {},
    optional: {
      clientId: SOME_ID,
      kinds: ['call'],
      contactId: OTHER_ID,
      from: '2026-01-01T00:00:00Z',
      to: '2026-12-31T23:59:59+01:00',
      limit: 20,
      cursor: 'WyIyMDI2LTEyLTAxVDAwOjAwOjAwLjAwMFoiLCJ4Il0',
    },
    data: true,
  },
  'timeline.add': {
    required: { clientId: SOME_ID, kind: 'call', occurredAt: '2026-10-01T10:00:00Z', summary: 'Call' },
    optional: { body: 'Body', contactIds: [OTHER_ID], followUp: { reason: 'Call back', dueOn: '2026-10-08' } },
    data: true,
  },
  'timeline.update': {
    required: { id: SOME_ID, version: 1 },
    optional: { kind: 'email', occurredAt: '2026-10-01T10:00:00Z', summary: 'Mail', body: 'Body', contactIds: [OTHER_ID] },
    data: true,
  },
  'timeline.delete': { required: { id: SOME_ID }, optional: {}, data: true },
  'timeline.markSent': { required: { id: SOME_ID, version: 1 }, optional: { sentAt: '2026-10-01T10:00:00Z' }, data: true },
  'clients.setStage': {
    required: { clientId: SOME_ID, stage: 'onboarding', startChecklist: true },
    optional: { note: 'Signed' },
    data: true,
  },
  'engagements.create': {
    required: { clientId: SOME_ID, name: 'Audit', startOn: '2026-11-01' },
    optional: {
      plannedEndOn: '2027-01-31',
      value: 12000,
      status: 'active',
      items: [{ kind: 'promise', text: 'Weekly report', responsible: 'Sam', dueOn: '2026-11-08', toldHow: 'Email', toldOn: '2026-11-01' }],
    },
    nullable: ['plannedEndOn', 'value'],
    data: true,
  },
  'engagements.update': {
    required: { id: SOME_ID, version: 1 },
    optional: { name: 'Audit', startOn: '2026-11-01', plannedEndOn: '2027-01-31', value: 1, status: 'paused' },
    nullable: ['plannedEndOn', 'value'],
    data: true,
  },
  'expectations.add': {
    required: { engagementId: SOME_ID, kind: 'gap', text: 'No budget owner' },
    optional: { responsible: 'Sam', dueOn: '2026-11-08', toldHow: 'Call', toldOn: '2026-11-02' },
    nullable: ['dueOn', 'toldOn'],
    data: true,
  },
  'expectations.update': {
    required: { id: SOME_ID, version: 1 },
    optional: { text: 'Changed', responsible: 'Kim', dueOn: '2026-11-09', toldHow: 'Mail', toldOn: '2026-11-03' },
    nullable: ['dueOn', 'toldOn'],
    data: true,
  },
  'expectations.delete': { required: { id: SOME_ID }, optional: {}, data: true },
  'expectations.setState': {
    required: { id: SOME_ID, version: 1, state: 'renegotiated', note: 'Moved a week' },
    optional: { evidenceEntryId: OTHER_ID, newTerms: 'Fortnightly', newDueOn: '2026-11-15', clientAgreed: true },
    data: true,
  },
  'promises.forClient': { required: { clientId: SOME_ID }, optional: {}, data: true },
  'promises.attention': { required: {}, optional: {}, data: true },
  'checklists.templates': { required: {}, optional: {}, data: true },
  'checklists.updateTemplate': {
    required: { stage: 'onboarding', items: ['Kick-off call'] },
    optional: {},
    nullable: ['items'],
    data: true,
  },
  'checklists.forClient': { required: { clientId: SOME_ID }, optional: {}, data: true },
  'checklists.toggle': { required: { id: SOME_ID, version: 1, index: 0, done: true }, optional: {}, data: true },
  'reviews.start': { required: { quarter: '2026-Q4' }, optional: { stages: ['active'], clientIds: [SOME_ID] }, data: true },
  'reviews.list': { required: {}, optional: {}, data: true },
  'reviews.get': { required: { id: SOME_ID }, optional: {}, data: true },
  'reviews.record': {
    required: { id: SOME_ID, clientId: OTHER_ID, decision: 'maintain', reason: 'Steady' },
    optional: { version: 1, warmth: 3, notes: 'Notes', actions: [{ reason: 'Call', dueOn: '2026-12-01' }], startOffboarding: false },
    nullable: ['warmth'],
    data: true,
  },
  'reviews.finish': { required: { id: SOME_ID, version: 1 }, optional: {}, data: true },
  'reviews.annotate': { required: { id: SOME_ID, text: 'Later note' }, optional: {}, data: true },
  'reviews.discard': { required: { id: SOME_ID }, optional: {}, data: true },
  'reviews.trends': { required: {}, optional: {}, data: true },
  'undo.apply': { required: { token: SOME_ID }, optional: {}, data: true },
  'search.query': { required: { q: 'acme' }, optional: {}, data: true },
  'letters.templates': { required: {}, optional: {}, data: true },
  'letters.checkTemplate': { required: { subject: 'Hello', body: 'Dear {{contact.firstName}},' }, optional: {}, data: false },
  'letters.createTemplate': {
    required: { kind: 'welcome', name: 'My welcome', subject: 'Welcome', body: 'Dear {{contact.firstName}},' },
    optional: { basedOn: 'builtin:welcome' },
    data: true,
  },
  'letters.updateTemplate': {
    required: { id: SOME_ID, version: 1 },
    optional: { kind: 'check-in', name: 'Mine', subject: 'Hi', body: 'Hello {{client.name}}' },
    data: true,
  },
  'letters.copyTemplate': { required: { id: 'builtin:check-in' }, optional: { name: 'My check-in' }, data: true },
  'letters.deleteTemplate': { required: { id: SOME_ID }, optional: {}, data: true },
  'letters.letterhead': { required: {}, optional: {}, data: true },
  'letters.updateLetterhead': {
    required: {},
    optional: {
      senderName: 'Sam',
      senderTitle: 'Director',
      firm: 'Sam & Co',
      addressLines: ['1 High Street'],
      email: 'sam@example.com',
      phone: '+44 1',
      logo: TINY_PNG,
      signature: TINY_PNG,
      paper: 'letter',
      font: 'eb-garamond',
    },
    nullable: ['logo', 'signature'],
    data: true,
  },
  'letters.preview': { required: LETTER.required, optional: LETTER.optional, data: true },
  'letters.plainText': { required: LETTER.required, optional: LETTER.optional, data: true },
  'letters.emailDraft': { required: LETTER.required, optional: LETTER.optional, data: true },
  'letters.export': {
    required: { ...LETTER.required, format: 'pdf', choiceId: OTHER_ID },
    optional: { ...LETTER.optional, allowMissing: true },
    data: true,
  },
  'letters.batchPreview': {
    required: { templateId: 'builtin:welcome', clientIds: [SOME_ID] },
    optional: { subject: 'Hi', body: 'Hello', personalLine: 'Hope all is well', values: [{ field: 'personalLine', value: 'x' }] },
    data: true,
  },
  'letters.batch': {
    required: { templateId: 'builtin:welcome', clientIds: [SOME_ID], folderChoice: OTHER_ID, format: 'docx' },
    optional: { subject: 'Hi', body: 'Hello', personalLine: 'Hope all is well', values: [{ field: 'personalLine', value: 'x' }], batchId: OTHER_ID, allowMissing: true },
    data: true,
  },
  'letters.cancelBatch': { required: { batchId: SOME_ID }, optional: {}, data: false },
  'import.preview': {
    required: { format: 'csv', text: 'Name,E-mail\r\nAda Lovelace,ada@example.com\r\n' },
    optional: { mapping: { name: 'Name', email: 'E-mail' } },
    data: true,
  },
  // decisions ({ rowId: action }, where {} is valid) is covered by the specific cases of malformedInput.test.ts.
  'import.commit': { required: { previewId: SOME_ID }, optional: {}, data: true },
  'import.json': { required: { text: '{"format":"rapport-export","version":1,"exportedAt":"2026-11-23T09:00:00.000Z","tables":{}}' }, optional: {}, data: true },
  'export.plain': { required: { passphrase: PASSPHRASE, confirmUnencrypted: true, format: 'json' }, optional: {}, data: true },
  'export.calendar': { required: { includeSensitiveText: false }, optional: {}, data: true },
};

/** The input spec of a method; a method of the contract without one fails loudly. */
export function specOf(method: MethodName): InputSpec<MethodName> {
  const spec = (INPUTS as Partial<Record<MethodName, InputSpec<MethodName>>>)[method];
  if (!spec) throw new Error(`${method} has no entry in tests/support/inputs.ts: add one, so it is tested`);
  return spec;
}

/** The full valid input of a method (required and optional fields). */
export function validInput(method: MethodName): Record<string, unknown> {
  const spec = specOf(method);
  return { ...spec.required, ...spec.optional };
}
