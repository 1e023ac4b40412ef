/**
 * Word lists for the seed data. Faker supplies the names, companies, places and numbers; what a
 * small professional-services firm writes about its clients (industries, roles, projects, problems,
 * personal facts) is not in Faker, so it lives here.
 */
import type { EntryKind, LifecycleStage } from '../../src/shared/types';

export const INDUSTRIES = [
  'Accounting',
  'Agriculture',
  'Architecture',
  'Construction',
  'Education',
  'Energy',
  'Financial services',
  'Healthcare',
  'Hospitality',
  'Legal',
  'Logistics',
  'Manufacturing',
  'Media',
  'Charity',
  'Property',
  'Public sector',
  'Retail',
  'Software',
  'Telecoms',
  'Transport',
] as const;

/** Words an organisation in that industry tends to put in its name. */
export const INDUSTRY_NAME_WORDS: Record<(typeof INDUSTRIES)[number], string[]> = {
  Accounting: ['Accountants', 'Tax', 'Audit'],
  Agriculture: ['Farms', 'Growers', 'Agri'],
  Architecture: ['Architects', 'Design Studio', 'Partnership'],
  Construction: ['Construction', 'Builders', 'Contracting'],
  Education: ['Academy', 'Learning Trust', 'College'],
  Energy: ['Energy', 'Renewables', 'Power'],
  'Financial services': ['Capital', 'Wealth', 'Finance'],
  Healthcare: ['Healthcare', 'Clinics', 'Care'],
  Hospitality: ['Hotels', 'Inns', 'Hospitality'],
  Legal: ['Solicitors', 'Legal', 'Law'],
  Logistics: ['Logistics', 'Freight', 'Haulage'],
  Manufacturing: ['Engineering', 'Manufacturing', 'Industries'],
  Media: ['Media', 'Productions', 'Publishing'],
  Charity: ['Foundation', 'Trust', 'Charity'],
  Property: ['Estates', 'Property', 'Homes'],
  'Public sector': ['Council', 'Authority', 'Partnership'],
  Retail: ['Stores', 'Retail', 'Outfitters'],
  Software: ['Software', 'Digital', 'Labs'],
  Telecoms: ['Telecom', 'Networks', 'Connect'],
  Transport: ['Transport', 'Travel', 'Coaches'],
};

export const COMPANY_SUFFIXES = ['Ltd', 'Ltd', 'Ltd', 'LLP', 'plc', 'Group', '& Co', ''];

/** What a person (sole trader, private client) does, used as their industry. */
export const PERSON_INDUSTRIES = [
  'Private client',
  'Private client',
  'Consulting',
  'Design',
  'Photography',
  'Healthcare',
  'Property',
  'Legal',
  'Coaching',
  'Hospitality',
];

/** Share of clients in each stage (a firm with a healthy book and some history). */
export const STAGE_SHARES: Record<LifecycleStage, number> = {
  prospect: 0.14,
  onboarding: 0.08,
  active: 0.46,
  'issue-resolution': 0.06,
  offboarding: 0.05,
  alumni: 0.21,
};

/** How much timeline activity a client in each stage attracts, relative to an active one. */
export const STAGE_ACTIVITY: Record<LifecycleStage, number> = {
  prospect: 0.15,
  onboarding: 0.5,
  active: 1,
  'issue-resolution': 1.3,
  offboarding: 0.7,
  alumni: 0.45,
};

/** The stages a client passed through to reach its current one. */
export const STAGE_PATHS: Record<LifecycleStage, LifecycleStage[]> = {
  prospect: ['prospect'],
  onboarding: ['prospect', 'onboarding'],
  active: ['prospect', 'onboarding', 'active'],
  'issue-resolution': ['prospect', 'onboarding', 'active', 'issue-resolution'],
  offboarding: ['prospect', 'onboarding', 'active', 'offboarding'],
  alumni: ['prospect', 'onboarding', 'active', 'offboarding', 'alumni'],
};

export const STAGE_LABELS: Record<LifecycleStage, string> = {
  prospect: 'prospect',
  onboarding: 'onboarding',
  active: 'active',
  'issue-resolution': 'issue resolution',
  offboarding: 'offboarding',
  alumni: 'alumni',
};

export const TAGS = [
  'key-account',
  'retainer',
  'project-based',
  'referral-source',
  'high-touch',
  'price-sensitive',
  'slow-payer',
  'expanding',
  'strategic',
  'international',
  'newsletter',
  'board-level',
  'multi-site',
  'family-business',
  'public-funding',
];

