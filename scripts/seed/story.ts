/**
 * One client's timeline told in order: what each entry says follows from what came before
 * (a delivery keeps or misses an earlier promise, a resolution closes an open issue, a handover
 * changes the account owner, stage changes walk the path to the client's current stage).
 *
 * A promise made during one of the client's engagements is also an expectation item, and each
 * change of its state (on track, at risk, kept, slipped, missed, renegotiated) is one entry, worded
 * as the engagements service words it; a kept promise cites its delivery entry as evidence.
 */
import type { Faker } from '@faker-js/faker';
import type { ClientKind, EntryKind, ItemState, LifecycleStage } from '../../src/shared/types';
import { STATE_WORDS } from '../../src/main/services/engagements';
import { intBetween, uniform } from './random';
import {
  CITIES,
  DELIVERABLES,
  FOOTBALL_CLUBS,
  GIFT_OCCASIONS,
  HANDOVER_REACTIONS,
  HANDOVER_REASONS,
  LETTER_TYPES,
  NEW_TERMS,
  PROBLEMS,
  PROJECTS,
  PROMISE_NOTES,
  PROMISE_TEXTS,
  REVIEW_DECISIONS,
  STAGE_LABELS,
  STAGE_PATHS,
  TOPICS,
} from './vocabulary';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface StoryContact {
  id: string;
  firstName: string;
  name: string;
  role?: string;
  /** When the contact was added (ms); entries before it do not mention them. */
  createdAt: number;
}

export interface StoryClient {
  kind: ClientKind;
  name: string;
  /** The person's first name for a person client; '' for an organisation. */
  firstName: string;
  stage: LifecycleStage;
  contacts: StoryContact[];
  /** The work the timeline talks about (default: two or three drawn here). */
  projects?: readonly string[];
  /** Its engagements (planned before the timeline); promises made during one are tracked. */
  engagements?: readonly StoryEngagement[];
}

/**
 * How a running engagement's latest promise stands today, decided across the practice (see
 * engagements.ts) so that the present always has promises open, on track, at risk, overdue and
 * renegotiated.
 */
export type CurrentFate = 'open' | 'on-track' | 'at-risk' | 'overdue' | 'renegotiated';

/** An engagement as the timeline sees it. */
export interface StoryEngagement {
  name: string;
  /** What its promises are for, after "the": "website rebuild", "advisory retainer". */
  topic: string;
  start: number;
  /** When the work stopped; the present for one still running. */
  end: number;
  ongoing: boolean;
  /** A running engagement's latest promise (null: none planned). */
  current: CurrentFate | null;
}

/** A change of a tracked promise's state, as the engagements service records it. */
export interface StoryChange {
  state: ItemState;
  note: string;
  at: number;
  /** The entry the change added (its index in the told timeline). */
  entry: number;
  /** The delivery entry cited as evidence of a kept promise (index), or null. */
  evidence: number | null;
  newTerms: string | null;
  newDueOn: string | null;
}

/** A promise made during an engagement: an expectation item, with its history. */
export interface StoryPromise {
  /** Index of the engagement in the client's list. */
  engagement: number;
  text: string;
  responsible: string;
  /** YYYY-MM-DD (current terms). */
  dueOn: string;
  createdAt: number;
  /** The promise entry (its index in the told timeline). */
  entry: number;
  /** Its engagement's current promise (see CurrentFate). */
  current: boolean;
  changes: StoryChange[];
}

export interface Told {
  kind: EntryKind;
  summary: string;
  body: string;
  contactIds: string[];
  /** Recorded as it happened (a promise's change of state, which the app writes at the time). */
  logged?: boolean;
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });
const fmtDate = (ms: number) => dateFormat.format(ms);
const fmtMonth = (ms: number) => monthFormat.format(ms);

/** Where in a client's history (as a fraction of its entries) each stage was entered. */
export const STAGE_ENTERED_AT: Partial<Record<LifecycleStage, number>> = {
  onboarding: 0.03,
  active: 0.1,
  'issue-resolution': 0.85,
  offboarding: 0.8,
  alumni: 0.97,
};

const STAGE_REASONS: Record<LifecycleStage, string[]> = {
  prospect: ['First conversation.'],
  onboarding: ['Proposal accepted; engagement letter signed.', 'Signed the statement of work after the second pitch.'],
  active: ['Onboarding complete; first invoice paid.', 'Kick-off done and the team is in place.'],
  'issue-resolution': ['Escalated after a formal complaint.', 'Moved here while we sort out the billing dispute.'],
  offboarding: [
    'They gave notice: the work is moving in-house.',
    'Budget cut; the contract will not be renewed.',
    'Acquired by a group that uses another firm.',
  ],
  alumni: ['Final invoice paid; closed on good terms.', 'Handed everything over; they said they would recommend us.'],
};

interface PromiseMade {
  deliverable: string;
  due: number;
  /** Who it was promised to (the delivery goes to them). */
  to: StoryContact[];
  /** The expectation item, when it was made during an engagement. */
  item?: StoryPromise;
}

/**
 * An entry the story has already decided on: a promised delivery, an issue's resolution, a change
 * of a promise's state, or a running engagement's current promise.
 */
