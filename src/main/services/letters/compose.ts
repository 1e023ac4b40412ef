/**
 * Composing a letter: the dossier values for each merge field, filled into a parsed template.
 * Values are inserted as text and never parsed again, so a client called "{{sender.name}}" or
 * "**Acme**" appears exactly so. Nothing here evaluates anything.
 */
import { format } from 'date-fns';
import { RapportError } from '../../../shared/errors';
import type { Inline, MarkupBlock, ParsedTemplate } from '../../../shared/letterMarkup';
import {
  type LetterBlock,
  type LetterFieldKey,
  type LetterPreview,
  type LetterRun,
  type LetterTemplate,
  type Letterhead,
  type MissingField,
  type PaperSize,
  letterField,
  senderNameOf,
  timelineKindOf,
} from '../../../shared/letters';
import { SUFFIXES, TITLES, fittingParts, sortName } from '../../../shared/names';
import type { NameParts, Settings } from '../../../shared/types';
import type { ServiceDeps } from '../deps';
import type { ClientRecord } from '../clients';
import type { ContactRecord } from '../contacts';
import type { EngagementRecord, ItemRecord } from '../engagements';
import type { HandoverRecord } from '../handovers';

/** What one letter asks for (the shared part of preview, export, plain text, email). */
export interface LetterRequest {
  templateId: string;
  clientId: string;
  contactId?: string;
  engagementId?: string;
  personalLine?: string;
  /** This letter's own subject and body, in place of the template's (the template is unchanged). */
  subject?: string;
  body?: string;
  /** Values typed in for this letter, in place of the dossier's (a list field: one item a line). */
  values?: { field: LetterFieldKey; value: string }[];
  /** The address block, in place of contact, role and client. */
  recipient?: string[];
}

export interface LetterContext {
  client: { id: string; data: ClientRecord };
  contact: { id: string; data: ContactRecord } | null;
  engagement: { id: string; name: string; promisesKept: string[] } | null;
  previousOwner: string;
}

/** The order of the client's contact list (see listContacts): the first is the letter's default contact. */
const byName = (a: { data: { name: string; nameParts?: NameParts | null } }, b: { data: { name: string; nameParts?: NameParts | null } }) =>
  sortName(a.data.name, a.data.nameParts).localeCompare(sortName(b.data.name, b.data.nameParts), undefined, { sensitivity: 'base' });

/**
 * Reads what a letter to one client needs. The contact: the one asked for (it must belong to the
 * client), else the first by name. The engagement: the one asked for, else the latest started.
 */
export async function loadContext(
  deps: ServiceDeps,
  req: Pick<LetterRequest, 'clientId' | 'contactId' | 'engagementId'>,
): Promise<LetterContext> {
  const { vault } = deps;
  const client = await vault.get<ClientRecord>('clients', req.clientId);
  if (!client) throw new RapportError('NOT_FOUND', 'That client does not exist (it may have been deleted).');
  const where = { column: 'client_id' as const, value: req.clientId };
  const [contacts, engagements, handovers] = await Promise.all([
    vault.all<ContactRecord>('contacts', where),
    vault.all<EngagementRecord>('engagements', where),
    vault.all<HandoverRecord>('handovers', where),
  ]);

  let contact = null;
  if (req.contactId) {
    contact = contacts.find((c) => c.id === req.contactId) ?? null;
    if (!contact) throw new RapportError('NOT_FOUND', 'That contact does not belong to this client.');
  } else {
    contact = [...contacts].sort(byName)[0] ?? null;
  }

  let engagement: LetterContext['engagement'] = null;
  const chosen = req.engagementId
    ? engagements.find((e) => e.id === req.engagementId)
    : [...engagements].sort((a, b) => b.data.startOn.localeCompare(a.data.startOn))[0];
  if (req.engagementId && !chosen) throw new RapportError('NOT_FOUND', 'That engagement does not belong to this client.');
  if (chosen) {
    const items = await vault.all<ItemRecord>('expectation_items', where);
    const kept = items
      .map((i) => i.data)
      .filter((i) => i.engagementId === chosen.id && i.kind === 'promise' && i.state === 'kept')
      .sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || a.createdAt.localeCompare(b.createdAt))
      .map((i) => i.text);
    engagement = { id: chosen.id, name: chosen.data.name, promisesKept: kept };
  }

  const latestHandover = [...handovers].sort((a, b) => b.data.at.localeCompare(a.data.at))[0];
  return {
    client: { id: client.id, data: client.data },
    contact: contact ? { id: contact.id, data: contact.data } : null,
    engagement,
    previousOwner: latestHandover?.data.from ?? '',
  };
}