/**
 * Relative frequency of each kind of timeline entry drawn at random. Most deliveries, every
 * resolution and every stage change are not drawn but follow from the story (a promise made, an
 * issue raised, the client's path to its current stage), so their weights here are small or zero.
 */
export const ENTRY_KIND_WEIGHTS: Record<EntryKind, number> = {
  email: 24,
  call: 17,
  meeting: 14,
  note: 13,
  promise: 6.5,
  issue: 4,
  review: 2.5,
  letter: 0,
  gift: 1.5,
  delivery: 1.2,
  referral: 1.2,
  handover: 0.8,
  resolution: 0,
  'stage-change': 0,
  message: 0,
  visit: 0,
  'letter-sent': 2.5,
};

export const CONTACT_ROLES_SENIOR = [
  'Managing Director',
  'Chief Executive',
  'Finance Director',
  'Operations Director',
  'Founder',
  'Partner',
  'Head of Procurement',
  'Chief Operating Officer',
];

export const CONTACT_ROLES = [
  'Operations Manager',
  'Office Manager',
  'Finance Manager',
  'Marketing Manager',
  'Head of IT',
  'HR Business Partner',
  'Project Manager',
  'Executive Assistant',
  'Procurement Lead',
  'Accounts Payable',
  'Company Secretary',
  'Sales Director',
  'Facilities Manager',
  'Communications Lead',
];

export const PROJECTS = [
  'website rebuild',
  'annual audit',
  'brand refresh',
  'CRM migration',
  'staff training programme',
  'market research study',
  'cost review',
  'tax planning',
  'office move',
  'security assessment',
  'quarterly reporting pack',
  'product launch campaign',
  'process review',
  'recruitment drive',
  'data migration',
  'supplier tender',
  'sustainability report',
  'pricing review',
  'customer survey',
  'funding application',
  'leadership workshop series',
  'systems integration',
];

export const DELIVERABLES = [
  'draft report',
  'final report',
  'proposal',
  'revised quote',
  'project plan',
  'first design concepts',
  'training materials',
  'monthly dashboard',
  'renewal terms',
  'risk register',
  'implementation roadmap',
  'board slide deck',
  'statement of work',
  'budget forecast',
  'options paper',
];

/** Things clients complain about, each with how such a complaint tends to be settled (WHO, OWNER). */
export const PROBLEMS: readonly (readonly [problem: string, resolution: string])[] = [
  ['an invoice they think is too high', 'Agreed a credit note of £AMOUNT. WHO is happy with that.'],
  ['slow response times from our side', 'Put a named deputy in place for when OWNER is away; replies within a day from now on.'],
  ['a change of scope they say they never agreed', 'Went through the signed scope with WHO; agreed to split the difference on the extra work.'],
  ['a billing error on last month’s invoice', 'Reissued the invoice and apologised; WHO accepted.'],
  ['not being kept in the loop after the team change', 'Added WHO to the weekly status email and booked a monthly call.'],
  ['a meeting we moved at short notice', 'OWNER apologised in person; no lasting harm.'],
  ['errors in the figures we sent', 'Corrected figures sent with a note on what went wrong and the extra check we now do.'],
  ['the pace of the project', 'Agreed a new timetable with two extra checkpoints.'],
  ['a missed call-back', 'OWNER called WHO back, apologised and explained; smoothed over.'],
  ['the quality of the latest draft', 'Walked WHO through a revised draft; they are happy with it.'],
];

export const TOPICS = [
  'next year’s budget',
  'the renewal',
  'timelines',
  'the invoice',
  'staffing on the project',
  'their expansion plans',
  'a new opportunity',
  'the contract terms',
  'reporting',
  'the board meeting',
  'their new finance system',
  'the year-end',
];

export const GIFT_OCCASIONS = [
  ['hamper', 'Christmas'],
  ['flowers', 'the new baby'],
  ['bottle of champagne', 'the tenth anniversary of the business'],
  ['thank-you card', 'the referral'],
  ['book token', 'the retirement'],
  ['box of chocolates', 'the team’s help on the project'],
  ['bottle of wine', 'the project close'],
  ['donation to their chosen charity', 'the fun run'],
] as const;

export const HANDOVER_REASONS = [
  'workload rebalancing',
  'a better fit for the sector',
  'FROM moving to another office',
  'FROM going on parental leave',
  'FROM leaving the firm',
  'the client asking for a more senior contact',
];

