/**
 * Letters: the template kinds, the merge fields a template may use (with labels for the picker),
 * the fonts shipped in resources/fonts, and the plain objects the letter API answers with.
 */

/** The kinds of letter; built-in templates exist for each. */
export const LETTER_KINDS = [
  'welcome',
  'check-in',
  'thank-you-delivery',
  'thank-you-referral',
  'offboarding',
  'handover',
  'occasion',
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

export const LETTER_KIND_LABELS: Record<LetterKind, string> = {
  welcome: 'Welcome (onboarding)',
  'check-in': 'Check-in',
  'thank-you-delivery': 'Thank-you after a delivery',
  'thank-you-referral': 'Thank-you for a referral',
  offboarding: 'Offboarding goodbye',
  handover: 'Handover introduction',
  occasion: 'Holiday or anniversary note',
};

/**
 * Every exported letter goes on the timeline as 'letter', a record of our own: exporting is not
 * sending. The user marks it sent ('letter-sent', an interaction). See shared/interactions.ts.
 */
export function timelineKindOf(_kind: LetterKind): 'letter' | 'gift' {
  return 'letter';
}

/** Ids of the built-in templates (constants, never stored): `builtin:<kind>`. */
export const BUILTIN_TEMPLATE_IDS = LETTER_KINDS.map((k) => `builtin:${k}` as const);
export type BuiltinTemplateId = (typeof BUILTIN_TEMPLATE_IDS)[number];

export interface LetterFieldInfo {
  /** What goes between the braces: `{{client.name}}`. */
  key: string;
  label: string;
  description: string;
  /** A list (promises kept): on a line of its own after "- " it becomes one bullet per item. */
  list: boolean;
}

/** Every merge field there is. A template may use these and nothing else. */
export const LETTER_FIELDS = [
  { key: 'client.name', label: 'Client name', description: 'The organisation or person the letter is for.', list: false },
  { key: 'contact.name', label: 'Contact’s full name', description: 'The person the letter is addressed to.', list: false },
  { key: 'contact.firstName', label: 'Contact’s first name', description: 'The first word of the contact’s name.', list: false },
  {
    key: 'contact.salutation',
    label: 'Salutation',
    description: 'The greeting: “Dear Megan”, or “Dear Acme team” when the letter goes to an organisation without a contact.',
    list: false,
  },
  { key: 'contact.role', label: 'Contact’s role', description: 'Their job title, as recorded on the contact.', list: false },
  { key: 'owner.name', label: 'Account owner', description: 'Who in your firm looks after this client now.', list: false },
  {
    key: 'owner.previous',
    label: 'Previous account owner',
    description: 'Who looked after the client before the latest handover.',
    list: false,
  },
  {
    key: 'engagement.name',
    label: 'Engagement',
    description: 'The engagement chosen for this letter, or the client’s most recent one.',
    list: false,
  },
  {
    key: 'engagement.promisesKept',
    label: 'Promises kept',
    description: 'The promises marked kept in that engagement. Put it after “- ” on a line of its own for a bulleted list.',
    list: true,
  },
  { key: 'today', label: 'Today’s date', description: 'The date the letter is written, spelled out.', list: false },
  { key: 'sender.name', label: 'Your name', description: 'The sender’s name from the letterhead (or your name in Settings).', list: false },
  { key: 'sender.firm', label: 'Your firm', description: 'The firm’s name from the letterhead.', list: false },
  {
    key: 'personalLine',
    label: 'Personal line',
    description: 'A sentence you write for each letter. On a line of its own, it is left out when you leave it empty.',
    list: false,
  },
] as const satisfies readonly LetterFieldInfo[];

export type LetterFieldKey = (typeof LETTER_FIELDS)[number]['key'];
export const LETTER_FIELD_KEYS = LETTER_FIELDS.map((f) => f.key) as [LetterFieldKey, ...LetterFieldKey[]];

const FIELD_LOOKUP: ReadonlyMap<string, LetterFieldInfo> = new Map(LETTER_FIELDS.map((f) => [f.key, f]));

/** The field with exactly this key, or undefined. A Map lookup: no property paths, no prototype. */
export function letterField(key: string): LetterFieldInfo | undefined {
  return FIELD_LOOKUP.get(key);
}

/** Fonts shipped in resources/fonts (SIL Open Font License), the same on every machine. */
export const LETTER_FONTS = [
  { id: 'source-serif', label: 'Source Serif', family: 'Source Serif 4' },
  { id: 'source-sans', label: 'Source Sans', family: 'Source Sans 3' },
  { id: 'eb-garamond', label: 'EB Garamond', family: 'EB Garamond' },
] as const;
export type LetterFontId = (typeof LETTER_FONTS)[number]['id'];
export const LETTER_FONT_IDS = LETTER_FONTS.map((f) => f.id) as [LetterFontId, ...LetterFontId[]];

export const PAPER_SIZES = ['a4', 'letter'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

/** Largest logo or signature image, decoded. */
export const MAX_IMAGE_BYTES = 1024 * 1024;

export interface LetterImage {
  mime: 'image/png' | 'image/jpeg';
  /** Base64 of the file. */
  data: string;
  /** Pixels, read from the file's header. */
  width: number;
  height: number;
}

/**
 * Who signs a letter: the letterhead's sender, or else the user's name from Settings. Empty when
 * neither is set, and the letter would then end with no name (the screens warn).
 */
export function senderNameOf(letterhead: Pick<Letterhead, 'senderName'>, settings: { userName: string }): string {
  return letterhead.senderName || settings.userName;
}

export interface Letterhead {
  senderName: string;
  /** Job title under the signature ("Account Director"). */
  senderTitle: string;
  firm: string;
  addressLines: string[];
  /** Shown in the letterhead and used as From in email drafts. */
  email: string;
  phone: string;
  logo: LetterImage | null;
  signature: LetterImage | null;
  paper: PaperSize;
  font: LetterFontId;
  /** 0 while never saved. */
  version: number;
}

export interface LetterTemplate {
  /** `builtin:<kind>` for a built-in template, otherwise a UUID. */
  id: string;
  kind: LetterKind;
  name: string;
  subject: string;
  /** Paragraphs separated by blank lines, **bold**, *italic*, "- " bullets, {{fields}}. */
  body: string;
  builtIn: boolean;
  /** The template it was copied from, if any. */
  basedOn: string | null;
  /** Fields the template uses, in order of first use. */
  fields: LetterFieldKey[];
  /** 0 for a built-in template. */
  version: number;
  updatedAt: string | null;
}

/** A problem in a template's text, with where it is (1-based line and column). */
export interface TemplateProblem {
  part: 'subject' | 'body';
  line: number;
  column: number;
  message: string;
  /** The unknown field's text, when the problem is an unknown field. */
  field?: string;
}

/** A stretch of text with one style. `field` names the merge field it came from. */
export interface LetterRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  field?: LetterFieldKey;
  /** The field had no value: the UI highlights it. */
  missing?: boolean;
}

export type LetterBlock =
  | { type: 'paragraph'; lines: LetterRun[][]; omitted?: boolean }
  | { type: 'list'; items: LetterRun[][]; omitted?: boolean };

export interface MissingField {
  field: LetterFieldKey;
  label: string;
  /**
   * 'blank': the letter would have a gap where the value goes (export refuses unless allowMissing);
   * 'omitted': the field stands alone on its line, and that line is left out.
   */
  effect: 'blank' | 'omitted';
}

export interface LetterPreview {
  templateId: string;
  kind: LetterKind;
  subject: string;
  subjectRuns: LetterRun[];
  /** Blocks marked omitted are shown greyed in the preview and left out of exports. */
  blocks: LetterBlock[];
  missing: MissingField[];
  /** The date line, spelled out (A4: 23 November 2026; Letter: November 23, 2026). */
  date: string;
  /** The address block: contact, role, client. */
  recipient: string[];
  /** Under the signature. */
  signOff: { name: string; title: string; firm: string };
  /** No sender name in the letterhead or Settings: the letter would end with no name. */
  unsigned: boolean;
  client: { id: string; name: string };
  contact: { id: string; name: string; email: string } | null;
  engagement: { id: string; name: string } | null;
  paper: PaperSize;
  font: LetterFontId;
  /** How the letter goes on the timeline when exported. */
  timelineKind: 'letter' | 'gift';
}

export interface LetterExportResult {
  path: string;
  bytes: number;
  entryId: string;
  missing: MissingField[];
}

export interface EmailDraft {
  /** The whole RFC 5322 message, CRLF line endings, to save as a .eml file. */
  eml: string;
  fileName: string;
  to: string | null;
  subject: string;
}

export interface BatchPreviewRow {
  clientId: string;
  clientName: string;
  contactName: string | null;
  missing: MissingField[];
  /** Would this letter export without allowMissing? */
  ready: boolean;
  /** Why it cannot be written at all (client gone), or null. */
  error: string | null;
}

export interface BatchResultRow {
  clientId: string;
  clientName: string;
  status: 'written' | 'failed' | 'cancelled';
  path: string | null;
  entryId: string | null;
  error: string | null;
}

export interface BatchResult {
  batchId: string;
  cancelled: boolean;
  written: number;
  failed: number;
  results: BatchResultRow[];
}

/** The progress event task name of a batch. */
export function batchTask(batchId: string): string {
  return `letters.batch:${batchId}`;
}
