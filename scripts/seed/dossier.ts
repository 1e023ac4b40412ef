/**
 * What a dossier holds around the timeline: contact preferences, personal facts, important dates,
 * warmth readings, handover records and follow-ups, and the client's news, keep-in-touch cadence
 * and current warmth. Built after the timelines from what they told (the personal facts in notes,
 * the handovers, the issues and other turns), so the dossier and the timeline tell one story.
 * Pure and seeded like the rest of the seed: nothing here touches a vault.
 *
 * The records are exactly what the services store (FactRecord, DateRecord, WarmthRecord,
 * HandoverRecord, FollowUpRecord). Days (YYYY-MM-DD) are calendar days in the local time zone, as
 * the services count them, so a follow-up due "today" is due today in the app.
 */
import type { Faker } from '@faker-js/faker';
import type { ContactRecord } from '../../src/main/services/contacts';
import type { DateRecord } from '../../src/main/services/dates';
import type { FactRecord } from '../../src/main/services/facts';
import type { FollowUpRecord } from '../../src/main/services/followups';
import type { HandoverRecord } from '../../src/main/services/handovers';
import type { WarmthRecord } from '../../src/main/services/warmth';
import type { ClientKind, FactType, LifecycleStage, PreferredChannel, Sensitivity } from '../../src/shared/types';
import { WeightedSampler, intBetween, uniform } from './random';
import { DAY, HOUR, MINUTE, type StoryContact, type StoryFact, type StoryMoment, type StoryRecord, workingTime } from './story';
import {
  CITIES,
  CONTACT_ROLES_SENIOR,
  DELIVERABLES,
  FOLLOW_UP_REASONS,
  FOOTBALL_CLUBS,
  HANDOVER_NOTES,
  NEWS_FOLLOW_ON,
  NEWS_ORGANISATION,
  NEWS_PERSON,
  PREFERRED_TIMES,
  PROJECTS,
  REPEATING_FOLLOW_UPS,
  TOPICS,
  WARMTH_MOMENT_REASONS,
  WARMTH_REASONS,
  WARMTH_REASONS_PROSPECT,
} from './vocabulary';

/** A record that belongs to a client, with its id and the clear client_id beside it. */
export interface SeedRow<R> {
  id: string;
  clientId: string;
  record: R;
}

export interface DossierRows {
  facts: SeedRow<FactRecord>[];
  dates: SeedRow<DateRecord>[];
  /** Each client's readings oldest first. */
  warmth: SeedRow<WarmthRecord>[];
  handovers: SeedRow<HandoverRecord>[];
  followUps: SeedRow<FollowUpRecord>[];
}

/** What the dossier needs to know about a client (the generator's plan, after its timeline). */
export interface DossierClient {
  id: string;
  kind: ClientKind;
  stage: LifecycleStage;
  name: string;
  /** A person client's first name; '' for an organisation. */
  firstName: string;
  createdAt: number;
  /** When an alumni relationship ended; otherwise the present. */
  end: number;
  /** The owner now, after any handovers. */
  owner: string;
  contacts: readonly StoryContact[];
  /** What its timeline told (empty without one). */
  story: StoryRecord;
}

export type WarmthValue = 1 | 2 | 3 | 4 | 5;

/** The client fields the dossier decides. */
export interface ClientDossierFields {
  news: string;
  cadenceDays: number | null;
  /** The latest warmth reading's value. */
  warmth: WarmthValue;
}

/** How far back warmth readings go. */
const WARMTH_HISTORY_DAYS = 3 * 365;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The calendar day of a moment in the local time zone (as the services' todayIso), YYYY-MM-DD. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

/** The day n days after `day` (calendar arithmetic), YYYY-MM-DD. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

/** Midday of a calendar day in the local time zone (ms). */
const middayOf = (day: string): number => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d, 12).getTime();
};

const dayMonthFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });
const monthYearFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
/** "12 December" for a YYYY-MM-DD day. */
const fmtDay = (day: string) => dayMonthFormat.format(Date.parse(`${day}T00:00:00Z`));
const fmtMonth = (ms: number) => monthFormat.format(ms);
const fmtMonthYear = (ms: number) => monthYearFormat.format(ms);
const iso = (ms: number) => new Date(ms).toISOString();
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const toWarmth = (x: number) => clamp(Math.round(x), 1, 5) as WarmthValue;

// ---- personal facts ----

/** Whom a fact is about: a contact, or a person client (contactId null). */
interface Subject {
  contactId: string | null;
  /** First name, for follow-up reasons. */
  who: string;
  /** When they came into the story (ms). */
  since: number;
}

/** A follow-up a fact or a handover calls for. */
interface Pending {
  reason: string;
  dueOn: string;
  /** When it was noted (ms). */
  createdAt: number;
}

/** What a fact brings with it besides its text. */
interface FactMade {
  text: string;
  sensitivity?: Sensitivity;
  /** A date to remember (the operation, the exam). */
  date?: { label: string; date: string; recurrence: 'once' | 'yearly' };
  /** Something to do about it. */
  followUp?: { reason: string; dueOn: string };
  /** How they like to be contacted, when the fact says so. */
  channel?: PreferredChannel;
  time?: string;
}

interface FactTemplate {
  key: string;
  /** Facts in the same group exclude each other (vegetarian and vegan; calls and email only). */
  group?: string;
  type: FactType;
  sensitivity: Sensitivity;
  weight?: number;
  make: (b: DossierBuilder, s: Subject) => FactMade | string;
}

