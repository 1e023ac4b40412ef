/**
 * Synthetic vault contents: clients, their contacts, engagements and timelines, then each client's
 * dossier (personal facts, important dates, warmth readings, handovers, follow-ups; see dossier.ts)
 * and its engagement records (expectation items, lifecycle checklists; see engagements.ts),
 * generated from a seeded Faker instance so that the same seed gives the same data. Pure: nothing
 * here touches a vault.
 *
 * The records are exactly what the services store in the encrypted `data` column
 * (ClientRecord, ContactRecord, EntryRecord, FactRecord...), with the ids and clear foreign keys
 * beside them.
 */
import { randomUUID } from 'node:crypto';
import { Faker, base, en, en_GB } from '@faker-js/faker';
import type { ChecklistRecord } from '../../src/main/services/checklists';
import type { ClientRecord } from '../../src/main/services/clients';
import type { ContactRecord } from '../../src/main/services/contacts';
import type { DateRecord } from '../../src/main/services/dates';
import type { EngagementRecord, ItemRecord } from '../../src/main/services/engagements';
import type { FactRecord } from '../../src/main/services/facts';
import type { FollowUpRecord } from '../../src/main/services/followups';
import type { HandoverRecord } from '../../src/main/services/handovers';
import { type EntryRecord, INTERACTION_KINDS } from '../../src/main/services/timeline';
import type { WarmthRecord } from '../../src/main/services/warmth';
import type { ClientKind, EntryKind, LifecycleStage } from '../../src/shared/types';
import { LIFECYCLE_STAGES } from '../../src/shared/types';
import { WeightedSampler, apportion, intBetween, logNormal, uniform } from './random';
import { DossierBuilder, type SeedRow } from './dossier';
import { EngagementBuilder, type EngagementPlan, EngagementPlanner } from './engagements';
import { ClientStory, DAY, HOUR, MINUTE, type StoryContact, type StoryRecord } from './story';
import {
  CITIES,
  COMPANY_SUFFIXES,
  CONTACT_ROLES,
  CONTACT_ROLES_SENIOR,
  ENTRY_KIND_WEIGHTS,
  INDUSTRIES,
  INDUSTRY_NAME_WORDS,
  PERSON_INDUSTRIES,
  PROBLEMS,
  STAGE_ACTIVITY,
  STAGE_SHARES,
  TAGS,
  TOPICS,
} from './vocabulary';

export interface SeedClient {
  id: string;
  record: ClientRecord;
}

export interface SeedContact {
  id: string;
  clientId: string;
  record: ContactRecord;
}

export interface SeedEntry {
  id: string;
  clientId: string;
  record: EntryRecord;
}

export type SeedFact = SeedRow<FactRecord>;
export type SeedDate = SeedRow<DateRecord>;
export type SeedWarmth = SeedRow<WarmthRecord>;
export type SeedHandover = SeedRow<HandoverRecord>;
export type SeedFollowUp = SeedRow<FollowUpRecord>;
export type SeedEngagement = SeedRow<EngagementRecord>;
export type SeedItem = SeedRow<ItemRecord>;
export type SeedChecklist = SeedRow<ChecklistRecord>;

export interface SeedData {
  /** The firm's people who own accounts. */
  colleagues: string[];
  clients: SeedClient[];
  /** In client order. */
  contacts: SeedContact[];
  /** Oldest first, across clients, as they would have been recorded. */
  entries: SeedEntry[];
  /** The dossier rows, in client order: personal facts (about a contact or a person client)... */
  facts: SeedFact[];
  /** ...birthdays, anniversaries and one-off dates coming up... */
  dates: SeedDate[];
  /** ...warmth readings, each client's oldest first (its current warmth is the last)... */
  warmth: SeedWarmth[];
  /** ...one record per handover entry in the timeline... */
  handovers: SeedHandover[];
  /**
   * ...and follow-ups: open (overdue, due today, to come; some repeating), done and dropped (and,
   * after them, the yearly keep-in-touch ones that finishing offboarding adds).
   */
  followUps: SeedFollowUp[];
  /** Engagements (retainers, projects, matters; proposed, active, completed, cancelled)... */
  engagements: SeedEngagement[];
  /** ...their expectation items: promises (in every state, with their history), gaps, assumptions... */
  items: SeedItem[];
  /** ...and the lifecycle checklists of the stages the clients were moved through. */
  checklists: SeedChecklist[];
}