type Planned =
  | { kind: 'delivery'; promise: PromiseMade }
  | { kind: 'resolution'; issue: Issue }
  | { kind: 'mark'; promise: PromiseMade; state: ItemState; evidence?: number }
  | { kind: 'current'; promise: PromiseMade; engagement: number; fate: CurrentFate };

interface Issue {
  problem: string;
  /** How it gets settled (template with WHO, OWNER and AMOUNT). */
  resolution: string;
  raisedBy: StoryContact[];
}

interface Slot {
  at: number;
  planned?: Planned;
}

export interface ToldAt extends Told {
  at: number;
}

/** The personal facts a note can tell (see personalFact). */
export type StoryFactKey =
  | 'university'
  | 'operation'
  | 'nut-allergy'
  | 'vegetarian'
  | 'prefers-calls'
  | 'half-marathon'
  | 'grandchild'
  | 'moving-house'
  | 'club'
  | 'parental-leave';

/** A personal fact a note told, kept so the dossier's facts can agree with the notes. */
export interface StoryFact {
  key: StoryFactKey;
  /** The contact it is about; null for a person client. */
  contactId: string | null;
  /** Their first name. */
  who: string;
  /** When the note was written (ms). */
  at: number;
  /** The day or month it mentions (ms): the operation, the move, the start of term... */
  on?: number;
  /** The child's or grandchild's name, the club, the city, the knee. */
  detail?: string;
  /** 'daughter' or 'son' (university). */
  relation?: string;
}

/** A handover the timeline tells (the entry's date, who from and to, and why). */
export interface StoryHandover {
  at: number;
  from: string;
  to: string;
  /** As in the entry's body ("workload rebalancing"). */
  reason: string;
  /** How the client took it, as in the entry's body. */
  reaction: string;
}

/** A turn in the relationship a warmth reading can point at. */
export interface StoryMoment {
  at: number;
  kind: 'issue' | 'resolution' | 'referral' | 'gift' | 'handover' | 'stage-change' | 'review' | 'late-delivery';
  /** The problem, the company referred, the gift, the new owner, the new stage, the decision, the deliverable. */
  detail: string;
}

/** What a told timeline leaves behind for the rest of the dossier. */
export interface StoryRecord {
  facts: StoryFact[];
  handovers: StoryHandover[];
  moments: StoryMoment[];
  /** Problems raised and not resolved, oldest first. */
  openIssues: string[];
  /** The promises made during an engagement, in the order they were made. */
  promises: StoryPromise[];
}

/** Of promises made: kept (delivered by the due date), slipped (delivered late), missed (never). */
const PROMISE_OUTCOMES = { kept: 0.78, slipped: 0.14, missed: 0.08 };
/** The same for a promise tracked in an engagement, which can also be renegotiated; by stage. */
const TRACKED_OUTCOMES: Record<'calm' | 'troubled', { kept: number; slipped: number; missed: number; renegotiated: number }> = {
  calm: { kept: 0.74, slipped: 0.12, missed: 0.07, renegotiated: 0.07 },
  troubled: { kept: 0.55, slipped: 0.2, missed: 0.12, renegotiated: 0.13 },
};
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Share of issues that get resolved (within a month; the rest stay open). */
const ISSUE_RESOLVED = 0.85;
/** A promise not delivered this long after its due date counts as missed. */
const MISSED_AFTER = 21 * DAY;

export class ClientStory {
  /** Who owns the account now; handovers change it. */
  owner: string;
  private readonly path: LifecycleStage[];
  private stageIndex = 0;
  private transitionAt: number[] = [];
  private readonly projects: string[];
  private slots: Slot[] = [];
  /** Promises not yet delivered or written off, oldest first. */
  private pending: PromiseMade[] = [];
  private openIssues: Issue[] = [];
  private kept = 0;
  private broken = 0;
  private lastAt: number | null = null;
  private index = 0;
  private readonly facts: StoryFact[] = [];
  private readonly handovers: StoryHandover[] = [];
  private readonly moments: StoryMoment[] = [];
  private readonly promises: StoryPromise[] = [];
  private readonly engagements: readonly StoryEngagement[];

  constructor(
    private readonly faker: Faker,
    private readonly client: StoryClient,
    private readonly colleagues: readonly string[],
    owner: string,
    /** No entry is planned after this (the present, or when an alumni relationship ended). */
    private readonly end: number,
  ) {
    this.owner = owner;
    this.path = STAGE_PATHS[client.stage];
    this.projects = client.projects?.length ? [...client.projects] : faker.helpers.arrayElements(PROJECTS, { min: 2, max: 3 });
    this.engagements = client.engagements ?? [];
  }

  /**
   * Tells one entry per moment (sorted, oldest first). `pick` draws the kind of an entry the story
   * has not already decided; planned deliveries and resolutions move a later moment to their date.
   */
  tellAll(times: number[], pick: () => EntryKind): ToldAt[] {
    this.slots = times.map((at) => ({ at }));
    this.reserveCurrent();
    const n = times.length;
    // Stage transitions are told only when the timeline is long enough to hold them all.
    const transitions = this.path.slice(1);
    this.transitionAt = n >= 3 * transitions.length ? transitions.map((s) => Math.floor((STAGE_ENTERED_AT[s] ?? 0.5) * n)) : [];
    const out: ToldAt[] = [];
    for (this.index = 0; this.index < this.slots.length; this.index++) {
      const slot = this.slots[this.index];
      this.writeOff(slot.at);
      out.push({ ...this.tell(slot, pick), at: slot.at });
      this.lastAt = slot.at;
    }
    return out;
  }