/**
 * First name and greeting. With the name in parts (kept from an import) and still fitting the
 * name: "Dear Mr. Angstadt" when there is a prefix, else "Dear Michael". Otherwise from the full
 * name: "Dr Amara Okafor" gives "Amara" and "Dear Dr Okafor"; suffixes ("Jr.", "PhD") are not
 * taken for the family name.
 */
export function namesOf(fullName: string, parts?: NameParts | null): { firstName: string; salutation: string } {
  const p = fittingParts(fullName, parts);
  if (p) {
    const given = (p.given ?? '').trim();
    const family = (p.family ?? '').trim();
    const prefix = (p.prefix ?? '').trim();
    if (prefix && family) return { firstName: given, salutation: `Dear ${prefix} ${family}` };
    if (given) return { firstName: given, salutation: `Dear ${given}` };
  }
  const all = fullName.trim().split(/\s+/).filter(Boolean);
  const words = all.length > 1 ? all.filter((w, i) => i === 0 || !SUFFIXES.has(w.replace(/[.,]+$/, '').toLowerCase())) : all;
  if (words.length === 0) return { firstName: '', salutation: '' };
  const title = TITLES.has(words[0].replace(/\.$/, '').toLowerCase());
  if (title && words.length >= 2) {
    return { firstName: words.length >= 3 ? words[1] : '', salutation: `Dear ${words[0]} ${words[words.length - 1].replace(/,$/, '')}` };
  }
  return { firstName: words[0], salutation: `Dear ${words[0]}` };
}

export function letterDate(now: Date, paper: PaperSize): string {
  return format(now, paper === 'letter' ? 'MMMM d, yyyy' : 'd MMMM yyyy');
}

type Value = string | string[];

/** The value of every field for this letter ('' or [] when the dossier has none). */
export function fieldValues(
  ctx: LetterContext,
  req: LetterRequest,
  letterhead: Letterhead,
  settings: Pick<Settings, 'userName' | 'userTitle'>,
  now: Date,
): Map<LetterFieldKey, Value> {
  const client = ctx.client.data;
  const person = ctx.contact?.data.name ?? (client.kind === 'person' ? client.name : '');
  const parts = ctx.contact ? ctx.contact.data.nameParts : client.kind === 'person' ? (client as ClientRecord & { nameParts?: NameParts | null }).nameParts : null;
  const names = namesOf(person, parts);
  const salutation = names.salutation || (client.kind === 'organisation' ? `Dear ${client.name} team` : '');
  const values = new Map<LetterFieldKey, Value>([
    ['client.name', client.name],
    ['contact.name', person],
    ['contact.firstName', names.firstName],
    ['contact.salutation', salutation],
    ['contact.role', ctx.contact?.data.role ?? ''],
    ['owner.name', client.owner],
    ['owner.previous', ctx.previousOwner],
    ['engagement.name', ctx.engagement?.name ?? ''],
    ['engagement.promisesKept', ctx.engagement?.promisesKept ?? []],
    ['today', letterDate(now, letterhead.paper)],
    ['sender.name', senderNameOf(letterhead, settings)],
    ['sender.firm', letterhead.firm],
    ['personalLine', req.personalLine?.trim() ?? ''],
  ]);
  for (const { field, value } of req.values ?? []) {
    const info = letterField(field);
    if (!info) continue;
    values.set(field, info.list ? value.split(/\r?\n/).map((l) => l.replace(/^\s*-\s+/, '').trim()).filter(Boolean) : value.trim());
  }
  return values;
}