/** Contacts per organisation: exactly this many, or uniformly in a range. */
export type ContactsPerOrg = number | { min: number; max: number };

export interface SeedCounts {
  clients: number;
  /** Timeline entries, spread over the clients. */
  events: number;
  /** Default: 1–5, about 3.2 on average. */
  contactsPerOrg?: ContactsPerOrg;
}

export interface GenerateOptions extends SeedCounts {
  /** The present: entries fall in the three years before it. Default: the current time. */
  now?: Date;
  /** Record ids. Default: random UUIDs, so a second run into the same vault cannot collide. */
  newId?: () => string;
}

/** How long back the timelines reach. */
export const HISTORY_DAYS = 3 * 365;

/** Share of clients that are organisations (the rest are people). */
const ORGANISATION_SHARE = 0.75;
/** Default contacts per organisation, 1 to 5 (mean about 3.2). */
const CONTACT_COUNT_WEIGHTS = [12, 20, 25, 23, 20];
/** Share of each owner in the firm's book: a couple of partners own most accounts. */
const OWNER_WEIGHTS = [30, 22, 18, 14, 10, 6];
/** How much of a client's size counts as current revenue, by stage (null: not a paying client yet). */
const REVENUE_FACTOR: Record<LifecycleStage, number | null> = {
  prospect: null,
  onboarding: 0.4,
  active: 1,
  'issue-resolution': 0.9,
  offboarding: 0.5,
  alumni: 0,
};
/** Share of clients (the biggest earners) tagged as key accounts. */
const KEY_ACCOUNT_SHARE = 0.04;

/** Kind mix adjustments by stage (a prospect has no deliveries; a client in trouble, more issues). */
const KIND_ADJUST: Partial<Record<LifecycleStage, Partial<Record<EntryKind, number>>>> = {
  prospect: { delivery: 0, issue: 0.2, review: 0.2, gift: 0.3, referral: 0.5, promise: 0.5, handover: 0.3 },
  onboarding: { promise: 1.5, review: 0.5 },
  'issue-resolution': { issue: 2.5, meeting: 1.2 },
  offboarding: { 'letter-sent': 1.5, review: 1.2 },
};

/** A Faker with British English data (falling back to English), seeded. */
export function createSeedFaker(seed: number): Faker {
  const faker = new Faker({ locale: [en_GB, en, base] });
  faker.seed(seed);
  return faker;
}

interface ClientPlan {
  id: string;
  kind: ClientKind;
  stage: LifecycleStage;
  name: string;
  firstName: string;
  industry: string;
  domain: string;
  /** Relative size of the business with us (drives revenue and, loosely, activity). */
  size: number;
  createdAt: number;
  /** The window in which its timeline falls. */
  start: number;
  end: number;
  owner: string;
  tags: string[];
  revenueShare: number | null;
  contacts: StoryContact[];
  /** Newest interaction (INTERACTION_KINDS), as the services keep it. */
  lastContactAt: number | null;
  /** What the timeline told, for the dossier. */
  story: StoryRecord;
  /** The work its timeline talks about. */
  projects: string[];
  engagements: EngagementPlan[];
  /** Its timeline entries' ids, in the order they were told. */
  entryIds: string[];
}