const EXAMS: readonly (readonly [exam: string, verb: string])[] = [
  ['GCSEs', 'starts her GCSEs'],
  ['A-levels', 'starts his A-levels'],
  ['finals', 'sits her finals'],
  ['driving test', 'takes his driving test'],
  ['grade 8 piano exam', 'takes her grade 8 piano exam'],
];
const BODY_PARTS = ['knee', 'hip', 'shoulder', 'hernia', 'cataract'];
const HARBOURS = ['Lymington', 'Falmouth', 'Cowes', 'Largs', 'Conwy', 'Whitby'];
const JOBS = ['teacher', 'GP', 'solicitor', 'nurse', 'architect', 'civil servant', 'vet'];

/** Personal facts told in no note, drawn for the people the notes say less about. */
const FACT_TEMPLATES: readonly FactTemplate[] = [
  // family
  {
    key: 'children',
    type: 'family',
    sensitivity: 'normal',
    make: (b) => {
      const [x, y] = [b.firstName(), b.firstName()];
      return `Two children, ${x} and ${y}; ${x} has just started secondary school.`;
    },
  },
  {
    key: 'exam',
    type: 'family',
    sensitivity: 'normal',
    weight: 1.6,
    make: (b, s) => {
      const child = b.firstName();
      const [exam, verb] = b.pick(EXAMS);
      const relation = verb.includes(' her ') ? 'Daughter' : 'Son';
      const day = addDays(b.today, b.int(10, 85));
      return {
        text: `${relation} ${child} ${verb} on ${fmtDay(day)}.`,
        date: { label: `${child}'s ${exam}`, date: day, recurrence: 'once' },
        followUp: { reason: `Ask ${s.who} how ${child}'s ${exam} went`, dueOn: addDays(day, b.int(3, 10)) },
      };
    },
  },
  { key: 'spouse', type: 'family', sensitivity: 'normal', make: (b) => `Married to ${b.firstName()}, a ${b.pick(JOBS)}.` },
  {
    key: 'carer',
    type: 'family',
    sensitivity: 'private',
    make: () => 'Caring for an elderly parent; may need to move meetings at short notice.',
  },
  { key: 'divorce', type: 'family', sensitivity: 'handle-with-care', weight: 0.4, make: () => 'Going through a divorce: do not ask about home life.' },
  {
    key: 'bereavement',
    type: 'family',
    sensitivity: 'handle-with-care',
    weight: 0.4,
    make: (b) => `Lost ${b.pick(['their mother', 'their father'])} in ${fmtMonthYear(b.now - b.int(30, 400) * DAY)}; be gentle around the anniversary.`,
  },
  // health
  {
    key: 'operation',
    type: 'health',
    sensitivity: 'private',
    weight: 1.2,
    make: (b, s) => {
      const part = b.pick(BODY_PARTS);
      const day = addDays(b.today, b.int(7, 80));
      return {
        text: `Having a ${part} operation on ${fmtDay(day)}; back at work about two weeks later.`,
        date: { label: `${cap(part)} operation`, date: day, recurrence: 'once' },
        followUp: { reason: `Ask how ${s.who}'s operation went`, dueOn: addDays(day, b.int(3, 7)) },
      };
    },
  },
  { key: 'diabetes', type: 'health', sensitivity: 'private', make: () => 'Type 1 diabetic: keep lunch meetings to time.' },
  { key: 'back', type: 'health', sensitivity: 'normal', make: () => 'Bad back: prefers a firm chair, or a walking meeting.' },
  { key: 'hearing', type: 'health', sensitivity: 'normal', make: () => 'Hard of hearing on the left: sit on their right and avoid noisy restaurants.' },
  {
    key: 'treatment',
    type: 'health',
    sensitivity: 'handle-with-care',
    weight: 0.4,
    make: () => 'Recovering from cancer treatment; do not raise it unless they do.',
  },
  // diet and allergies
  { key: 'nut-allergy', type: 'diet', sensitivity: 'normal', weight: 1.3, make: () => 'Severe nut allergy: check the menu before booking lunch, and no nuts in gifts.' },
  { key: 'vegetarian', group: 'meat', type: 'diet', sensitivity: 'normal', weight: 1.3, make: () => 'Vegetarian: team lunches need proper options.' },
  { key: 'vegan', group: 'meat', type: 'diet', sensitivity: 'normal', weight: 0.6, make: () => 'Vegan: check the caterers can do more than a salad.' },
  { key: 'coeliac', type: 'diet', sensitivity: 'normal', make: () => 'Coeliac: gluten-free only, and ask how the kitchen handles it.' },
  { key: 'no-alcohol', type: 'diet', sensitivity: 'normal', make: () => 'Does not drink alcohol: no wine in gifts.' },
  { key: 'shellfish', type: 'diet', sensitivity: 'normal', weight: 0.5, make: () => 'Allergic to shellfish.' },
  // hobbies
  { key: 'golf', type: 'hobbies', sensitivity: 'normal', make: (b) => `Plays golf most Saturdays (handicap ${b.int(4, 24)}).` },
  { key: 'sailing', type: 'hobbies', sensitivity: 'normal', make: (b) => `Keen sailor; keeps a boat at ${b.pick(HARBOURS)}.` },
  { key: 'choir', type: 'hobbies', sensitivity: 'normal', make: () => 'Sings in a choir; concerts at Christmas and Easter.' },
  { key: 'dahlias', type: 'hobbies', sensitivity: 'normal', make: (b) => `Grows dahlias and shows them at the ${b.pick(CITIES)} flower show.` },
  { key: 'cycling', type: 'hobbies', sensitivity: 'normal', make: () => 'Cycles to work; did the London to Brighton ride last summer.' },
  { key: 'birds', type: 'hobbies', sensitivity: 'normal', make: () => 'Birdwatcher: ask about the latest trip.' },
  { key: 'club', group: 'club', type: 'hobbies', sensitivity: 'normal', make: (b) => `Supports ${b.pick(FOOTBALL_CLUBS)}; avoid the subject after a loss.` },
  // how they like to be contacted
  {
    key: 'prefers-calls',
    group: 'channel',
    type: 'preferences',
    sensitivity: 'normal',
    make: () => ({ text: 'Prefers a call to email, ideally before 10am.', channel: 'phone', time: 'Before 10am' }),
  },
  {
    key: 'email-only',
    group: 'channel',
    type: 'preferences',
    sensitivity: 'normal',
    make: () => ({ text: 'Prefers email; calls only when booked in advance.', channel: 'email' }),
  },
  {
    key: 'texts',
    group: 'channel',
    type: 'preferences',
    sensitivity: 'normal',
    weight: 0.6,
    make: () => ({ text: 'Happy to get a text for quick questions; keep it short.', channel: 'text' }),
  },
  {
    key: 'in-person',
    group: 'channel',
    type: 'preferences',
    sensitivity: 'normal',
    weight: 0.7,
    make: () => ({ text: 'Likes to meet in person at their office; video only as a last resort.', channel: 'in-person' }),
  },
  { key: 'video', group: 'channel', type: 'preferences', sensitivity: 'normal', weight: 0.5, make: () => ({ text: 'Prefers video calls, cameras on.', channel: 'video' }) },
  { key: 'one-page', type: 'preferences', sensitivity: 'normal', make: () => 'Likes a one-page summary before any meeting.' },
  { key: 'tea', type: 'preferences', sensitivity: 'normal', weight: 0.6, make: () => 'Drinks tea, not coffee: strong, one sugar.' },
  // dislikes
  { key: 'cold-calls', type: 'dislikes', sensitivity: 'normal', make: () => 'Hates cold calls: always book a time first.' },
  { key: 'pecan-pie', type: 'dislikes', sensitivity: 'normal', weight: 0.7, make: () => 'Dislikes pecan pie: keep it out of the Christmas hamper.' },
  { key: 'jargon', type: 'dislikes', sensitivity: 'normal', make: () => 'Dislikes jargon and long slide decks.' },
  { key: 'waiting', type: 'dislikes', sensitivity: 'normal', make: () => 'Cannot stand being kept waiting: be early.' },
  { key: 'cc', type: 'dislikes', sensitivity: 'normal', weight: 0.7, make: () => 'Dislikes being copied into long email chains.' },
  // other
  { key: 'italian', type: 'other', sensitivity: 'normal', weight: 0.5, make: () => 'Fluent in Italian; lived in Milan for ten years.' },
  { key: 'chamber', type: 'other', sensitivity: 'normal', weight: 0.5, make: () => 'Chairs the local chamber of commerce.' },
  { key: 'governor', type: 'other', sensitivity: 'normal', weight: 0.6, make: () => 'School governor; busy on the first Tuesday of each month.' },
  { key: 'trustee', type: 'other', sensitivity: 'normal', weight: 0.6, make: () => 'Trustee of a local hospice; runs its fun run every year.' },
  { key: 'dog', type: 'other', sensitivity: 'normal', weight: 0.6, make: (b) => `Brings their dog, ${b.firstName()}, to the office most days.` },
];