const isEmpty = (v: Value | undefined) => (Array.isArray(v) ? v.length === 0 : !v);

/** "a, b and c" */
function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

class Filler {
  private readonly missing = new Map<LetterFieldKey, MissingField['effect']>();
  constructor(private readonly values: Map<LetterFieldKey, Value>) {}

  note(field: LetterFieldKey, effect: MissingField['effect']): void {
    if (this.missing.get(field) !== 'blank') this.missing.set(field, effect);
  }

  missingFields(): MissingField[] {
    return [...this.missing].map(([field, effect]) => ({ field, label: letterField(field)!.label, effect }));
  }

  /** A line of inlines consisting of one field alone (blank text around it allowed). */
  loneField(line: Inline[]): Extract<Inline, { type: 'field' }> | null {
    const fields = line.filter((i) => i.type === 'field');
    const textOnly = line.every((i) => i.type === 'field' || i.text.trim() === '');
    return fields.length === 1 && textOnly ? (fields[0] as Extract<Inline, { type: 'field' }>) : null;
  }

  value(field: LetterFieldKey): Value | undefined {
    return this.values.get(field);
  }

  runs(line: Inline[]): LetterRun[] {
    const out: LetterRun[] = [];
    for (const i of line) {
      const style = { ...(i.bold ? { bold: true } : {}), ...(i.italic ? { italic: true } : {}) };
      if (i.type === 'text') {
        out.push({ text: i.text, ...style });
        continue;
      }
      const v = this.values.get(i.field);
      if (isEmpty(v)) {
        this.note(i.field, 'blank');
        out.push({ text: '', field: i.field, missing: true, ...style });
      } else {
        out.push({ text: Array.isArray(v) ? joinList(v) : v!, field: i.field, ...style });
      }
    }
    return out;
  }

  listItems(line: Inline[]): LetterRun[][] | 'omitted' {
    const lone = this.loneField(line);
    if (lone) {
      const v = this.values.get(lone.field);
      const style = { ...(lone.bold ? { bold: true } : {}), ...(lone.italic ? { italic: true } : {}) };
      if (isEmpty(v)) {
        this.note(lone.field, 'omitted');
        return 'omitted';
      }
      if (Array.isArray(v)) return v.map((text) => [{ text, field: lone.field, ...style }]);
    }
    return [this.runs(line)];
  }

  block(b: MarkupBlock): LetterBlock {
    if (b.type === 'list') {
      const items: LetterRun[][] = [];
      const omittedItems: LetterRun[][] = [];
      for (const line of b.items) {
        const r = this.listItems(line);
        if (r === 'omitted') omittedItems.push(this.placeholder(line));
        else items.push(...r);
      }
      return items.length > 0 ? { type: 'list', items } : { type: 'list', items: omittedItems, omitted: true };
    }
    if (b.lines.length === 1) {
      const lone = this.loneField(b.lines[0]);
      if (lone) {
        const v = this.values.get(lone.field);
        if (isEmpty(v)) {
          this.note(lone.field, 'omitted');
          return { type: 'paragraph', lines: [this.placeholder(b.lines[0])], omitted: true };
        }
        if (Array.isArray(v)) return { type: 'list', items: this.listItems(b.lines[0]) as LetterRun[][] };
      }
    }
    return { type: 'paragraph', lines: b.lines.map((l) => this.runs(l)) };
  }

  /** How an omitted line shows in the preview: the field, marked missing. */
  private placeholder(line: Inline[]): LetterRun[] {
    const lone = this.loneField(line)!;
    return [{ text: '', field: lone.field, missing: true }];
  }
}

export interface ComposeInput {
  template: LetterTemplate;
  parsed: ParsedTemplate;
  ctx: LetterContext;
  req: LetterRequest;
  letterhead: Letterhead;
  settings: Pick<Settings, 'userName' | 'userTitle'>;
  now: Date;
}