export function generateSeedData(faker: Faker, options: GenerateOptions): SeedData {
  const { clients: clientCount, events } = options;
  checkCount('clients', clientCount);
  checkCount('events', events);
  if (events > 0 && clientCount === 0) throw new RangeError('Timeline entries need at least one client.');
  const contactCount = contactCounter(faker, options.contactsPerOrg);
  const now = Math.floor((options.now ?? new Date()).getTime() / MINUTE) * MINUTE;
  const newId = options.newId ?? randomUUID;

  const colleagues = uniqueNames(faker, OWNER_WEIGHTS.length);
  const owners = new WeightedSampler(colleagues, OWNER_WEIGHTS);
  const kinds = apportion(faker, clientCount, { organisation: ORGANISATION_SHARE, person: 1 - ORGANISATION_SHARE });
  const stages = apportion(faker, clientCount, STAGE_SHARES);
  const usedNames = new Set<string>();

  const plans: ClientPlan[] = [];
  for (let i = 0; i < clientCount; i++) plans.push(planClient(faker, kinds[i], stages[i], now, owners, usedNames, newId));
  assignRevenue(plans);

  const contacts: SeedContact[] = [];
  for (const plan of plans) {
    if (plan.kind !== 'organisation') continue;
    const n = contactCount();
    for (let j = 0; j < n; j++) contacts.push(makeContact(faker, plan, j, now, newId));
  }

  // The engagements before the timelines, which tell the promises made during them.
  const planner = new EngagementPlanner(faker, now, newId);
  for (const plan of plans) Object.assign(plan, planner.plan(plan));
  planner.assignCurrent(plans.flatMap((p) => p.engagements));

  const entries = tellTimelines(faker, plans, colleagues, events, now, newId);

  const clients = plans.map((plan) => ({ id: plan.id, record: clientRecord(faker, plan, now) }));

  // The dossiers last, so that their draws leave the names and timelines above as they were.
  const dossier = new DossierBuilder(faker, now, newId);
  const contactRecords = new Map(contacts.map((c) => [c.id, c.record]));
  plans.forEach((plan, i) => Object.assign(clients[i].record, dossier.build(plan, contactRecords)));
  // Then the engagement records: items from the promises the timelines told, and the checklists.
  const engagements = new EngagementBuilder(faker, now, newId);
  for (const plan of plans) engagements.build(plan);
  const { followUps: keepInTouch, ...engagementRows } = engagements.rows;
  return { colleagues, clients, contacts, entries, ...dossier.rows, followUps: [...dossier.rows.followUps, ...keepInTouch], ...engagementRows };
}