/** What organisations as a whole want remembered (contactId null). */
const ORGANISATION_FACTS: readonly [FactType, string][] = [
  ['preferences', 'All meetings go through the office manager’s diary.'],
  ['preferences', 'Invoices must quote the PO number, or they come back unpaid.'],
  ['preferences', 'Prefer one combined invoice a month.'],
  ['other', 'Office closed for the last two weeks of August.'],
  ['other', 'Christmas party in mid-December; suppliers are invited.'],
  ['dislikes', 'The board dislikes being sold to at events: no hard pitches.'],
];

/** Facts from the notes that stay true (at most four kinds, so a person's four facts keep them all). */
const LASTING_FACTS: ReadonlySet<StoryFact['key']> = new Set<StoryFact['key']>(['nut-allergy', 'vegetarian', 'prefers-calls', 'club']);

/** The group a story fact's key belongs to (so a catalogue fact does not contradict it). */
const STORY_FACT_GROUP: Partial<Record<StoryFact['key'], string>> = { vegetarian: 'meat', 'prefers-calls': 'channel', club: 'club' };

// ---- stage-dependent numbers ----

/** Share of clients with business news, by stage. */
const NEWS_SHARE: Record<LifecycleStage, number> = {
  prospect: 0.5,
  onboarding: 0.6,
  active: 0.8,
  'issue-resolution': 0.6,
  offboarding: 0.4,
  alumni: 0.1,
};

/** Keep-in-touch cadence by stage: the share that has one, and the choices. */
const CADENCE: Record<LifecycleStage, { share: number; days: readonly number[] }> = {
  prospect: { share: 0.5, days: [30, 45, 60, 90] },
  onboarding: { share: 0.85, days: [14, 14, 21, 30] },
  active: { share: 0.85, days: [14, 21, 30, 30, 30, 45, 60, 60] },
  'issue-resolution': { share: 0.9, days: [14, 14, 21, 30] },
  offboarding: { share: 0.5, days: [30, 60, 90] },
  alumni: { share: 1, days: [365] },
};