  /** The facts, handovers, turns and open issues the timeline told (after tellAll). */
  record(): StoryRecord {
    return {
      facts: this.facts,
      handovers: this.handovers,
      moments: this.moments,
      openIssues: this.openIssues.map((i) => i.problem),
      promises: this.promises,
    };
  }

  private tell(slot: Slot, pick: () => EntryKind): Told {
    if (slot.planned?.kind === 'delivery') return this.delivered(slot.at, slot.planned.promise);
    if (slot.planned?.kind === 'resolution') return this.resolved(slot.at, slot.planned.issue);
    if (slot.planned?.kind === 'mark') return this.marked(slot.at, slot.planned.promise, slot.planned.state, slot.planned.evidence ?? null);
    if (slot.planned?.kind === 'current') return this.promise(slot.at, slot.planned);
    if (this.stageIndex < this.transitionAt.length && this.transitionAt[this.stageIndex] <= this.index) return this.stageChange(slot.at);
    let kind = pick();
    if (kind === 'stage-change' || kind === 'resolution') kind = 'review';
    // Work under way brings promises: some of the calls and emails about it make one.
    if ((kind === 'email' || kind === 'call') && this.chance(0.15) && this.engagements.some((e) => this.tracks(e, slot.at))) kind = 'promise';
    if (kind === 'handover' && this.colleagues.length < 2) kind = 'note';
    if (kind === 'delivery' && this.client.stage === 'prospect') kind = 'email';
    return this.entry(kind, slot.at);
  }

  /** Promises long past due with no delivery planned count as missed. */
  private writeOff(at: number): void {
    while (this.pending.length && this.pending[0].due + MISSED_AFTER < at) {
      this.pending.shift();
      this.broken++;
    }
  }