function checkCount(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a whole number, 0 or more (got ${n}).`);
}

function contactCounter(faker: Faker, perOrg: ContactsPerOrg | undefined): () => number {
  if (perOrg === undefined) {
    const sampler = new WeightedSampler([1, 2, 3, 4, 5], CONTACT_COUNT_WEIGHTS);
    return () => sampler.pick(faker);
  }
  if (typeof perOrg === 'number') {
    checkCount('contactsPerOrg', perOrg);
    return () => perOrg;
  }
  checkCount('contactsPerOrg.min', perOrg.min);
  checkCount('contactsPerOrg.max', perOrg.max);
  if (perOrg.min > perOrg.max) throw new RangeError('contactsPerOrg: min is more than max.');
  return () => intBetween(faker, perOrg.min, perOrg.max);
}

// ---- clients ----

function uniqueNames(faker: Faker, n: number): string[] {
  const names = new Set<string>();
  while (names.size < n) names.add(`${faker.person.firstName()} ${faker.person.lastName()}`);
  return [...names];
}

const pickFrom = <T>(faker: Faker, items: readonly T[]): T => items[Math.floor(uniform(faker) * items.length)];

function organisationName(faker: Faker, industry: (typeof INDUSTRIES)[number]): string {
  const r = uniform(faker);
  const word = pickFrom(faker, INDUSTRY_NAME_WORDS[industry]);
  const suffix = industry === 'Legal' || industry === 'Accounting' ? 'LLP' : pickFrom(faker, COMPANY_SUFFIXES);
  let name: string;
  if (r < 0.4) name = faker.company.name();
  else if (r < 0.75) name = `${faker.person.lastName()} ${word} ${suffix}`;
  else if (r < 0.9) name = `${faker.person.lastName()} & ${faker.person.lastName()} ${suffix}`;
  else name = `${faker.location.county()} ${word} ${suffix}`;
  return name.replace(/\s+/g, ' ').trim();
}

const ascii = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

const DOMAIN_STOPWORDS = new Set(['ltd', 'llp', 'plc', 'group', 'co', 'and', 'sons', 'inc', 'llc', 'the']);

function domainFor(faker: Faker, name: string, industry: string): string {
  const words = ascii(name)
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !DOMAIN_STOPWORDS.has(w));
  const stem = words.slice(0, 2).join('') || 'client';
  if (industry === 'Charity' || industry === 'Public sector') return `${stem}.org.uk`;
  const r = uniform(faker);
  return `${stem}${r < 0.65 ? '.co.uk' : r < 0.95 ? '.com' : '.uk'}`;
}

/** When the relationship started (days ago, range by stage) and, for alumni, ended. */
function window(faker: Faker, stage: LifecycleStage, now: number): { start: number; end: number } {
  const daysAgo = (min: number, max: number) => now - Math.floor((min + uniform(faker) * (max - min)) * DAY / MINUTE) * MINUTE;
  switch (stage) {
    case 'prospect':
      return { start: daysAgo(5, 240), end: now };
    case 'onboarding':
      return { start: daysAgo(15, 120), end: now };
    case 'active':
      return { start: daysAgo(90, HISTORY_DAYS), end: now };
    case 'issue-resolution':
      return { start: daysAgo(180, HISTORY_DAYS), end: now };
    case 'offboarding':
      return { start: daysAgo(240, HISTORY_DAYS), end: now };
    case 'alumni': {
      const start = daysAgo(365, HISTORY_DAYS);
      const latest = now - 30 * DAY;
      const end = start + Math.floor((120 * DAY + uniform(faker) * Math.max(0, latest - start - 120 * DAY)) / MINUTE) * MINUTE;
      return { start, end: Math.min(end, latest) };
    }
  }
}

function planClient(
  faker: Faker,
  kind: ClientKind,
  stage: LifecycleStage,
  now: number,
  owners: WeightedSampler<string>,
  usedNames: Set<string>,
  newId: () => string,
): ClientPlan {
  let name = '';
  let firstName = '';
  let industry: string;
  if (kind === 'organisation') {
    const orgIndustry = pickFrom(faker, INDUSTRIES);
    industry = orgIndustry;
    for (let attempt = 0; attempt < 20 && (!name || usedNames.has(name)); attempt++) name = organisationName(faker, orgIndustry);
  } else {
    industry = pickFrom(faker, PERSON_INDUSTRIES);
    for (let attempt = 0; attempt < 20 && (!name || usedNames.has(name)); attempt++) {
      firstName = faker.person.firstName();
      name = `${firstName} ${faker.person.lastName()}`;
    }
  }
  if (usedNames.has(name)) {
    let n = 2;
    while (usedNames.has(`${name} (${n})`)) n++;
    name = `${name} (${n})`;
  }
  usedNames.add(name);
  const { start, end } = window(faker, stage, now);
  const createdAt = start - Math.floor((uniform(faker) * 14 * DAY) / MINUTE) * MINUTE;
  const tags = faker.helpers.arrayElements(TAGS, { min: 0, max: kind === 'organisation' ? 3 : 2 });
  return {
    id: newId(),
    kind,
    stage,
    name,
    firstName,
    industry,
    domain: kind === 'organisation' ? domainFor(faker, name, industry) : '',
    size: logNormal(faker, 1.2) * (kind === 'organisation' ? 1 : 0.25),
    createdAt,
    start,
    end,
    owner: owners.pick(faker),
    tags,
    revenueShare: null,
    contacts: [],
    lastContactAt: null,
    story: { facts: [], handovers: [], moments: [], openIssues: [], promises: [] },
    projects: [],
    engagements: [],
    entryIds: [],
  };
}

/**
 * Shares of revenue in percent over the paying clients: 10,000 hundredths of a percent handed out
 * in proportion to size (largest remainder), so they sum to exactly 100.00.
 */
function assignRevenue(plans: ClientPlan[]): void {
  const paying = plans.filter((p) => REVENUE_FACTOR[p.stage] !== null);
  for (const p of paying) p.revenueShare = 0;
  const weights = paying.map((p) => REVENUE_FACTOR[p.stage]! * p.size);
  const total = weights.reduce((a, b) => a + b, 0);
  if (total > 0) {
    const exact = weights.map((w) => (10_000 * w) / total);
    const units = exact.map(Math.floor);
    let left = 10_000 - units.reduce((a, b) => a + b, 0);
    const byRemainder = exact.map((_, i) => i).sort((a, b) => exact[b] - units[b] - (exact[a] - units[a]) || a - b);
    for (let k = 0; left > 0; k++, left--) units[byRemainder[k % byRemainder.length]] += 1;
    paying.forEach((p, i) => (p.revenueShare = units[i] / 100));
  }
  const ranked = plans.filter((p) => (p.revenueShare ?? 0) > 0).sort((a, b) => b.revenueShare! - a.revenueShare!);
  for (const p of ranked.slice(0, Math.max(1, Math.round(plans.length * KEY_ACCOUNT_SHARE)))) {
    if (!p.tags.includes('key-account')) p.tags.unshift('key-account');
  }
}

function clientNotes(faker: Faker, plan: ClientPlan): string {
  const main = plan.contacts[0];
  const year = new Date(plan.createdAt).getUTCFullYear();
  const origin = pickFrom(faker, [
    `Came to us through a referral from ${faker.person.fullName()} at ${faker.company.name()}.`,
    `Met at the ${pickFrom(faker, CITIES)} ${plan.industry.toLowerCase()} conference in ${year}.`,
    'Found us through the website.',
    'Won after a competitive tender against two larger firms.',
    `Inherited when ${plan.owner} joined the firm.`,
  ]);
  const scope =
    plan.kind === 'organisation'
      ? `About ${intBetween(faker, 1, 40) * 10} staff ${pickFrom(faker, ['on one site', 'across two sites', `across ${intBetween(faker, 3, 9)} sites`])}.` +
        (main ? ` ${main.name} is the main contact.` : '')
      : pickFrom(faker, [
          `Runs a small ${plan.industry.toLowerCase()} business from home.`,
          'Private client; family matters as well as business ones.',
          'Sole trader, growing fast.',
        ]);
  const terms = pickFrom(faker, [
    'Pays on 30-day terms, usually on time.',
    'Invoices go to accounts payable; always quote the PO number.',
    `Retainer of £${intBetween(faker, 5, 80) * 100} a month, reviewed each April.`,
    'Slow payer: chase at 45 days.',
    'Fixed-fee projects only; no open-ended work.',
  ]);
  const style = pickFrom(faker, [
    'Prefers short written updates to meetings.',
    'Decisions go through the board, which meets monthly.',
    'Very price-sensitive; always wants options.',
    'Values face-to-face contact: visit at least once a quarter.',
    `Interested in ${pickFrom(faker, TOPICS)}.`,
  ]);
  const now: Record<LifecycleStage, string> = {
    prospect: 'Early conversations only; no proposal yet.',
    onboarding: 'Kick-off done; first deliverables due soon.',
    active: '',
    'issue-resolution': `Currently unhappy about ${pickFrom(faker, PROBLEMS)[0]}; handle with care.`,
    offboarding: 'Leaving us: keep the exit friendly, they may come back.',
    alumni: 'No longer a client; parted on good terms and still a possible referral source.',
  };
  return [origin, scope, terms, style, now[plan.stage]].filter(Boolean).join(' ');
}

function clientRecord(faker: Faker, plan: ClientPlan, now: number): ClientRecord {
  const updatedAt = plan.createdAt + Math.floor((uniform(faker) * (now - plan.createdAt)) / MINUTE) * MINUTE;
  return {
    kind: plan.kind,
    name: plan.name,
    stage: plan.stage,
    industry: plan.industry,
    owner: plan.owner,
    tags: plan.tags,
    revenueShare: plan.revenueShare,
    notes: clientNotes(faker, plan),
    // Set with the dossier.
    news: '',
    cadenceDays: null,
    warmth: null,
    lastContactAt: plan.lastContactAt === null ? null : iso(plan.lastContactAt),
    createdAt: iso(plan.createdAt),
    updatedAt: iso(updatedAt),
  };
}

// ---- contacts ----

function makeContact(faker: Faker, plan: ClientPlan, index: number, now: number, newId: () => string): SeedContact {
  const firstName = faker.person.firstName();
  const lastName = faker.person.lastName();
  const name = `${firstName} ${lastName}`;
  const role = index === 0 ? pickFrom(faker, CONTACT_ROLES_SENIOR) : pickFrom(faker, CONTACT_ROLES);
  const f = ascii(firstName).replace(/[^a-z]/g, '') || 'info';
  const l = ascii(lastName).replace(/[^a-z]/g, '');
  const local = pickFrom(faker, [`${f}.${l}`, `${f}.${l}`, `${f[0]}.${l}`, f, `${f}${l[0] ?? ''}`]).replace(/\.$/, '');
  const email = uniform(faker) < 0.05 ? '' : `${local}@${plan.domain}`;
  const phone = uniform(faker) < 0.1 ? '' : faker.phone.number();
  // The first contact comes with the client; the others join over the first year and a half.
  const span = Math.min(Math.max(0, plan.end - plan.createdAt), 540 * DAY);
  const createdAt = index === 0 ? plan.createdAt : plan.createdAt + Math.floor((uniform(faker) * span) / MINUTE) * MINUTE;
  const id = newId();
  plan.contacts.push({ id, firstName, name, role, createdAt });
  // The preferences are set with the dossier.
  return { id, clientId: plan.id, record: { name, role, email, phone, preferredChannel: 'any', preferredTime: '', createdAt: iso(Math.min(createdAt, now)) } };
}

// ---- timelines ----

const iso = (ms: number) => new Date(ms).toISOString();

/** A moment in the window on a working day (mostly) in working hours, at five-minute steps. */
function entryTime(faker: Faker, start: number, end: number): number {
  const t = start + uniform(faker) * (end - start);
  let day = Math.floor(t / DAY) * DAY;
  const weekday = new Date(day).getUTCDay();
  if ((weekday === 0 || weekday === 6) && uniform(faker) < 0.9) day += (weekday === 6 ? -1 : 1) * DAY;
  let at = day + 8 * HOUR + intBetween(faker, 0, 125) * 5 * MINUTE;
  if (at > end) at = end - intBetween(faker, 1, 180) * MINUTE;
  return Math.max(at, start);
}

function tellTimelines(
  faker: Faker,
  plans: ClientPlan[],
  colleagues: string[],
  events: number,
  now: number,
  newId: () => string,
): SeedEntry[] {
  if (events === 0) return [];
  // Skewed allocation: busy stages and big clients get more, with plenty of noise, so a few
  // clients have hundreds of entries and some prospects have none.
  const activity = plans.map((p) => STAGE_ACTIVITY[p.stage] * Math.sqrt(p.size) * logNormal(faker, 1));
  const byClient = new WeightedSampler(
    plans.map((_, i) => i),
    activity,
  );
  const counts = new Array<number>(plans.length).fill(0);
  for (let i = 0; i < events; i++) counts[byClient.pick(faker)]++;

  const kindSamplers = new Map<LifecycleStage, WeightedSampler<EntryKind>>();
  for (const stage of LIFECYCLE_STAGES) {
    const adjust = KIND_ADJUST[stage] ?? {};
    const weights = { ...ENTRY_KIND_WEIGHTS };
    for (const [k, f] of Object.entries(adjust) as [EntryKind, number][]) weights[k] *= f;
    kindSamplers.set(stage, WeightedSampler.of(weights));
  }

  const entries: SeedEntry[] = [];
  plans.forEach((plan, i) => {
    const n = counts[i];
    if (n === 0) return;
    const times = Array.from({ length: n }, () => entryTime(faker, plan.start, plan.end)).sort((a, b) => a - b);
    const story = new ClientStory(faker, plan, colleagues, plan.owner, plan.end);
    const kinds = kindSamplers.get(plan.stage)!;
    let newest: number | null = null;
    for (const told of story.tellAll(times, () => kinds.pick(faker))) {
      const delay = uniform(faker) < 0.9 ? intBetween(faker, 0, 6 * 60) * MINUTE : intBetween(faker, 1, 3) * DAY;
      // Last contact is the newest interaction: a note or a stage change is not being in touch.
      if (INTERACTION_KINDS.has(told.kind) && (newest === null || told.at > newest)) newest = told.at;
      const id = newId();
      plan.entryIds.push(id);
      entries.push({
        id,
        clientId: plan.id,
        record: {
          kind: told.kind,
          occurredAt: iso(told.at),
          summary: told.summary,
          body: told.body,
          contactIds: told.contactIds,
          // A change of a promise's state is recorded as it happens.
          createdAt: iso(Math.min(told.logged ? told.at : told.at + delay, now)),
        },
      });
    }
    plan.owner = story.owner;
    plan.lastContactAt = newest;
    plan.story = story.record();
  });
  // The order they would have been recorded in, not grouped by client.
  return entries.sort((a, b) => (a.record.occurredAt < b.record.occurredAt ? -1 : a.record.occurredAt > b.record.occurredAt ? 1 : 0));
}