/** Warmth readings per client, [min, max], by stage. */
const WARMTH_COUNT: Record<LifecycleStage, [number, number]> = {
  prospect: [1, 2],
  onboarding: [1, 3],
  active: [2, 6],
  'issue-resolution': [3, 6],
  offboarding: [2, 5],
  alumni: [2, 5],
};

/** Where each stage's warmth ends up (weights for 1 to 5): clients in trouble run cool. */
const WARMTH_NOW: Record<LifecycleStage, readonly number[]> = {
  prospect: [0, 3, 5, 2, 0],
  onboarding: [0, 0, 3, 6, 1],
  active: [0, 0.5, 2, 5, 3],
  'issue-resolution': [4, 6, 0.5, 0, 0],
  offboarding: [0.5, 5, 4, 1, 0],
  alumni: [0, 2, 5, 3, 0],
};

/** Which way a turn in the story moves warmth. */
const MOMENT_EFFECT: Record<StoryMoment['kind'], number> = {
  issue: -1,
  'late-delivery': -1,
  resolution: 1,
  referral: 1,
  gift: 1,
  handover: 0,
  'stage-change': 0,
  review: 0,
};

/** Follow-ups per client on average, by stage (besides those the facts, handovers and issues call for). */
const FOLLOW_UPS_PER_CLIENT: Record<LifecycleStage, number> = {
  prospect: 2.7,
  onboarding: 6.4,
  active: 6.9,
  'issue-resolution': 8.2,
  offboarding: 4.6,
  alumni: 2.3,
};

const CHANNEL_WEIGHTS: Record<PreferredChannel, number> = { any: 12, email: 34, phone: 24, video: 12, text: 6, 'in-person': 12 };

/**
 * Builds the dossier rows client by client, drawing from the seed's faker (after the timelines,
 * so the names and timelines do not change with it).
 */
export class DossierBuilder {
  readonly rows: DossierRows = { facts: [], dates: [], warmth: [], handovers: [], followUps: [] };
  /** Today, in the local time zone. */
  readonly today: string;
  private readonly channels = WeightedSampler.of(CHANNEL_WEIGHTS);
  private readonly factTemplates = new WeightedSampler(FACT_TEMPLATES, FACT_TEMPLATES.map((t) => t.weight ?? 1));
  private readonly warmthNow = new Map<LifecycleStage, WeightedSampler<WarmthValue>>();

  constructor(
    private readonly faker: Faker,
    readonly now: number,
    private readonly newId: () => string,
  ) {
    this.today = localDay(now);
    for (const [stage, weights] of Object.entries(WARMTH_NOW) as [LifecycleStage, number[]][]) {
      this.warmthNow.set(stage, new WeightedSampler([1, 2, 3, 4, 5], weights));
    }
  }