export const HANDOVER_REACTIONS = [
  'They took it well and booked an introductory call.',
  'WHO was disappointed but understood the reasons.',
  'Some worry about continuity; agreed a joint handover meeting.',
  'No reaction yet; check in again in two weeks.',
  'WHO said they were glad of a fresh pair of eyes.',
];

export const LETTER_TYPES = [
  'Welcome',
  'Check-in',
  'Thank-you',
  'Referral thanks',
  'Handover introduction',
  'Offboarding goodbye',
];

export const REVIEW_DECISIONS = ['invest', 'invest', 'maintain', 'maintain', 'maintain', 'hand over'] as const;

export const FOOTBALL_CLUBS = ['Arsenal', 'Leeds', 'Everton', 'Spurs', 'Celtic', 'Villa', 'Newcastle', 'Bristol City'];

export const CITIES = [
  'London',
  'Manchester',
  'Leeds',
  'Bristol',
  'Birmingham',
  'Glasgow',
  'Edinburgh',
  'Cardiff',
  'Newcastle',
  'Nottingham',
  'Sheffield',
  'Brighton',
  'Oxford',
  'Cambridge',
  'York',
  'Belfast',
  'Norwich',
  'Exeter',
];

// ---- the dossier: news, contact preferences, handover notes, warmth, follow-ups ----

/**
 * A client's latest business news, good, bad or neither (MONTH: a recent month, NEXT_MONTH: a coming
 * one, CITY, N, PCT, MONEY, COMPANY, PERSON, ROLE).
 */
export type NewsTone = 'good' | 'bad' | 'neutral';

export const NEWS_ORGANISATION: readonly (readonly [string, NewsTone])[] = [
  ['Opened a new site in CITY in MONTH; hiring about N people.', 'good'],
  ['Turnover up PCT% to £MONEYm in the year to MONTH, according to their latest accounts.', 'good'],
  ['Won a three-year contract with COMPANY, starting in NEXT_MONTH.', 'good'],
  ['PERSON joined as ROLE in MONTH.', 'neutral'],
  ['Shortlisted for the CITY Business Awards; the winners are announced in NEXT_MONTH.', 'good'],
  ['Announced a merger with COMPANY in MONTH; completion expected by NEXT_MONTH.', 'neutral'],
  ['Moving to new offices in CITY in NEXT_MONTH.', 'neutral'],
  ['Lost their biggest customer in MONTH and are cutting costs.', 'bad'],
  ['Featured in the local paper in MONTH for their apprenticeship scheme.', 'good'],
  ['Raised £MONEYm from COMPANY in MONTH to expand.', 'good'],
  ['Restructured into three divisions in MONTH; new reporting lines.', 'neutral'],
  ['Achieved B Corp certification in MONTH.', 'good'],
  ['Announced N redundancies in MONTH after a difficult year.', 'bad'],
];

export const NEWS_PERSON: readonly (readonly [string, NewsTone])[] = [
  ['Took on a first employee in MONTH.', 'good'],
  ['Launched a new website in MONTH; enquiries are up since.', 'good'],
  ['Spoke at the CITY conference in MONTH.', 'good'],
  ['Sold a rental property in MONTH; may want advice on the proceeds.', 'neutral'],
  ['Signed a lease on a small studio in CITY in MONTH.', 'neutral'],
  ['Won a contract with COMPANY in MONTH, their biggest yet.', 'good'],
  ['Went part-time in MONTH to care for a parent.', 'bad'],
];

/** A second line for some news items, by tone (MAIN: the main contact's first name, PROJECT). */
export const NEWS_FOLLOW_ON: Record<NewsTone, readonly string[]> = {
  good: ['Send a note of congratulations.', 'MAIN sounded excited about it.', 'Could mean more work for us on the PROJECT.'],
  bad: ['Budget likely to be tight for the rest of the year.', 'Worth a supportive call.'],
  neutral: ['Worth mentioning at the next meeting.', 'Ask MAIN what it means for the PROJECT.'],
};

export const PREFERRED_TIMES = [
  'Mornings',
  'Before 10am',
  'After 2pm',
  'Lunchtime',
  'Not on Fridays',
  'Tuesdays and Thursdays',
  'Not during month-end',
  'Early evening',
  'Before 9:30am',
  'Afternoons',
];

/** Handover notes for the colleague taking an account over (MAIN: the main contact, TO: the new owner). */
export const HANDOVER_NOTES = [
  'MAIN likes to hear from the owner directly, not through the team.',
  'MAIN expects a short written update every fortnight.',
  'Key dates, open promises and the fee history are all in the timeline.',
  'I will join the introductory call so TO is not starting cold.',
  'They value continuity: keep the same meeting rhythm.',
  'Sensitive about fees after last year’s increase; no surprises on invoices.',
  'They pay on time, but query anything not in the engagement letter.',
  'Good relationship overall; the board trusts MAIN’s judgement.',
];

