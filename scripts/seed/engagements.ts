/**
 * Engagements, their expectation items and the lifecycle checklists: the work each client has
 * bought (retainers, projects, matters), what was promised and how it turned out, what the client
 * expects that we will not do, and the checklists of the stages it went through.
 *
 * In two steps around the timelines. Before them, `EngagementPlanner` plans each client's
 * engagements (so that the timeline's promises can belong to one) and decides, across the
 * practice, how each running engagement's latest promise stands today. After them,
 * `EngagementBuilder` writes the records: the promises the timeline told become expectation items
 * whose history points at the entries that told each change of state (the engagements service adds
 * exactly one entry per change, and a kept promise cites its delivery as evidence); gaps,
 * assumptions and promises not yet on the timeline are added (the service adds no entry for those);
 * and each client gets the checklists of the stages it was moved through, as the checklists service
 * would have left them. Pure and seeded like the rest of the seed: nothing here touches a vault.
 */
import type { Faker } from '@faker-js/faker';
import type { ChecklistRecord } from '../../src/main/services/checklists';
import type { EngagementRecord, ItemRecord } from '../../src/main/services/engagements';
import type { FollowUpRecord } from '../../src/main/services/followups';
import { DEFAULT_CHECKLISTS } from '../../src/shared/checklists';
import type { ClientKind, EngagementStatus, ItemStateChange, LifecycleStage } from '../../src/shared/types';
import { type DossierClient, type SeedRow, addDays, localDay } from './dossier';
import { apportion, intBetween, uniform } from './random';
import { type CurrentFate, DAY, HOUR, MINUTE, STAGE_ENTERED_AT, type StoryEngagement, type StoryPromise, workingTime } from './story';
import {
  ASSUMPTIONS,
  DELIVERABLES,
  EXPECTATION_GAPS,
  GAP_TOLD_WHERE,
  MATTERS,
  PROJECTS,
  RETAINERS,
  UPCOMING_PROMISES,
  YEARLY_PROJECTS,
} from './vocabulary';

export type EngagementKind = 'retainer' | 'project' | 'matter';

/** One engagement as planned: what the timeline needs (StoryEngagement) and what is stored. */
export interface EngagementPlan extends StoryEngagement {
  id: string;
  kind: EngagementKind;
  plannedEnd: number | null;
  value: number | null;
  status: EngagementStatus;
}

/** What the planner needs to know about a client (the generator's plan, before its timeline). */
export interface PlannerClient {
  kind: ClientKind;
  stage: LifecycleStage;
  industry: string;
  /** Relative size of the business with us (median 1 for an organisation). */
  size: number;
  createdAt: number;
  /** The window its timeline falls in (the end is the present, or when an alumni relationship ended). */
  start: number;
  end: number;
}

/** What the builder needs to know about a client, after its timeline and dossier. */
export interface EngagementClient extends DossierClient {
  engagements: readonly EngagementPlan[];
  /** The ids of its timeline entries, in the order they were told (StoryPromise's indices). */
  entryIds: readonly string[];
}

export interface EngagementRows {
  engagements: SeedRow<EngagementRecord>[];
  items: SeedRow<ItemRecord>[];
  checklists: SeedRow<ChecklistRecord>[];
  /** The yearly keep-in-touch follow-ups that finishing an offboarding checklist adds. */
  followUps: SeedRow<FollowUpRecord>[];
}

/** How many engagements a paying client has had, by stage: weights for 1, 2 and 3. */
const ENGAGEMENT_COUNT: Record<Exclude<LifecycleStage, 'prospect'>, readonly number[]> = {
  onboarding: [1, 0, 0],
  active: [45, 35, 20],
  'issue-resolution': [40, 40, 20],
  offboarding: [50, 40, 10],
  alumni: [50, 35, 15],
};

/** Share of prospects with a proposal out (a proposed engagement). */
const PROPOSED_SHARE = 0.35;