  // ---- random helpers (used by the fact templates too) ----

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(uniform(this.faker) * items.length)];
  }

  int(min: number, max: number): number {
    return intBetween(this.faker, min, max);
  }

  chance(p: number): boolean {
    return uniform(this.faker) < p;
  }

  firstName(): string {
    return this.faker.person.firstName();
  }

  /** A moment between a and b (ms), at minute steps. */
  private between(a: number, b: number): number {
    return a + Math.floor((uniform(this.faker) * Math.max(0, b - a)) / MINUTE) * MINUTE;
  }

  /** A moment between a and b (ms) in working hours, not after the present. */
  private workingBetween(a: number, b: number): number {
    return clamp(workingTime(this.faker, this.between(a, b)), a, Math.min(b, this.now));
  }

  /** A working-hours moment on a calendar day (local time), not after the present. */
  private onDay(day: string): number {
    const [y, m, d] = day.split('-').map(Number);
    return Math.min(this.now, new Date(y, m - 1, d, 9, 0).getTime() + this.int(0, 96) * 5 * MINUTE);
  }

  // ---- one client ----

  /** Adds the client's dossier rows, sets its contacts' preferences, and returns its own new fields. */
  build(client: DossierClient, contacts: ReadonlyMap<string, ContactRecord>): ClientDossierFields {
    const subjects: Subject[] =
      client.kind === 'person'
        ? [{ contactId: null, who: client.firstName || client.name, since: client.createdAt }]
        : client.contacts.map((c) => ({ contactId: c.id, who: c.firstName, since: c.createdAt }));

    // How they like to be contacted (facts below may say otherwise).
    for (const c of client.contacts) {
      const record = contacts.get(c.id);
      if (!record) continue;
      record.preferredChannel = this.channels.pick(this.faker);
      record.preferredTime = this.chance(0.65) ? this.pick(PREFERRED_TIMES) : '';
    }

    const upcoming: Pending[] = [];
    this.facts(client, subjects, contacts, upcoming);
    const birthdays = this.dates(client, subjects);
    this.handovers(client, upcoming);
    const warmth = this.warmth(client);
    this.followUps(client, subjects, upcoming, birthdays);

    const cadence = CADENCE[client.stage];
    return {
      news: this.chance(NEWS_SHARE[client.stage]) ? this.news(client) : '',
      cadenceDays: this.chance(cadence.share) ? this.pick(cadence.days) : null,
      warmth,
    };
  }

  private push<K extends keyof DossierRows>(table: K, clientId: string, record: DossierRows[K][number]['record']): void {
    (this.rows[table] as SeedRow<unknown>[]).push({ id: this.newId(), clientId, record });
  }

  // ---- facts ----

  private facts(
    client: DossierClient,
    subjects: Subject[],
    contacts: ReadonlyMap<string, ContactRecord>,
    upcoming: Pending[],
  ): void {
    // What the notes told, one per kind of fact and person: the lasting ones (an allergy, how they
    // like to be contacted) first, then the newest.
    const told = new Map<string, StoryFact[]>();
    const seen = new Set<string>();
    for (let i = client.story.facts.length - 1; i >= 0; i--) {
      const f = client.story.facts[i];
      const key = `${f.contactId ?? ''}\u0000${f.key}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const list = told.get(f.contactId ?? '') ?? [];
      list.push(f);
      told.set(f.contactId ?? '', list);
    }
    // The sort is stable, so each part stays newest first.
    for (const list of told.values()) list.sort((a, b) => Number(LASTING_FACTS.has(b.key)) - Number(LASTING_FACTS.has(a.key)));
    const latest = client.end;

    for (const subject of subjects) {
      const fromNotes = told.get(subject.contactId ?? '') ?? [];
      // A person client always has some; a contact often has none unless the notes say something.
      const wanted = subject.contactId === null ? this.int(1, 4) : this.chance(0.45) ? this.int(1, 3) : 0;
      const n = Math.min(4, Math.max(wanted, fromNotes.length));
      const used = new Set<string>();
      const made: { type: FactType; sensitivity: Sensitivity; made: FactMade; at: number }[] = [];
      for (const f of fromNotes.slice(0, n)) {
        used.add(f.key);
        const group = STORY_FACT_GROUP[f.key];
        if (group) used.add(group);
        const phrased = this.storyFact(f, subject);
        made.push({ ...phrased, at: Math.min(f.at + this.int(0, 6 * 60) * MINUTE, this.now) });
      }
      for (let attempt = 0; made.length < n && attempt < 20; attempt++) {
        const t = this.factTemplates.pick(this.faker);
        if (used.has(t.key) || (t.group && used.has(t.group))) continue;
        // Upcoming events belong to clients still in touch.
        if ((t.key === 'exam' || t.key === 'operation') && client.stage === 'alumni') continue;
        used.add(t.key);
        if (t.group) used.add(t.group);
        const m = t.make(this, subject);
        const result = typeof m === 'string' ? { text: m } : m;
        // Family facts are sometimes told in confidence.
        const sensitivity = result.sensitivity ?? (t.sensitivity === 'normal' && t.type === 'family' && this.chance(0.2) ? 'private' : t.sensitivity);
        // Something coming up was mentioned lately; the rest was learnt at any time.
        const from = result.date?.recurrence === 'once' ? Math.max(subject.since, this.now - 30 * DAY) : subject.since;
        made.push({ type: t.type, sensitivity, made: result, at: this.workingBetween(from, latest) });
      }

      for (const { type, sensitivity, made: m, at } of made) {
        this.push('facts', client.id, { contactId: subject.contactId, type, text: m.text, sensitivity, createdAt: iso(at) });
        if (m.date) this.push('dates', client.id, { contactId: subject.contactId, ...m.date });
        if (m.followUp) upcoming.push({ ...m.followUp, createdAt: at });
        const record = subject.contactId ? contacts.get(subject.contactId) : undefined;
        if (record && m.channel) {
          record.preferredChannel = m.channel;
          if (m.time) record.preferredTime = m.time;
        }
      }
    }

    // Some organisations have a house rule or two worth remembering.
    if (client.kind === 'organisation' && this.chance(0.25)) {
      const [type, text] = this.pick(ORGANISATION_FACTS);
      this.push('facts', client.id, { contactId: null, type, text, sensitivity: 'normal', createdAt: iso(this.workingBetween(client.createdAt, latest)) });
    }
  }

  /** A fact a note told, phrased for today (what was coming then may be past now). */
  private storyFact(f: StoryFact, subject: Subject): { type: FactType; sensitivity: Sensitivity; made: FactMade } {
    const on = f.on ?? f.at;
    const future = on > this.now;
    switch (f.key) {
      case 'university':
        return {
          type: 'family',
          sensitivity: 'normal',
          made: { text: `${cap(f.relation ?? 'daughter')} ${f.detail} ${future ? 'starts' : 'started'} university in ${fmtMonthYear(on)}.` },
        };
      case 'operation': {
        const day = localDay(on);
        const part = f.detail ?? 'knee';
        if (day >= this.today) {
          return {
            type: 'health',
            sensitivity: 'private',
            made: {
              text: `Having a ${part} operation on ${fmtDay(day)}; back at work about two weeks later.`,
              date: { label: `${cap(part)} operation`, date: day, recurrence: 'once' },
              followUp: { reason: `Ask how ${subject.who}'s operation went`, dueOn: addDays(day, this.int(3, 7)) },
            },
          };
        }
        const recent = this.now - on < 30 * DAY;
        return {
          type: 'health',
          sensitivity: 'private',
          made: {
            text: `Had a ${part} operation on ${fmtDay(day)}${recent ? '; still recovering' : ''}.`,
            followUp: recent ? { reason: `Ask how ${subject.who} is recovering from the ${part} operation`, dueOn: addDays(this.today, this.int(0, 10)) } : undefined,
          },
        };
      }
      case 'nut-allergy':
        return { type: 'diet', sensitivity: 'normal', made: { text: 'Nut allergy: check the menu before booking lunch.' } };
      case 'vegetarian':
        return { type: 'diet', sensitivity: 'normal', made: { text: 'Vegetarian: team lunches need proper options.' } };
      case 'prefers-calls':
        return {
          type: 'preferences',
          sensitivity: 'normal',
          made: { text: 'Prefers a call to email, ideally before 10am.', channel: 'phone', time: 'Before 10am' },
        };
      case 'half-marathon':
        return {
          type: 'hobbies',
          sensitivity: 'normal',
          made: future
            ? {
                text: `Running the ${f.detail} half marathon in ${fmtMonthYear(on)} for a hospice.`,
                followUp: { reason: `Sponsor ${subject.who} for the ${f.detail} half marathon`, dueOn: addDays(this.today, this.int(1, 14)) },
              }
            : { text: `Runner: did the ${f.detail} half marathon in ${fmtMonthYear(on)} for a hospice.` },
        };
      case 'grandchild':
        return { type: 'family', sensitivity: 'normal', made: { text: `Became a grandparent in ${fmtMonthYear(on)}: ${f.detail}.` } };
      case 'moving-house':
        return {
          type: 'other',
          sensitivity: 'normal',
          made: { text: future ? `Moving house in ${fmtMonthYear(on)}; expect slower replies that month.` : `Moved house in ${fmtMonthYear(on)}.` },
        };
      case 'club':
        return { type: 'hobbies', sensitivity: 'normal', made: { text: `Supports ${f.detail}; avoid the subject after a loss.` } };
      case 'parental-leave': {
        const back = on + 182 * DAY;
        const text = future
          ? `Parental leave from ${fmtMonthYear(on)} for six months.`
          : back > this.now
            ? `On parental leave until ${fmtMonthYear(back)}.`
            : `Back from parental leave since ${fmtMonthYear(back)}.`;
        return { type: 'family', sensitivity: 'normal', made: { text } };
      }
    }
  }

  // ---- important dates ----

  /** Birthdays and anniversaries; returns the birthdays coming up soon (for follow-ups). */
  private dates(client: DossierClient, subjects: Subject[]): { who: string; day: string }[] {
    const year = Number(this.today.slice(0, 4));
    const soon: { who: string; day: string }[] = [];
    const randomDay = (y: number) => {
      const m = this.int(1, 12);
      const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
      return `${y}-${pad2(m)}-${pad2(this.int(1, days))}`;
    };
    for (const s of subjects) {
      const person = s.contactId === null;
      if (this.chance(person ? 0.85 : 0.3)) {
        const date = randomDay(year - this.int(25, 68));
        this.push('dates', client.id, { contactId: s.contactId, label: 'Birthday', date, recurrence: 'yearly' });
        const next = `${year}-${date.slice(5)}` >= this.today ? `${year}-${date.slice(5)}` : `${year + 1}-${date.slice(5)}`;
        if (next.endsWith('02-29') || next > addDays(this.today, 45) || next < addDays(this.today, 4)) continue;
        soon.push({ who: s.who, day: next });
      }
      if (this.chance(person ? 0.15 : 0.2)) {
        const date = randomDay(year - this.int(1, 25));
        this.push('dates', client.id, { contactId: s.contactId, label: person ? 'Business anniversary' : 'Work anniversary', date, recurrence: 'yearly' });
      }
    }
    // When they became a client, for some long-standing organisations.
    if (client.kind === 'organisation' && client.stage !== 'prospect' && this.now - client.createdAt > 365 * DAY && this.chance(0.25)) {
      this.push('dates', client.id, { contactId: null, label: 'Became a client', date: localDay(client.createdAt), recurrence: 'yearly' });
    }
    return soon;
  }

  // ---- handovers ----

  private handovers(client: DossierClient, upcoming: Pending[]): void {
    for (const h of client.story.handovers) {
      const main = client.contacts.find((c) => c.createdAt <= h.at);
      const mainName = main?.firstName ?? (client.firstName || client.name);
      const toFirst = h.to.split(' ')[0];
      const line = (template: string) => template.replaceAll('MAIN', mainName).replaceAll('TO', toFirst);
      const first = this.pick(HANDOVER_NOTES);
      let second = this.pick(HANDOVER_NOTES);
      if (second === first) second = '';
      const notes = [
        main ? `${main.name} (${main.role ?? this.pick(CONTACT_ROLES_SENIOR)}) is the main contact.` : `${mainName} deals with us directly.`,
        line(first),
        this.chance(0.5) ? line(second) : '',
      ]
        .filter(Boolean)
        .join(' ');
      this.push('handovers', client.id, {
        from: h.from,
        to: h.to,
        at: iso(h.at),
        reason: cap(h.reason),
        notes,
        clientReaction: h.reaction,
      });
      // As the service does: a check-in with the client two weeks after the handover.
      upcoming.push({
        reason: `Check in with ${client.name} after the handover to ${h.to}`,
        dueOn: addDays(localDay(h.at), 14),
        createdAt: h.at,
      });
    }
  }

  // ---- warmth ----

  /** 1–6 readings over the relationship, oldest first, drifting to where the stage says; returns the latest. */
  private warmth(client: DossierClient): WarmthValue {
    const lo = Math.max(client.createdAt, this.now - WARMTH_HISTORY_DAYS * DAY);
    const hi = Math.max(lo, Math.min(client.end, this.now));
    const [min, max] = WARMTH_COUNT[client.stage];
    const n = Math.max(1, Math.min(this.int(min, max), 1 + Math.floor((hi - lo) / (45 * DAY))));
    const target = this.warmthNow.get(client.stage)!.pick(this.faker);
    const start = client.stage === 'prospect' ? this.pick([2, 3, 3]) : this.pick([3, 3, 4]);

    // The latest reading is recent (or near the end, for alumni); the others spread out before it,
    // each moved onto a turn in the story nearby when there is one.
    const last = this.between(Math.max(lo, hi - (client.stage === 'alumni' ? 30 : 120) * DAY), hi);
    const times = Array.from({ length: n - 1 }, () => this.between(lo, Math.max(lo, last - DAY))).sort((a, b) => a - b);
    const moments = client.story.moments.filter((m) => m.at < last - DAY);
    const used = new Set<StoryMoment>();
    const anchors: (StoryMoment | null)[] = times.map((t, i) => {
      let best: StoryMoment | null = null;
      for (const m of moments) {
        if (used.has(m) || Math.abs(m.at - t) > 21 * DAY) continue;
        if (!best || Math.abs(m.at - t) < Math.abs(best.at - t)) best = m;
      }
      if (best) {
        used.add(best);
        times[i] = Math.min(best.at + this.int(1, 48) * HOUR, last - HOUR);
      }
      return best;
    });
    // Moving onto turns can reorder them.
    const order = times.map((_, i) => i).sort((a, b) => times[a] - times[b]);

    let previous: WarmthValue | null = null;
    const readings: WarmthRecord[] = [];
    order.forEach((i, k) => {
      const moment = anchors[i];
      let value = toWarmth(start + ((target - start) * k) / Math.max(1, n - 1) + (this.chance(0.25) ? this.pick([-1, 1]) : 0));
      // Warmth moves a step at a time between readings.
      if (previous !== null) value = toWarmth(clamp(value, previous - 1, previous + 1));
      const effect = moment ? this.momentEffect(moment) : 0;
      if (effect < 0) value = toWarmth(Math.min(value, (previous ?? 4) - 1));
      if (effect > 0) value = toWarmth(Math.max(value, (previous ?? 2) + 1));
      const reason = (moment && this.momentReason(moment, previous, value)) ?? this.trendReason(client.stage, previous, value);
      readings.push({ value, reason, at: iso(times[i]) });
      previous = value;
    });
    readings.push({ value: target, reason: this.latestReason(client, previous, target), at: iso(last) });
    for (const r of readings) this.push('warmth', client.id, r);
    return target;
  }

  private momentEffect(m: StoryMoment): number {
    if (m.kind === 'review') return m.detail === 'invest' ? 1 : m.detail === 'part ways' ? -1 : 0;
    if (m.kind === 'stage-change') return m.detail === 'active' ? 1 : m.detail === 'offboarding' ? -1 : 0;
    return MOMENT_EFFECT[m.kind];
  }

  private momentReason(m: StoryMoment, previous: WarmthValue | null, value: WarmthValue): string | null {
    const key =
      m.kind === 'review'
        ? `review-${m.detail}`
        : m.kind === 'stage-change'
          ? `stage-${m.detail}`
          : m.kind === 'handover'
            ? `handover-${previous !== null && value < previous ? 'down' : 'up'}`
            : m.kind;
    const reasons = WARMTH_MOMENT_REASONS[key];
    return reasons ? this.pick(reasons).replace('DETAIL', m.detail) : null;
  }

  private trendReason(stage: LifecycleStage, previous: WarmthValue | null, value: WarmthValue): string {
    const reasons = stage === 'prospect' ? WARMTH_REASONS_PROSPECT : WARMTH_REASONS;
    if (previous === null) return this.pick(reasons.first);
    return this.pick(value > previous ? reasons.up : value < previous ? reasons.down : reasons.same);
  }

  private latestReason(client: DossierClient, previous: WarmthValue | null, value: WarmthValue): string {
    const open = client.story.openIssues;
    if (client.stage === 'issue-resolution') {
      return open.length ? `Still unhappy about ${open[open.length - 1]}; handle with care.` : 'Still sore after the complaint; rebuilding trust.';
    }
    if (client.stage === 'alumni') {
      return value >= 3 ? 'Parted on good terms; said they would recommend us.' : 'Left on cool terms after the budget cut.';
    }
    if (client.stage === 'offboarding') return 'Leaving us: polite, but their minds are elsewhere.';
    return this.trendReason(client.stage, previous, value);
  }

  // ---- follow-ups ----

  private followUps(
    client: DossierClient,
    subjects: Subject[],
    upcoming: Pending[],
    birthdays: { who: string; day: string }[],
  ): void {
    const add = (reason: string, dueOn: string, status: FollowUpRecord['status'], created: number, extra: Partial<FollowUpRecord> = {}) => {
      const createdAt = clamp(created, client.createdAt, this.now);
      const closedAt = status === 'open' ? null : iso(clamp(this.onDay(addDays(dueOn, this.int(-2, 4))), createdAt, this.now));
      this.push('followUps', client.id, {
        reason,
        dueOn,
        repeatDays: null,
        status,
        snoozedFrom: null,
        createdAt: iso(createdAt),
        closedAt,
        ...extra,
      });
    };

    // The ones the facts and handovers call for: open until their day has passed a while.
    for (const u of upcoming) {
      const overdueDays = (middayOf(this.today) - middayOf(u.dueOn)) / DAY;
      if (overdueDays > 10) add(u.reason, u.dueOn, this.chance(0.85) ? 'done' : 'dropped', u.createdAt);
      else add(u.reason, u.dueOn, 'open', u.createdAt);
    }
    for (const b of birthdays) {
      if (client.stage !== 'alumni' && this.chance(0.6)) add(`Send ${b.who} a birthday card`, addDays(b.day, -3), 'open', this.workingBetween(this.now - 60 * DAY, this.now));
    }
    // Open complaints get chased.
    if (client.stage === 'issue-resolution' || client.stage === 'active') {
      for (const problem of client.story.openIssues.slice(-2)) {
        if (client.stage === 'active' && this.chance(0.7)) continue;
        const who = this.pick(subjects)?.who ?? client.name;
        add(`Follow up with ${who} on ${problem}`, addDays(this.today, this.int(-7, 14)), 'open', this.workingBetween(this.now - 30 * DAY, this.now));
      }
    }

    // And the everyday ones, past and to come.
    const mean = FOLLOW_UPS_PER_CLIENT[client.stage];
    let left = Math.round(mean * (0.4 + 1.2 * uniform(this.faker)));
    const lo = client.createdAt;
    const hi = Math.min(client.end, this.now - DAY);
    const whoAt = (at: number) => {
      if (client.kind === 'person') return client.firstName || client.name;
      const known = client.contacts.filter((c) => c.createdAt <= at);
      return known.length ? this.pick(known).firstName : client.name;
    };
    /** A reason for a follow-up due at `due` (ms). */
    const fill = (template: string, due: number) =>
      template
        .replace('WHO', whoAt(due))
        .replace('DELIVERABLE', this.pick(DELIVERABLES))
        .replace('PROJECT', this.pick(PROJECTS))
        .replace('TOPIC', this.pick(TOPICS))
        .replace('MONTH', fmtMonth(due + this.int(20, 80) * DAY));
    const openPool = this.openPool(client.stage);
    const pastPool = client.stage === 'prospect' ? FOLLOW_UP_REASONS.prospect : client.stage === 'onboarding' ? FOLLOW_UP_REASONS.onboarding : FOLLOW_UP_REASONS.active;

    while (left > 0) {
      const stillClient = client.stage !== 'alumni' && client.stage !== 'prospect';
      if (stillClient && this.chance(0.1)) {
        // A repeating one: the open one now, and the ones done before it, every N days.
        const [template, every] = this.pick(REPEATING_FOLLOW_UPS);
        const dueOn = addDays(this.today, this.int(-3, every));
        const reason = fill(template, middayOf(dueOn));
        const before = Math.min(left - 1, this.int(0, 3));
        for (let k = before; k >= 1; k--) {
          const due = addDays(dueOn, -every * k);
          if (middayOf(due) >= lo) add(reason, due, 'done', this.onDay(addDays(due, -every)), { repeatDays: every });
        }
        add(reason, dueOn, 'open', this.onDay(addDays(dueOn, -every)), { repeatDays: every });
        left -= before + 1;
        continue;
      }
      const r = uniform(this.faker);
      // Shares of open, and of open or done (the rest dropped).
      const [open, openOrDone] = client.stage === 'alumni' ? [0.15, 0.75] : [0.5, 0.9];
      if (r < open || hi - lo < DAY) {
        const when = uniform(this.faker);
        const dueOn =
          when < 0.1 ? addDays(this.today, -this.int(1, 21)) : when < 0.16 ? this.today : addDays(this.today, this.int(1, client.stage === 'prospect' ? 45 : 90));
        const snoozed = dueOn > this.today && this.chance(0.1) ? addDays(dueOn, -this.int(2, 14)) : null;
        const createdAt = this.workingBetween(Math.max(lo, Math.min(middayOf(dueOn), this.now) - 45 * DAY), Math.min(middayOf(dueOn), this.now));
        add(fill(this.pick(openPool), middayOf(dueOn)), dueOn, 'open', createdAt, { snoozedFrom: snoozed });
      } else {
        const dueOn = localDay(this.between(lo + DAY, hi));
        const createdAt = Math.max(lo, this.onDay(addDays(dueOn, -this.int(3, 60))));
        add(fill(this.pick(pastPool), middayOf(dueOn)), dueOn, r < openOrDone ? 'done' : 'dropped', createdAt);
      }
      left--;
    }
  }

  private openPool(stage: LifecycleStage): readonly string[] {
    switch (stage) {
      case 'prospect':
        return FOLLOW_UP_REASONS.prospect;
      case 'onboarding':
        return FOLLOW_UP_REASONS.onboarding;
      case 'issue-resolution':
        return [...FOLLOW_UP_REASONS.issue, ...FOLLOW_UP_REASONS.active];
      case 'offboarding':
        return FOLLOW_UP_REASONS.offboarding;
      case 'alumni':
        return FOLLOW_UP_REASONS.alumni;
      case 'active':
        return FOLLOW_UP_REASONS.active;
    }
  }

  // ---- news ----

  private news(client: DossierClient): string {
    const main = client.contacts[0]?.firstName ?? (client.firstName || 'They');
    const recent = this.now - this.int(5, 120) * DAY;
    const coming = this.now + this.int(20, 150) * DAY;
    const [template, tone] = this.pick(client.kind === 'organisation' ? NEWS_ORGANISATION : NEWS_PERSON);
    const line = template
      .replace(/\bN\b/, String(this.int(2, 12) * 5))
      .replace('NEXT_MONTH', fmtMonth(coming))
      .replace('MONTH', fmtMonth(recent))
      .replace('CITY', this.pick(CITIES))
      .replace('PCT', String(this.int(4, 35)))
      .replace('MONEY', (this.int(5, 250) / 10).toFixed(1))
      .replace('COMPANY', this.faker.company.name())
      .replace('PERSON', this.faker.person.fullName())
      .replace('ROLE', this.pick(CONTACT_ROLES_SENIOR).toLowerCase());
    if (!this.chance(0.5)) return line;
    const more = this.pick(NEWS_FOLLOW_ON[tone]).replace('MAIN', main).replace('PROJECT', this.pick(PROJECTS));
    return `${line} ${more}`;
  }
}