/** Warmth reasons by turn (DETAIL: the problem, company, gift, new owner or deliverable). */
export const WARMTH_MOMENT_REASONS: Record<string, readonly string[]> = {
  issue: ['Cooler: they are unhappy about DETAIL.', 'Trust dented by DETAIL.'],
  resolution: ['Warmer again now the complaint about DETAIL is settled.', 'Relieved to have the complaint about DETAIL settled; thanked us.'],
  referral: ['Referred DETAIL to us: a real vote of confidence.'],
  gift: ['Touched by the DETAIL; very friendly call afterwards.'],
  'handover-down': ['A little wary after the handover to DETAIL; early days.'],
  'handover-up': ['Took the handover to DETAIL well.'],
  'late-delivery': ['Disappointed the DETAIL was late.'],
  'review-invest': ['Quarterly review went well: worth investing in.'],
  'review-part ways': ['Review agreed to part ways; still polite.'],
  'stage-active': ['Onboarding went smoothly; pleased with the start.'],
  'stage-offboarding': ['They have given notice; polite but distant.'],
  'stage-alumni': ['Parted on good terms; said they would recommend us.'],
};

/** The same for a prospect, who has not paid or been delivered anything yet. */
export const WARMTH_REASONS_PROSPECT = {
  first: ['Friendly first conversations.', 'First impression after the introductory meeting.'],
  up: ['Keen after the second meeting.', 'Asked for a proposal.', 'Introduced us to their finance director.'],
  same: ['Still interested; no decision yet.', 'Polite, but no hurry on their side.'],
  down: ['Gone quiet since the pitch.', 'Comparing us with a cheaper firm.'],
} as const;

export const WARMTH_REASONS = {
  first: ['First impression after the introductory meeting.', 'Initial reading after the first proposal.', 'Friendly first conversations.'],
  up: [
    'Positive meeting; they want to do more together.',
    'Paid early and sent a thank-you note.',
    'Very pleased with the latest delivery.',
    'Invited us to their summer party.',
    'Asked us to quote for more work.',
  ],
  same: ['Steady: business as usual.', 'Routine quarter; no concerns raised.', 'Friendly but busy; little contact this quarter.'],
  down: [
    'Slower to reply lately.',
    'Pushed back hard on the last invoice.',
    'Missed two calls in a row; something is up.',
    'New finance director is questioning every cost.',
    'Quiet since the budget cuts.',
  ],
} as const;

/** Follow-up reasons by stage (WHO: a contact's first name, DELIVERABLE, PROJECT, TOPIC, MONTH). */
export const FOLLOW_UP_REASONS: Record<'prospect' | 'onboarding' | 'active' | 'issue' | 'offboarding' | 'alumni', readonly string[]> = {
  prospect: [
    'Send WHO the proposal for the PROJECT',
    'Follow up on the pitch with WHO',
    'Ask WHO for a date to meet the team',
    'Send WHO the case study on the PROJECT',
    'Check whether WHO has read the proposal',
  ],
  onboarding: [
    'Check the kick-off actions with WHO',
    'Send WHO the welcome pack',
    'Book the first progress meeting with WHO',
    'Chase the signed engagement letter',
    'Set up access to the shared folder for WHO',
  ],
  active: [
    'Chase WHO for sign-off on the DELIVERABLE',
    'Book the quarterly review with WHO',
    'Send WHO the article on TOPIC',
    'Check in on the PROJECT',
    'Invite WHO to the client evening in MONTH',
    'Confirm the renewal terms before MONTH',
    'Send WHO the DELIVERABLE',
    'Ask WHO for a testimonial',
    'Ask WHO about TOPIC',
    'Take WHO out to lunch',
    'Follow up on the invoice query with WHO',
  ],
  issue: ['Call WHO to check the fix is holding', 'Send WHO the written apology and the new timetable'],
  offboarding: [
    'Send WHO the handover documents',
    'Ask WHO for feedback on working with us',
    'Agree the final invoice with WHO',
    'Ask WHO whether they would recommend us',
  ],
  alumni: ['Catch up with WHO: how is the PROJECT going since we finished?', 'Send WHO the year-end newsletter', 'Invite WHO to the alumni drinks in MONTH'],
};