/**
 * Who signs: the letterhead's sender with their title, or else the user's name and title from
 * Settings (a letterhead title without a letterhead name still counts).
 */
function signOffOf(name: string | undefined, letterhead: Letterhead, settings: Pick<Settings, 'userTitle'>): LetterPreview['signOff'] {
  const title = letterhead.senderName ? letterhead.senderTitle : letterhead.senderTitle || settings.userTitle;
  return { name: name ?? '', title: name ? title : '', firm: letterhead.firm };
}

/** Fills a parsed template for one client: the letter as structured text, and what has no value. */
export function compose({ template, parsed, ctx, req, letterhead, settings, now }: ComposeInput): LetterPreview {
  const values = fieldValues(ctx, req, letterhead, settings, now);
  const filler = new Filler(values);
  const subjectRuns = filler.runs(parsed.subject);
  const blocks = parsed.body.map((b) => filler.block(b));
  const client = ctx.client.data;
  const contact = ctx.contact;
  const recipient =
    req.recipient && req.recipient.some((l) => l.trim())
      ? req.recipient.map((l) => l.trim()).filter(Boolean)
      : [
          contact?.data.name ?? '',
          contact?.data.role ?? '',
          client.kind === 'organisation' || !contact ? client.name : '',
        ].filter((l, i, all) => l && all.indexOf(l) === i);
  return {
    templateId: template.id,
    kind: template.kind,
    subject: subjectRuns.map((r) => r.text).join('').replace(/\s+/g, ' ').trim(),
    subjectRuns,
    blocks,
    missing: filler.missingFields(),
    date: values.get('today') as string,
    recipient,
    signOff: signOffOf(values.get('sender.name') as string, letterhead, settings),
    unsigned: !values.get('sender.name'),
    client: { id: ctx.client.id, name: client.name },
    contact: contact ? { id: contact.id, name: contact.data.name, email: contact.data.email } : null,
    engagement: ctx.engagement ? { id: ctx.engagement.id, name: ctx.engagement.name } : null,
    paper: letterhead.paper,
    font: letterhead.font,
    timelineKind: timelineKindOf(template.kind),
  };
}

/** Blocks that go into an exported letter (omitted ones left out). */
export function exportedBlocks(preview: LetterPreview): LetterBlock[] {
  return preview.blocks.filter((b) => !b.omitted);
}

export const runsText = (runs: LetterRun[]) => runs.map((r) => r.text).join('');

/** The body as plain text: paragraphs separated by blank lines, bullets as "- ". */
export function bodyText(preview: LetterPreview): string {
  return exportedBlocks(preview)
    .map((b) => (b.type === 'paragraph' ? b.lines.map(runsText).join('\n') : b.items.map((i) => `- ${runsText(i)}`).join('\n')))
    .join('\n\n');
}

/** Name, title and firm under the letter, one a line. */
export function signOffLines(preview: LetterPreview): string[] {
  return [preview.signOff.name, preview.signOff.title, preview.signOff.firm].filter(Boolean);
}

/** What you paste into an email: the body and the sign-off. */
export function plainText(preview: LetterPreview): string {
  return [bodyText(preview), signOffLines(preview).join('\n')].filter(Boolean).join('\n\n');
}

/** The whole letter as text (kept on the timeline): date, address, subject, body, sign-off. */
export function fullText(preview: LetterPreview): string {
  return [preview.date, preview.recipient.join('\n'), preview.subject, plainText(preview)].filter(Boolean).join('\n\n');
}

/** Throws unless every field that would leave a gap has a value (omitted lines are fine). */
export function requireComplete(preview: LetterPreview): void {
  const blanks = preview.missing.filter((m) => m.effect === 'blank');
  if (blanks.length === 0) return;
  throw new RapportError(
    'INVALID_INPUT',
    `Some fields have no value: ${blanks.map((m) => `${m.label} ({{${m.field}}})`).join(', ')}. Fill them in, or export anyway.`,
    blanks.map((m) => ({ path: m.field, message: `${m.label} has no value` })),
  );
}