/**
 * How the latest promise of each running engagement stands today, across the practice: open and
 * not yet due, on track, at risk, past its date and still open, or renegotiated to a new date.
 */
const CURRENT_SHARES: Record<CurrentFate, number> = { open: 0.25, 'on-track': 0.3, 'at-risk': 0.18, overdue: 0.15, renegotiated: 0.12 };

const iso = (ms: number) => new Date(ms).toISOString();
const isoDay = (ms: number) => iso(ms).slice(0, 10);
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const dayMonthFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
const fmtDate = (ms: number) => dayMonthFormat.format(ms);
/** A sum of money rounded to a step (250, 100...). */
const money = (x: number, step: number) => Math.max(step, Math.round(x / step) * step);

export class EngagementPlanner {
  constructor(
    private readonly faker: Faker,
    private readonly now: number,
    private readonly newId: () => string,
  ) {}

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(uniform(this.faker) * items.length)];
  }

  private chance(p: number): boolean {
    return uniform(this.faker) < p;
  }

  private days(min: number, max: number): number {
    return intBetween(this.faker, min, max) * DAY;
  }

  /** The client's engagements, oldest first, and the projects its timeline talks about. */
  plan(client: PlannerClient): { engagements: EngagementPlan[]; projects: string[] } {
    const projects = this.faker.helpers.arrayElements(PROJECTS, { min: 2, max: 3 });
    if (client.stage === 'prospect') {
      if (!this.chance(PROPOSED_SHARE)) return { engagements: [], projects };
      // A proposal out: work that would start in a few weeks.
      const start = this.now + this.days(14, 60);
      return { engagements: [this.engagement(client, 'project', projects[0], start, start + this.days(60, 240), start, 'proposed')], projects };
    }

    const running = client.stage !== 'alumni';
    const span = Math.max(DAY, client.end - client.start);
    // Paid work starts at onboarding; a running client's has been under way for a while at least.
    let from = client.start + (STAGE_ENTERED_AT.onboarding ?? 0) * span + this.days(0, 10);
    if (running) from = Math.min(from, this.now - 10 * DAY);
    from = Math.max(from, client.createdAt);
    const until = client.end;
    const weights = ENGAGEMENT_COUNT[client.stage];
    let count = 1;
    for (let r = uniform(this.faker) * weights.reduce((a, b) => a + b, 0); count < weights.length && r >= weights[count - 1]; count++) {
      r -= weights[count - 1];
    }
    const matters = client.industry === 'Legal' || client.industry === 'Property' || client.industry === 'Private client';
    const retainer = client.stage !== 'onboarding' && this.chance(client.kind === 'organisation' ? 0.4 : 0.15);
    const out: EngagementPlan[] = [];

    if (retainer) {
      const topic = this.pick(RETAINERS);
      if (!running) {
        // Ended when the client left.
        const ended = Math.max(from + DAY, until - this.days(0, 20));
        out.push(this.engagement(client, 'retainer', topic, from, ended, ended, 'completed'));
      } else {
        // Rolling, or renewed each year; winding down when the client is leaving.
        const plannedEnd =
          client.stage === 'offboarding'
            ? this.now + this.days(14, 60)
            : this.chance(0.5)
              ? null
              : from + Math.ceil((this.now - from) / (365 * DAY) + 0.01) * 365 * DAY;
        out.push(this.engagement(client, 'retainer', topic, from, plannedEnd, this.now, 'active'));
      }
    }

    // Projects (or matters) one after another over the relationship.
    const k = count - (retainer ? 1 : 0);
    const segment = (until - from) / Math.max(1, k);
    const topics = matters && this.chance(0.6) ? this.faker.helpers.arrayElements(MATTERS, k) : projects;
    for (let j = 0; j < k; j++) {
      const last = j === k - 1;
      const kind: EngagementKind = topics === projects ? 'project' : 'matter';
      const topic = topics[j % topics.length];
      let start = from + j * segment + uniform(this.faker) * 0.3 * segment;
      const length = this.days(45, 300);
      let plannedEnd = start + length;
      let stopped = start + length * (0.9 + 0.25 * uniform(this.faker));
      if (!last) stopped = Math.min(stopped, from + (j + 1) * segment - DAY);
      // A former client's last piece of work ran until it left.
      if (last && !running) plannedEnd = stopped = Math.max(start + 30 * DAY, until - this.days(0, 20));
      stopped = Math.min(stopped, until - DAY);
      let status: EngagementStatus = 'completed';
      if (running && last && (stopped >= this.now - DAY || !retainer)) {
        // The client's current work: under way now.
        if (stopped < this.now - DAY) {
          start = Math.max(from, this.now - this.days(20, 150));
          plannedEnd = start + length;
        }
        if (client.stage === 'offboarding') plannedEnd = this.now + this.days(14, 60);
        else plannedEnd = Math.max(plannedEnd, this.now + this.days(14, 120));
        status = 'active';
        stopped = this.now;
      } else if (!last && this.chance(0.1)) {
        // Cancelled part-way through.
        status = 'cancelled';
        stopped = start + (stopped - start) * (0.3 + 0.4 * uniform(this.faker));
      }
      start = Math.min(start, stopped - DAY);
      out.push(this.engagement(client, kind, topic, start, plannedEnd, stopped, status));
    }
    // At minute steps, like every other moment in the seed.
    for (const e of out) {
      e.start = Math.floor(e.start / MINUTE) * MINUTE;
      if (!e.ongoing) e.end = Math.max(e.start + DAY, Math.floor(e.end / MINUTE) * MINUTE);
    }
    out.sort((a, b) => a.start - b.start);
    // The timeline talks about the projects and matters it had, and one or two more ideas.
    const worked = [...new Set(out.filter((e) => e.kind !== 'retainer').map((e) => e.topic))];
    return { engagements: out, projects: [...worked, ...projects.filter((p) => !worked.includes(p))].slice(0, Math.max(2, worked.length)) };
  }

  private engagement(
    client: PlannerClient,
    kind: EngagementKind,
    topic: string,
    start: number,
    plannedEnd: number | null,
    stopped: number,
    status: EngagementStatus,
  ): EngagementPlan {
    const year = new Date(start).getUTCFullYear();
    const name =
      kind === 'project' && YEARLY_PROJECTS.has(topic)
        ? topic === 'tax planning'
          ? `Tax planning ${year}/${String((year + 1) % 100).padStart(2, '0')}`
          : `${cap(topic.replace(' pack', ''))} ${year}`
        : cap(topic);
    const scale = Math.sqrt(client.size);
    const value =
      this.chance(0.08) ? null
      : kind === 'retainer' ? 12 * money((600 + 3400 * uniform(this.faker)) * scale, 100)
      : kind === 'matter' ? money((1500 + 28_500 * uniform(this.faker)) * scale, 250)
      : money((2500 + 47_500 * uniform(this.faker)) * scale, 250);
    const ongoing = status === 'active' || status === 'proposed';
    return {
      id: this.newId(),
      kind,
      name,
      topic,
      start,
      end: ongoing ? Math.max(this.now, stopped) : stopped,
      ongoing: status === 'active',
      current: null,
      plannedEnd: plannedEnd === null ? null : Math.max(plannedEnd, start + DAY),
      value,
      status,
    };
  }

  /** Decides how each running engagement's latest promise stands today, in fixed shares. */
  assignCurrent(engagements: readonly EngagementPlan[]): void {
    const running = engagements.filter((e) => e.ongoing);
    const fates = apportion(this.faker, running.length, CURRENT_SHARES);
    running.forEach((e, i) => (e.current = fates[i]));
  }
}

