import type { LifecycleStage } from './types';

/** Built-in lifecycle checklists, drawn from good client-service practice. Users can edit them. */
export const DEFAULT_CHECKLISTS: Record<LifecycleStage, string[]> = {
  prospect: ['Understand what they need and why now', 'Agree the scope and what we will not do', 'Send a clear proposal'],
  onboarding: [
    'Welcome call',
    'Understand their immediate needs',
    'Deliver a first piece of value early',
    'Agree how and how often we communicate',
    'Note personal facts worth remembering',
  ],
  active: ['Regular check-in', 'Share something relevant to their business'],
  'issue-resolution': ['Acknowledge the issue quickly', 'Own it', 'Fix it', 'Follow up after the fix', 'Record what was learned'],
  offboarding: [
    'Final deliverables handed over',
    'Send a thank-you letter',
    'Ask for feedback',
    'Ask whether they would refer us',
    'Hand over their files',
    'Plan to keep in touch',
  ],
  alumni: [],
};