/** Follow-ups that come back after they are done: [reason, every N days]. */
export const REPEATING_FOLLOW_UPS: readonly (readonly [string, number])[] = [
  ['Monthly check-in call with WHO', 30],
  ['Send WHO the monthly report', 30],
  ['Quarterly review with WHO', 90],
  ['Check the retainer hours with WHO', 90],
];

// ---- engagements and their expectation items ----

/** Ongoing work paid monthly (the topic a promise is "for", after "the"). */
export const RETAINERS = [
  'advisory retainer',
  'monthly support retainer',
  'bookkeeping retainer',
  'marketing retainer',
  'IT support retainer',
  'outsourced finance retainer',
];

/** Legal and property work, for clients in those lines (after "the"). */
export const MATTERS = [
  'lease renewal',
  'employment tribunal claim',
  'share purchase',
  'commercial contracts review',
  'trademark dispute',
  'debt recovery',
  'property purchase',
  'partnership agreement',
  'estate planning',
];

/** Projects that come round every year and are named with it ("Annual audit 2025"). */
export const YEARLY_PROJECTS = new Set(['annual audit', 'tax planning', 'quarterly reporting pack', 'sustainability report', 'customer survey']);

/** How a promise is worded as an expectation item (WHO: the contact, DELIVERABLE, PROJECT). */
export const PROMISE_TEXTS = ['Deliver the DELIVERABLE for the PROJECT', 'Send WHO the DELIVERABLE', 'Get the DELIVERABLE to WHO'];

/** Notes on a promise's change of state (WHO: the contact, DUE: the due date, DAYS: how late or early). */
export const PROMISE_NOTES = {
  'on-track': ['First draft done; on course for DUE.', 'Halfway through, no blockers.', 'Checked with WHO: still needed by DUE.', 'Team booked; starting next week.'],
  'at-risk': [
    'Waiting on their figures; DUE looks tight.',
    'Two of the team off sick; may slip past DUE.',
    'Scope grew at the last meeting; flagged to WHO.',
    'Blocked until WHO signs off the previous draft.',
  ],
  kept: ['Sent to WHO on the day.', 'Sent to WHO DAYS early.', 'Delivered by hand; WHO confirmed receipt.'],
  slipped: ['Delivered DAYS late; apologised to WHO.', 'Went out DAYS after DUE; WHO was understanding.'],
  missed: [
    'Never delivered: WHO said they no longer needed it.',
    'Dropped when the team was overstretched; apologised to WHO.',
    'Not delivered; WHO went ahead without it.',
  ],
  renegotiated: ['WHO asked to wait for the board’s comments.', 'Their data arrived late; agreed a new date with WHO.', 'WHO wanted a larger scope; agreed more time.'],
} as const;

/** New terms of a renegotiated promise (DUE: the new due date). */
export const NEW_TERMS = ['Same scope, new date of DUE', 'Deliver by DUE, with the board’s comments included', 'Split in two: the summary now, the full version by DUE'];

/** What a client expects that we will not do: [the gap, what we told them]. */
export const EXPECTATION_GAPS: readonly (readonly [gap: string, told: string])[] = [
  ['Expects us to write all the website copy', 'the copy is theirs to write'],
  ['Expects weekend support', 'support is weekdays, 9 to 5'],
  ['Expects unlimited rounds of changes', 'two rounds of changes are included'],
  ['Expects us to chase their debtors', 'credit control stays with them'],
  ['Expects training for the whole team', 'training is quoted separately'],
  ['Expects us at every board meeting', 'we join the quarterly board only'],
  ['Expects legal advice on their contracts', 'that goes to their solicitor'],
  ['Expects us to sign off the forecasts', 'we prepare them; their directors sign them off'],
  ['Expects same-day replies', 'we reply within two working days'],
];

/** Where a client was told about a gap. */
export const GAP_TOLD_WHERE = ['at the kick-off meeting', 'in the engagement letter', 'on a call', 'by email'];

/** What an engagement takes for granted. */
export const ASSUMPTIONS = [
  'They send their records by the 10th of each month',
  'One point of contact for approvals',
  'We get read access to their accounting system',
  'Board approval within two weeks of each draft',
  'Prices hold while the scope does not change',
  'Their IT team gives us access to the test site',
];

/** Promises not yet on the timeline, for work under way (WHO, DELIVERABLE). */
export const UPCOMING_PROMISES = ['Send WHO the DELIVERABLE', 'Book the next progress meeting with WHO', 'Confirm the next phase’s fees in writing', 'Share the DELIVERABLE with WHO'];