  /**
   * Moves the unplanned later moment nearest to `target` onto it and gives it the planned entry.
   * Returns false when there is none or the target is past the end of the timeline.
   */
  private plan(target: number, planned: Planned): boolean {
    const at = this.slots[this.index].at;
    target = Math.max(workingTime(this.faker, target), at + 30 * MINUTE);
    if (target > this.end) return false;
    let best = -1;
    let bestDistance = Infinity;
    for (let k = this.index + 1; k < this.slots.length; k++) {
      const slot = this.slots[k];
      if (slot.planned) continue;
      const d = Math.abs(slot.at - target);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      } else if (slot.at > target) break;
    }
    if (best < 0) return false;
    const [slot] = this.slots.splice(best, 1);
    slot.at = target;
    slot.planned = planned;
    let pos = this.index + 1;
    while (pos < this.slots.length && this.slots[pos].at <= target) pos++;
    this.slots.splice(pos, 0, slot);
    return true;
  }

  /** Whether the story has reached that stage yet (short timelines tell no transitions). */
  private reached(stage: LifecycleStage): boolean {
    const at = this.path.indexOf(stage);
    if (at < 0) return false;
    return this.transitionAt.length === 0 || this.stageIndex >= at;
  }

  // ---- people ----

  /** Up to `max` (at least `min`) of the client's contacts known at that time. */
  private people(at: number, min: number, max: number): StoryContact[] {
    const known = this.client.contacts.filter((c) => c.createdAt <= at);
    if (known.length === 0) return [];
    const n = Math.min(known.length, intBetween(this.faker, min, max));
    return n <= 0 ? [] : this.faker.helpers.arrayElements(known, n);
  }

  /** "Dave", "Dave and Megan", or the person client's first name. */
  private names(people: StoryContact[]): string {
    if (people.length === 0) return this.client.firstName || `the team at ${this.client.name}`;
    const first = people.map((p) => p.firstName);
    return first.length === 1 ? first[0] : `${first.slice(0, -1).join(', ')} and ${first[first.length - 1]}`;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(uniform(this.faker) * items.length)];
  }

  private chance(p: number): boolean {
    return uniform(this.faker) < p;
  }

  private project(): string {
    return this.pick(this.projects);
  }

  private later(at: number, minDays: number, maxDays: number): number {
    return at + intBetween(this.faker, minDays, maxDays) * DAY;
  }

  // ---- kinds ----

  private entry(kind: EntryKind, at: number): Told {
    switch (kind) {
      case 'meeting':
        return this.meeting(at);
      case 'call':
        return this.call(at);
      case 'email':
        return this.email(at);
      case 'note':
        return this.note(at);
      case 'promise':
        return this.promise(at);
      case 'delivery':
        return this.unpromisedDelivery(at);
      case 'issue':
        return this.issue(at);
      case 'resolution':
      case 'stage-change':
        return this.review(at);
      case 'gift':
        return this.gift(at);
      case 'referral':
        return this.referral(at);
      case 'handover':
        return this.handover(at);
      case 'review':
        return this.review(at);
      case 'letter':
      case 'letter-sent':
        return this.letter(at);
      case 'message':
      case 'visit':
        return this.meeting(at);
    }
  }

  private told(kind: EntryKind, summary: string, body: string, people: StoryContact[]): Told {
    return { kind, summary, body, contactIds: people.map((p) => p.id) };
  }

  private meeting(at: number): Told {
    const people = this.people(at, 1, 3);
    const who = this.names(people);
    const project = this.project();
    const city = this.pick(CITIES);
    const topic = this.pick(TOPICS);
    const [summary, opener] = this.pick<[string, string]>([
      [`Quarterly catch-up with ${who}`, `Met ${who} at their ${city} office.`],
      [`Progress meeting on the ${project}`, `Video call with ${who}; cameras on for once.`],
      [`Lunch with ${who} in ${city}`, `Met ${who} over lunch.`],
      [`Workshop on ${topic}`, `${who} and ${this.owner} went through ${topic} in detail.`],
      [`Site visit to the ${city} office`, `Toured the ${city} site with ${who}.`],
      [`Planning session for the ${project}`, `Half a day with ${who} planning the next phase.`],
    ]);
    const middle = this.pick([
      `They are pleased with progress on the ${project} but want tighter reporting.`,
      `Main concern is ${topic}; agreed to come back with options.`,
      `${who} hinted at more work next year if the ${project} lands well.`,
      `Budget is tight this quarter; anything new waits until ${fmtMonth(this.later(at, 60, 120))}.`,
      `Good energy in the room. They want to move faster on the ${project}.`,
      `Walked through the ${this.pick(DELIVERABLES)} page by page; a few small changes requested.`,
    ]);
    const close = this.pick([
      `Next meeting pencilled in for ${fmtDate(this.later(at, 14, 45))}.`,
      `Action: send notes and the ${this.pick(DELIVERABLES)} by ${fmtDate(this.later(at, 3, 10))}.`,
      '',
    ]);
    return this.told('meeting', summary, [opener, middle, close].filter(Boolean).join(' '), people);
  }

  private call(at: number): Told {
    const people = this.people(at, 1, 1);
    const who = this.names(people);
    const topic = this.pick(TOPICS);
    const summary = this.pick([
      `Call with ${who} about ${topic}`,
      `Check-in call with ${who}`,
      `${who} rang about ${topic}`,
      `Follow-up call on the ${this.project()}`,
      `Missed call from ${who}; called back`,
    ]);
    const body = this.chance(0.2)
      ? ''
      : `${intBetween(this.faker, 1, 9) * 5}-minute call. ` +
        this.pick([
          `All fine; nothing new to report.`,
          `${who} wants an update before the board meets.`,
          `Wanted reassurance about ${topic}; gave it.`,
          `Sounded stretched: their team is two people down.`,
          `Asked for a quote for extra work on the ${this.project()}.`,
          `Agreed to speak again in ${fmtMonth(this.later(at, 20, 60))}.`,
        ]);
    return this.told('call', summary, body, people);
  }

  private email(at: number): Told {
    const people = this.people(at, 1, 1);
    const who = this.names(people);
    const deliverable = this.pick(DELIVERABLES);
    const summary = this.pick([
      `Sent the ${deliverable} to ${who}`,
      `${who} asked about ${this.pick(TOPICS)}`,
      `Shared notes from the last meeting`,
      `Invoice INV-${intBetween(this.faker, 1000, 9999)} sent`,
      `Confirmed dates for the ${this.project()}`,
      `Chased ${who} for sign-off on the ${deliverable}`,
    ]);
    const body = this.chance(0.3)
      ? ''
      : this.pick([
          `${who} replied the same day: happy to proceed.`,
          `No reply yet; chase on ${fmtDate(this.later(at, 3, 7))}.`,
          `Copied in ${this.owner}.`,
          `They want a call to discuss before committing.`,
          `Attached the PDF and a one-page summary.`,
        ]);
    return this.told('email', summary, body, people);
  }

  private note(at: number): Told {
    const people = this.people(at, 0, 1);
    if (this.chance(0.5)) {
      const person = people[0];
      const who = person?.firstName ?? this.client.firstName;
      if (who) return this.told('note', ...this.personalFact(who, person?.id ?? null, at), people);
    }
    const city = this.pick(CITIES);
    const [summary, body] = this.pick<[string, string]>([
      ['Talking to a competitor', `Heard they are also talking to another firm about the ${this.project()}.`],
      ['New finance director', `A new finance director starts in ${fmtMonth(this.later(at, 20, 90))}; expect a review of suppliers.`],
      [`New site in ${city}`, `They have just opened a second site in ${city}; may need support there too.`],
      ['Budget cycle', `Annual budgets are set in ${fmtMonth(this.later(at, 30, 200))}; get proposals in before then.`],
      ['Decision process', `Anything over £${intBetween(this.faker, 2, 20) * 5},000 needs board approval.`],
      ['Internal note', `Worth proposing the ${this.pick(PROJECTS)} at the next review.`],
    ]);
    return this.told('note', summary, body, people);
  }

  /** The things worth remembering about a person (the heart of a dossier). */
  private personalFact(who: string, contactId: string | null, at: number): [string, string] {
    const faker = this.faker;
    const monthAt = this.later(at, 20, 150);
    const dateAt = this.later(at, 10, 60);
    const month = fmtMonth(monthAt);
    const date = fmtDate(dateAt);
    const fact = (key: StoryFactKey, more: Partial<StoryFact> = {}) => this.facts.push({ key, contactId, who, at, ...more });
    return this.pick<() => [string, string]>([
      () => {
        const child = faker.person.firstName();
        const relation = this.pick(['daughter', 'son']);
        fact('university', { on: monthAt, detail: child, relation });
        return [`${who}: ${child} off to university`, `${who}'s ${relation} ${child} starts university in ${month}.`];
      },
      () => {
        const part = this.pick(['knee', 'hip', 'shoulder']);
        fact('operation', { on: dateAt, detail: part });
        return [`${who}: operation on ${date}`, `${who} is having a ${part} operation on ${date}; back at work about two weeks later. Ask how it went.`];
      },
      () => {
        fact('nut-allergy');
        return [`${who}: nut allergy`, `${who} has a nut allergy: check the menu before booking lunch.`];
      },
      () => {
        fact('vegetarian');
        return [`${who} is vegetarian`, `${who} is vegetarian; the team lunch should have proper options.`];
      },
      () => {
        fact('prefers-calls');
        return [`${who} prefers calls`, `${who} prefers a call to email, ideally before 10am.`];
      },
      () => {
        const city = this.pick(CITIES);
        fact('half-marathon', { on: monthAt, detail: city });
        return [`${who}: half marathon`, `${who} is running the ${city} half marathon in ${month}, raising money for a hospice.`];
      },
      () => {
        const grandchild = faker.person.firstName();
        fact('grandchild', { on: at, detail: grandchild });
        return [`${who}: new grandchild`, `${who} has just become a grandparent: ${grandchild}, born last week.`];
      },
      () => {
        fact('moving-house', { on: monthAt });
        return [`${who} is moving house`, `${who} is moving house in ${month}; expect slower replies that month.`];
      },
      () => {
        const club = this.pick(FOOTBALL_CLUBS);
        fact('club', { detail: club });
        return [`${who} supports ${club}`, `${who} supports ${club}. Avoid the subject after a loss.`];
      },
      () => {
        fact('parental-leave', { on: monthAt });
        return [`${who}: parental leave`, `${who} is on parental leave from ${month} for six months.`];
      },
    ])();
  }

  private promise(at: number, current?: { promise: PromiseMade; engagement: number; fate: CurrentFate }): Told {
    const people = this.people(at, 1, 2);
    const who = this.names(people);
    const deliverable = this.pick(DELIVERABLES);
    const engagement = current ? current.engagement : this.engagementAt(at);
    const project = engagement === null ? this.project() : this.engagements[engagement].topic;
    let weeks = intBetween(this.faker, 1, 8);
    let due = at + weeks * 7 * DAY;
    if (current) {
      due = current.promise.due;
      weeks = Math.max(1, Math.round((due - at) / (7 * DAY)));
    }
    const promise = current?.promise ?? { deliverable, due, to: people };
    Object.assign(promise, { deliverable, due, to: people });
    if (engagement !== null) {
      promise.item = {
        engagement,
        text: this.pick(PROMISE_TEXTS).replace('DELIVERABLE', deliverable).replace('PROJECT', project).replace('WHO', who),
        responsible: this.chance(0.85) ? this.owner : this.pick(this.colleagues),
        dueOn: isoDay(due),
        createdAt: at,
        entry: this.index,
        current: current !== undefined,
        changes: [],
      };
      promise.item.text = promise.item.text.charAt(0).toUpperCase() + promise.item.text.slice(1);
      this.promises.push(promise.item);
      // The current promise's outcome is still to come (its change of state, if any, is planned).
      if (!current) this.track(at, promise, weeks);
    } else {
      const outcome = uniform(this.faker);
      const planned =
        outcome < PROMISE_OUTCOMES.kept
          ? this.plan(due - intBetween(this.faker, 0, Math.min(10, weeks * 7 - 1)) * DAY, { kind: 'delivery', promise })
          : outcome < PROMISE_OUTCOMES.kept + PROMISE_OUTCOMES.slipped
            ? this.plan(due + intBetween(this.faker, 1, 20) * DAY, { kind: 'delivery', promise })
            : false;
      if (!planned) this.pending.push(promise);
    }
    const summary =
      current || this.chance(0.5)
        ? `Promised the ${deliverable} by ${fmtDate(due)}`
        : `Agreed to deliver the ${deliverable} within ${weeks} week${weeks === 1 ? '' : 's'}`;
    const body =
      `${this.owner} promised ${who} the ${deliverable} for the ${project} by ${fmtDate(due)}. ` +
      this.pick([
        'They also expect a walkthrough; said clearly that training is not included.',
        'Scope confirmed in writing.',
        'They asked for weekly updates until then.',
        '',
      ]);
    return this.told('promise', summary, body.trim(), people);
  }

  /**
   * Decides how a tracked promise turns out and plans the entries that tell it: kept (delivered by
   * the due date, sometimes marked on track first), slipped or missed (sometimes flagged at risk
   * first), or renegotiated (a new date, then usually kept). Whatever falls after the end of the
   * timeline has not happened yet: the promise stays as it was, open or overdue.
   */
  private track(at: number, promise: PromiseMade, weeks: number): void {
    const o = TRACKED_OUTCOMES[this.client.stage === 'issue-resolution' ? 'troubled' : 'calm'];
    const due = promise.due;
    const r = uniform(this.faker);
    const outcome = r < o.kept ? 'kept' : r < o.kept + o.slipped ? 'slipped' : r < o.kept + o.slipped + o.missed ? 'missed' : 'renegotiated';
    const target =
      outcome === 'kept'
        ? due - intBetween(this.faker, 0, Math.min(10, weeks * 7 - 1)) * DAY
        : outcome === 'slipped'
          ? due + intBetween(this.faker, 1, 20) * DAY
          : outcome === 'missed'
            ? due + intBetween(this.faker, 3, 21) * DAY
            : due - intBetween(this.faker, 1, Math.max(1, Math.min(7, weeks * 7 - 2))) * DAY;
    const planned = this.plan(
      target,
      outcome === 'kept' || outcome === 'slipped' ? { kind: 'delivery', promise } : { kind: 'mark', promise, state: outcome },
    );
    if (!planned) {
      this.pending.push(promise);
      // Work that is over cannot have a promise still hanging: this one was never put on the list.
      if (!this.engagements[promise.item!.engagement].ongoing) {
        this.promises.pop();
        promise.item = undefined;
        return;
      }
    }
    if (outcome === 'kept' && this.chance(planned ? 0.2 : 0.5)) this.planMark(at, Math.min(target, this.end), promise, 'on-track');
    if ((outcome === 'slipped' || outcome === 'missed') && this.chance(0.5)) this.planMark(at, due, promise, 'at-risk');
  }

  /** Plans a change of state somewhere between two moments (at least two days apart). */
  private planMark(from: number, to: number, promise: PromiseMade, state: ItemState): void {
    if (to - from < 2 * DAY) return;
    this.plan(from + (0.3 + 0.5 * uniform(this.faker)) * (to - from), { kind: 'mark', promise, state });
  }

  /** The engagement a promise made at `at` belongs to: one under way then, with time to deliver. */
  private engagementAt(at: number): number | null {
    const under: number[] = [];
    this.engagements.forEach((e, i) => {
      if (this.tracks(e, at)) under.push(i);
    });
    return under.length ? this.pick(under) : null;
  }

  /** Whether a promise made at `at` is tracked in the engagement: under way, with time to deliver. */
  private tracks(e: StoryEngagement, at: number): boolean {
    return e.start <= at && (e.ongoing || at + 10 * 7 * DAY <= e.end);
  }

  /** When a running engagement's current promise is due, for its fate (the end is the present). */
  private currentDue(fate: CurrentFate): number {
    const end = this.end;
    switch (fate) {
      case 'open':
        return end + intBetween(this.faker, 7, 56) * DAY;
      case 'on-track':
        return end + intBetween(this.faker, 5, 40) * DAY;
      case 'at-risk':
        return end + intBetween(this.faker, 1, 21) * DAY;
      case 'overdue':
        return end - intBetween(this.faker, 2, 12) * DAY;
      case 'renegotiated':
        return end + intBetween(this.faker, 2, 10) * DAY;
    }
  }

  /**
   * Sets aside the latest moments of the timeline for each running engagement's current promise
   * (and the change of state its fate calls for), so the present has promises in every state.
   */
  private reserveCurrent(): void {
    this.engagements.forEach((e, engagement) => {
      if (!e.ongoing || !e.current) return;
      const fate = e.current;
      const state: ItemState | null =
        fate === 'on-track' || fate === 'at-risk' || fate === 'renegotiated' ? fate : fate === 'overdue' && this.chance(0.4) ? 'on-track' : null;
      const free = this.slots.filter((s) => !s.planned);
      if (free.length < (state ? 2 : 1)) return;
      const end = this.end;
      const made = Math.max(e.start + DAY, end - intBetween(this.faker, 6, 40) * DAY);
      if (made > end - 2 * DAY) return;
      const promiseSlot = free[free.length - (state ? 2 : 1)];
      promiseSlot.at = Math.min(workingTime(this.faker, made), end - DAY);
      const promise: PromiseMade = { deliverable: '', due: Math.max(promiseSlot.at + 2 * DAY, this.currentDue(fate)), to: [] };
      promiseSlot.planned = { kind: 'current', promise, engagement, fate };
      if (state) {
        // After the promise and before now (an overdue one was said to be on track before it was due).
        const markSlot = free[free.length - 1];
        const latest = fate === 'overdue' ? Math.min(end, promise.due - HOUR) : end;
        const at = promiseSlot.at + (0.3 + 0.7 * uniform(this.faker)) * Math.max(0, latest - promiseSlot.at);
        markSlot.at = Math.max(Math.min(workingTime(this.faker, at), latest), promiseSlot.at + 30 * MINUTE);
        markSlot.planned = { kind: 'mark', promise, state };
      }
      this.slots.sort((a, b) => a.at - b.at);
    });
  }

  /** A change of a tracked promise's state: one entry, as the engagements service writes it. */
  private marked(at: number, promise: PromiseMade, state: ItemState, evidence: number | null): Told {
    const item = promise.item;
    const last = item?.changes.at(-1)?.state;
    // A progress report that would come after the outcome (the days moved for a weekend) is just a call.
    const settled = last === 'kept' || last === 'slipped' || last === 'missed';
    if (!item || (settled && (state === 'on-track' || state === 'at-risk'))) return this.entry('call', at);
    const engagement = this.engagements[item.engagement];
    let newTerms: string | null = null;
    let newDueOn: string | null = null;
    let newDue: number | null = null;
    if (state === 'renegotiated') {
      newDue = item.current ? this.end + intBetween(this.faker, 10, 35) * DAY : promise.due + intBetween(this.faker, 7, 28) * DAY;
      // Usually kept on the new terms; the current one's new date is still to come. Work that is
      // over leaves no promise hanging: with no time left for the new terms, it was missed.
      const kept = !item.current && this.chance(0.85);
      const delivered = item.current || this.plan(kept ? newDue - intBetween(this.faker, 0, 5) * DAY : newDue + intBetween(this.faker, 1, 10) * DAY, { kind: 'delivery', promise });
      if (!delivered && !engagement.ongoing) state = 'missed';
      else {
        if (!delivered) this.pending.push(promise);
        newDueOn = isoDay(newDue);
        newTerms = this.pick(NEW_TERMS).replace('DUE', fmtDate(newDue));
      }
    }
    const who = this.names(promise.to);
    const days = Math.round(Math.abs(Date.parse(isoDay(at)) - Date.parse(isoDay(promise.due))) / DAY);
    const fill = (text: string) =>
      text
        .replace('WHO', who)
        .replace('DUE', fmtDate(promise.due))
        .replace('DAYS', `${days} day${days === 1 ? '' : 's'}`);
    const notes: readonly string[] =
      state === 'open' ? ['Reopened.'] : state === 'kept' ? PROMISE_NOTES.kept.filter((n) => !n.includes(days === 0 ? 'DAYS' : 'on the day')) : PROMISE_NOTES[state];
    const note = fill(this.pick(notes));
    if (state === 'missed') this.broken++;
    if (newDue !== null && newDueOn !== null) {
      promise.due = newDue;
      item.dueOn = newDueOn;
    }
    item.changes.push({ state, note, at, entry: this.index, evidence, newTerms, newDueOn });
    const body = [
      `Engagement: ${engagement.name}`,
      `Note: ${note}`,
      newTerms ? `New terms: ${newTerms} (due ${newDueOn}); the client agreed.` : '',
    ]
      .filter(Boolean)
      .join('\n');
    return { kind: state === 'kept' ? 'delivery' : 'promise', summary: `Promise ${STATE_WORDS[state]}: ${item.text}`, body, contactIds: [], logged: true };
  }

  private unpromisedDelivery(at: number): Told {
    const people = this.people(at, 1, 1);
    const deliverable = this.pick(DELIVERABLES);
    return this.told('delivery', `Delivered the ${deliverable} for the ${this.project()}`, `${this.names(people)} confirmed receipt.`, people);
  }

  private delivered(at: number, promised: PromiseMade): Told {
    const people = promised.to.length ? promised.to.slice(0, 1) : this.people(at, 1, 1);
    const who = this.names(people);
    // By the calendar day: delivered on the day it was due is on time, whatever the hour.
    const days = Math.round(Math.abs(Date.parse(isoDay(at)) - Date.parse(isoDay(promised.due))) / DAY);
    const onTime = isoDay(at) <= isoDay(promised.due);
    if (onTime) this.kept++;
    else {
      this.broken++;
      this.moments.push({ at, kind: 'late-delivery', detail: promised.deliverable });
    }
    const body = onTime
      ? `Sent to ${who} ${days === 0 ? 'on the day' : `${days} day${days === 1 ? '' : 's'} ahead of the ${fmtDate(promised.due)} deadline`} we promised.`
      : `Delivered ${days} day${days === 1 ? '' : 's'} after the ${fmtDate(promised.due)} we promised; apologised and explained the delay.`;
    // A tracked promise is then marked kept (citing this delivery) or slipped, the same day; with
    // no moment left for that, this entry is the marking itself.
    if (promised.item) {
      const state = onTime ? 'kept' : 'slipped';
      if (!this.plan(at, { kind: 'mark', promise: promised, state, evidence: onTime ? this.index : undefined })) return this.marked(at, promised, state, null);
    }
    return this.told('delivery', `Delivered the ${promised.deliverable}`, body, people);
  }

  private issue(at: number): Told {
    const people = this.people(at, 1, 1);
    const who = this.names(people);
    const [problem, resolution] = this.pick(PROBLEMS);
    const issue: Issue = { problem, resolution, raisedBy: people };
    if (!(uniform(this.faker) < ISSUE_RESOLVED && this.plan(at + intBetween(this.faker, 1, 30) * DAY, { kind: 'resolution', issue }))) {
      this.openIssues.push(issue);
    }
    this.moments.push({ at, kind: 'issue', detail: problem });
    const summary = this.pick([`${who} unhappy about ${problem}`, `Complaint: ${problem}`]);
    const body =
      `${who} raised ${problem}. ` +
      this.pick([
        'Calm, but clearly expects it fixed this week.',
        'Quite upset; asked to speak to someone senior.',
        'Mentioned it in passing, but it matters to them.',
      ]);
    return this.told('issue', summary, body, people);
  }

  private resolved(at: number, issue: Issue): Told {
    const people = issue.raisedBy.length ? issue.raisedBy : this.people(at, 1, 1);
    const body = issue.resolution
      .replace('WHO', this.names(people))
      .replace('OWNER', this.owner)
      .replace('AMOUNT', String(intBetween(this.faker, 2, 40) * 50));
    this.moments.push({ at, kind: 'resolution', detail: issue.problem });
    return this.told('resolution', `Resolved: ${issue.problem}`, body, people);
  }

  private gift(at: number): Told {
    const people = this.people(at, 1, 1);
    const who = this.names(people);
    const [gift, occasion] = this.pick(GIFT_OCCASIONS);
    this.moments.push({ at, kind: 'gift', detail: gift });
    const body = `To ${people[0]?.name ?? this.client.name}. ${this.pick([`${who} emailed to say thank you.`, 'Card signed by the whole team.', ''])}`;
    return this.told('gift', `Sent a ${gift} for ${occasion}`, body.trim(), people);
  }

  private referral(at: number): Told {
    const people = this.people(at, 1, 1);
    const who = this.names(people);
    const company = this.faker.company.name();
    const contact = this.faker.person.fullName();
    this.moments.push({ at, kind: 'referral', detail: company });
    return this.told(
      'referral',
      `${who} referred ${company}`,
      `${who} introduced us to ${contact} at ${company}, who need help with a ${this.pick(PROJECTS)}. Send a thank-you.`,
      people,
    );
  }

  private handover(at: number): Told {
    const people = this.people(at, 1, 1);
    const who = this.names(people);
    const from = this.owner;
    const others = this.colleagues.filter((c) => c !== from);
    const to = this.pick(others);
    this.owner = to;
    const reason = this.pick(HANDOVER_REASONS).replace('FROM', from.split(' ')[0]);
    const reaction = this.pick(HANDOVER_REACTIONS).replace('WHO', who);
    this.handovers.push({ at, from, to, reason, reaction });
    this.moments.push({ at, kind: 'handover', detail: to });
    return this.told('handover', `Account handed over from ${from} to ${to}`, `Reason: ${reason}. ${reaction}`, people);
  }

  private stageChange(at: number): Told {
    const from = this.path[this.stageIndex];
    const to = this.path[this.stageIndex + 1];
    this.stageIndex++;
    this.moments.push({ at, kind: 'stage-change', detail: to });
    return this.told(
      'stage-change',
      `Stage changed from ${STAGE_LABELS[from]} to ${STAGE_LABELS[to]}`,
      this.pick(STAGE_REASONS[to]),
      [],
    );
  }

  private review(at: number): Told {
    const promises = this.kept + this.broken;
    // Healthy accounts get invested in or maintained; troubled ones handed over or let go.
    const troubled = this.openIssues.length >= 2 || (promises >= 3 && this.kept / promises < 0.6);
    const decision = this.reached('offboarding')
      ? 'part ways'
      : troubled
        ? this.pick(['maintain', 'hand over', 'hand over', 'part ways'])
        : this.pick(REVIEW_DECISIONS);
    const since = this.lastAt === null ? null : Math.round((at - this.lastAt) / DAY);
    const open = this.openIssues.length;
    this.moments.push({ at, kind: 'review', detail: decision });
    const signals = [
      since === null ? 'first recorded contact' : `last contact ${since} day${since === 1 ? '' : 's'} before`,
      promises ? `${this.kept} of ${promises} promises kept` : 'no promises due yet',
      open ? `${open} unresolved issue${open === 1 ? '' : 's'}` : 'no unresolved issues',
    ];
    return this.told('review', `Quarterly review: ${decision}`, `Signals: ${signals.join(', ')}. Decision: ${decision}.`, []);
  }

  private letter(at: number): Told {
    const people = this.people(at, 1, 1);
    const who = this.names(people);
    let type = this.pick(LETTER_TYPES);
    if (this.index <= 1) type = 'Welcome';
    else if (type === 'Welcome' || (type === 'Offboarding goodbye' && !this.reached('offboarding'))) type = 'Check-in';
    return this.told(
      'letter-sent',
      `${type} letter sent to ${who}`,
      this.pick(['Sent as a PDF by email.', 'Printed, signed and posted.', `Sent as a PDF; ${this.owner} followed up by phone.`]),
      people,
    );
  }
}

/** The same day (or the nearest weekday) at a working hour, five-minute steps. */
export function workingTime(faker: Faker, ms: number): number {
  let day = Math.floor(ms / DAY) * DAY;
  const weekday = new Date(day).getUTCDay();
  if (weekday === 6) day -= DAY;
  else if (weekday === 0) day += DAY;
  return day + 9 * HOUR + intBetween(faker, 0, 96) * 5 * MINUTE;
}