export class EngagementBuilder {
  readonly rows: EngagementRows = { engagements: [], items: [], checklists: [], followUps: [] };
  private readonly today: string;

  constructor(
    private readonly faker: Faker,
    private readonly now: number,
    private readonly newId: () => string,
  ) {
    this.today = localDay(now);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(uniform(this.faker) * items.length)];
  }

  private chance(p: number): boolean {
    return uniform(this.faker) < p;
  }

  private int(min: number, max: number): number {
    return intBetween(this.faker, min, max);
  }

  /** A moment between a and b (ms), in working hours when it can be, not after the present. */
  private between(a: number, b: number): number {
    const hi = Math.min(b, this.now);
    if (hi <= a) return Math.min(a, this.now);
    const at = workingTime(this.faker, a + uniform(this.faker) * (hi - a));
    return at <= hi ? Math.max(at, a) : Math.max(a, hi - this.int(1, 180) * MINUTE);
  }

  private who(client: EngagementClient, at: number): string {
    if (client.kind === 'person') return client.firstName || client.name;
    const known = client.contacts.filter((c) => c.createdAt <= at);
    return known.length ? this.pick(known).firstName : `the team at ${client.name}`;
  }

  build(client: EngagementClient): void {
    const byEngagement = new Map<number, StoryPromise[]>();
    for (const p of client.story.promises) byEngagement.set(p.engagement, [...(byEngagement.get(p.engagement) ?? []), p]);
    client.engagements.forEach((e, i) => this.engagement(client, e, byEngagement.get(i) ?? []));
    this.checklists(client);
  }

  private item(clientId: string, record: ItemRecord): void {
    this.rows.items.push({ id: this.newId(), clientId, record });
  }

  private engagement(client: EngagementClient, e: EngagementPlan, told: StoryPromise[]): void {
    this.rows.engagements.push({
      id: e.id,
      clientId: client.id,
      record: {
        name: e.name,
        startOn: isoDay(e.start),
        plannedEndOn: e.plannedEnd === null ? null : isoDay(e.plannedEnd),
        value: e.value,
        status: e.status,
      },
    });
    // Written down when the work was agreed (a proposal's, lately).
    const agreed = e.start <= this.now ? e.start : this.between(Math.max(client.createdAt, this.now - 10 * DAY), this.now - HOUR);
    const base = { engagementId: e.id, responsible: '', evidenceEntryId: null, history: [], createdAt: iso(agreed) };

    // What the client expects that we will not do, and how we told them.
    const gaps = this.chance(0.35) ? (this.chance(0.25) ? 2 : 1) : 0;
    for (const [gap, told] of this.faker.helpers.arrayElements(EXPECTATION_GAPS, gaps)) {
      const on = this.between(agreed, agreed + 14 * DAY);
      this.item(client.id, {
        ...base,
        kind: 'gap',
        text: gap,
        dueOn: null,
        state: 'open',
        toldHow: `Told ${this.who(client, on)} on ${fmtDate(on)} ${this.pick(GAP_TOLD_WHERE)}: ${told}.`,
        toldOn: isoDay(on),
      });
    }
    // What it takes for granted.
    const assumptions = this.chance(0.4) ? this.int(1, 2) : 0;
    for (const text of this.faker.helpers.arrayElements(ASSUMPTIONS, assumptions)) {
      this.item(client.id, { ...base, kind: 'assumption', text, dueOn: null, state: 'open', toldHow: '', toldOn: null });
    }

    // The promises the timeline told, with the history its entries tell (but not one the timeline
    // ended before it could say what became of it, in work that is over: not a loose end).
    for (const p of told) {
      if (!e.ongoing && p.changes.length === 0) continue;
      this.item(client.id, this.told(client, e, p));
    }

    // Promises for work under way that are not on the timeline yet (or a proposal's first step).
    if (e.status === 'proposed') {
      this.upcoming(client, e, addDays(this.today, this.int(3, 21)));
    } else if (e.ongoing) {
      if (e.current && !told.some((p) => p.current)) {
        // The timeline was too short to tell it: recorded, not yet acted on.
        const dueOn = e.current === 'overdue' ? addDays(this.today, -this.int(2, 12)) : addDays(this.today, this.int(3, 45));
        this.upcoming(client, e, dueOn);
      }
      if (this.chance(0.35)) this.upcoming(client, e, addDays(this.today, this.int(5, 90)));
    }
  }

  /** An open promise added without a timeline entry (as the service adds one), due on `dueOn`. */
  private upcoming(client: EngagementClient, e: EngagementPlan, dueOn: string): void {
    // Lately (a proposal's, since it went out).
    const createdAt = this.between(Math.max(client.createdAt, e.start > this.now ? this.now - 10 * DAY : Math.max(e.start, this.now - 30 * DAY)), this.now);
    const text = this.pick(UPCOMING_PROMISES)
      .replace('WHO', this.who(client, createdAt))
      .replace('DELIVERABLE', this.pick(DELIVERABLES));
    this.item(client.id, {
      engagementId: e.id,
      kind: 'promise',
      text,
      responsible: client.owner,
      dueOn,
      state: 'open',
      toldHow: '',
      toldOn: null,
      evidenceEntryId: null,
      history: [],
      createdAt: iso(createdAt),
    });
  }

  /** A promise the timeline told, as the service leaves it after each change of state. */
  private told(client: EngagementClient, e: EngagementPlan, p: StoryPromise): ItemRecord {
    const id = (index: number) => {
      const entryId = client.entryIds[index];
      if (entryId === undefined) throw new Error(`No timeline entry ${index} for ${client.name}`);
      return entryId;
    };
    // Replayed as the service applies them: marking it kept sets the evidence (or clears it).
    let evidenceEntryId: string | null = null;
    const history: ItemStateChange[] = [];
    for (const c of p.changes) {
      const evidence = c.evidence === null ? null : id(c.evidence);
      if (c.state === 'kept') evidenceEntryId = evidence;
      history.push({
        state: c.state,
        note: c.note,
        at: iso(c.at),
        entryId: id(c.entry),
        evidenceEntryId: evidence,
        newTerms: c.newTerms,
        newDueOn: c.newDueOn,
        clientAgreed: c.state === 'renegotiated' ? true : null,
      });
    }
    return {
      engagementId: e.id,
      kind: 'promise',
      text: p.text,
      responsible: p.responsible,
      dueOn: p.dueOn,
      state: p.changes.at(-1)?.state ?? 'open',
      toldHow: '',
      toldOn: null,
      evidenceEntryId,
      history,
      createdAt: iso(p.createdAt),
    };
  }

  // ---- lifecycle checklists ----

  /** When the client entered a stage: its stage-change entry, or where the story would have put it. */
  private enteredAt(client: EngagementClient, stage: LifecycleStage): number {
    const told = client.story.moments.find((m) => m.kind === 'stage-change' && m.detail === stage);
    if (told) return told.at;
    const start = client.createdAt;
    return start + (STAGE_ENTERED_AT[stage] ?? 0.5) * Math.max(0, client.end - start);
  }

  /** A stage's checklist as started at `startedAt`, with `done` of its items ticked by `until`. */
  private checklist(client: EngagementClient, stage: LifecycleStage, startedAt: number, done: number, until: number): void {
    const texts = DEFAULT_CHECKLISTS[stage];
    const end = Math.max(startedAt + HOUR, Math.min(until, this.now));
    // Mostly ticked in order; now and then one is left for later.
    const order = texts.map((_, i) => i);
    if (done < texts.length && done > 0 && this.chance(0.3)) {
      const skip = this.int(0, done - 1);
      [order[skip], order[done]] = [order[done], order[skip]];
    }
    const ticked = new Set(order.slice(0, done));
    const times = Array.from({ length: done }, () => startedAt + MINUTE + uniform(this.faker) * (end - startedAt - MINUTE)).sort((a, b) => a - b);
    // The last tick of a finished one is when the client moved on.
    if (done === texts.length && done > 0) times[done - 1] = end;
    let k = 0;
    const items = texts.map((text, i) => (ticked.has(i) ? { text, done: true, doneAt: iso(times[k++]) } : { text, done: false, doneAt: null }));
    const complete = done === texts.length;
    const completedAt = complete ? iso(times.at(-1)!) : null;
    this.rows.checklists.push({ id: this.newId(), clientId: client.id, record: { stage, items, startedAt: iso(startedAt), completedAt } });
    if (complete && stage === 'offboarding') this.keepInTouch(client, times.at(-1)!);
  }

  /**
   * The checklists of the stages the client was moved through: onboarding's and offboarding's
   * always, partly done while the client is still in the stage and finished once it has moved on
   * (finishing offboarding made it alumni); issue resolution's and the active stage's often; an
   * earlier onboarding checklist, finished, for some.
   */
  private checklists(client: EngagementClient): void {
    const stage = client.stage;
    const onboarding = this.enteredAt(client, 'onboarding');
    const active = this.enteredAt(client, 'active');
    switch (stage) {
      case 'prospect':
        return;
      case 'onboarding':
        this.checklist(client, 'onboarding', onboarding, this.int(1, 4), this.now);
        return;
      case 'alumni': {
        if (this.chance(0.4)) this.checklist(client, 'onboarding', onboarding, 5, active);
        // The last tick is what moved the client to alumni.
        const offboarding = this.enteredAt(client, 'offboarding');
        const alumni = Math.max(this.enteredAt(client, 'alumni'), offboarding + DAY);
        this.checklist(client, 'offboarding', offboarding, DEFAULT_CHECKLISTS.offboarding.length, alumni);
        return;
      }
      default:
        break;
    }
    if (this.chance(0.4)) this.checklist(client, 'onboarding', onboarding, DEFAULT_CHECKLISTS.onboarding.length, active);
    if (stage === 'active' && this.chance(0.35)) this.checklist(client, 'active', active, this.int(0, 2), this.now);
    if (stage === 'issue-resolution' && this.chance(0.75)) this.checklist(client, 'issue-resolution', this.enteredAt(client, 'issue-resolution'), this.int(1, 4), this.now);
    if (stage === 'offboarding') this.checklist(client, 'offboarding', this.enteredAt(client, 'offboarding'), this.int(1, 5), this.now);
  }

  /**
   * The yearly keep-in-touch follow-up that finishing offboarding adds: due a year after, done
   * each year since (each time, the next comes back a year after it was done).
   */
  private keepInTouch(client: EngagementClient, completedAt: number): void {
    const reason = `Keep in touch with ${client.name}`;
    let createdAt = completedAt;
    let dueOn = addDays(localDay(completedAt), 365);
    while (dueOn < addDays(this.today, -7)) {
      const closedOn = addDays(dueOn, this.int(0, 7));
      const [y, m, d] = closedOn.split('-').map(Number);
      const closedAt = Math.min(new Date(y, m - 1, d, 9).getTime() + this.int(0, 96) * 5 * MINUTE, this.now);
      this.rows.followUps.push({
        id: this.newId(),
        clientId: client.id,
        record: { reason, dueOn, repeatDays: 365, status: 'done', snoozedFrom: null, createdAt: iso(createdAt), closedAt: iso(closedAt) },
      });
      createdAt = closedAt;
      dueOn = addDays(localDay(closedAt), 365);
    }
    this.rows.followUps.push({
      id: this.newId(),
      clientId: client.id,
      record: { reason, dueOn, repeatDays: 365, status: 'open', snoozedFrom: null, createdAt: iso(createdAt), closedAt: null },
    });
  }
}
