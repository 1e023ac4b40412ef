import { describe, expect, it } from 'vitest';
import type { Dossier } from '../../../../shared/types';
import { briefOf, contactLine } from './briefData';

const dossier = (): Dossier => ({
  client: {
    id: 'c1', kind: 'organisation', name: 'Hartley & Sons', stage: 'active', industry: '', owner: 'Anna', tags: [],
    revenueShare: null, contactCount: 1, lastContactAt: null, cadenceDays: null, warmth: 4, version: 1,
    notes: '', news: '  New bakery  ', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
  },
  contacts: [{ id: 'm', clientId: 'c1', name: 'Megan', role: 'FD', email: '', phone: '', preferredChannel: 'any', preferredTime: '', version: 1 }],
  facts: [
    { id: 'f1', clientId: 'c1', contactId: 'm', type: 'diet', text: 'Nut allergy', sensitivity: 'normal', isAlert: true, markedAlert: false, version: 1 },
    { id: 'f2', clientId: 'c1', contactId: null, type: 'family', text: 'Family firm since 1921', sensitivity: 'normal', isAlert: false, markedAlert: false, version: 1 },
  ],
  alerts: [{ id: 'f1', clientId: 'c1', contactId: 'm', type: 'diet', text: 'Nut allergy', sensitivity: 'normal', isAlert: true, markedAlert: false, version: 1 }],
  dates: [
    { id: 'd1', clientId: 'c1', contactId: 'm', label: 'Birthday', date: '1980-03-10', recurrence: 'yearly', nextOn: '2026-03-10', version: 1 },
    { id: 'd2', clientId: 'c1', contactId: null, label: 'Anniversary', date: '1921-06-01', recurrence: 'yearly', nextOn: '2026-06-01', version: 1 },
    { id: 'd3', clientId: 'c1', contactId: null, label: 'Old launch', date: '2020-01-01', recurrence: 'once', nextOn: null, version: 1 },
  ],
  warmth: [],
  handovers: [],
  followUps: [],
  recent: Array.from({ length: 7 }, (_, i) => ({
    id: `e${i}`, clientId: 'c1', kind: 'call' as const, occurredAt: `2026-02-0${i + 1}T10:00:00Z`, summary: `Call ${i}`, body: '', contactIds: ['m'], version: 1,
  })),
  contactLastContact: { m: '2026-02-07T10:00:00Z' },
});

describe('briefOf', () => {
  const b = briefOf(dossier(), '2026-02-20');

  it('keeps alerts apart from the other facts and names who they are about', () => {
    expect(b.alerts.map((f) => `${f.about}: ${f.text}`)).toEqual(['Megan: Nut allergy']);
    expect(b.facts.map((f) => `${f.about}: ${f.text}`)).toEqual(['Hartley & Sons: Family firm since 1921']);
  });

  it('lists only dates in the next 60 days, and at most five interactions', () => {
    expect(b.dates.map((d) => d.label)).toEqual(['Birthday']);
    expect(b.recent).toHaveLength(5);
    expect(b.recent[0].with).toEqual(['Megan']);
    expect(b.news).toBe('New bakery');
  });
});

describe('contactLine', () => {
  it('leaves out what says nothing', () => {
    expect(contactLine({ role: '', preferredChannel: 'any', preferredTime: '' })).toBe('');
    expect(contactLine({ role: 'FD', preferredChannel: 'phone', preferredTime: 'mornings' })).toBe('FD · prefers phone, mornings');
    expect(contactLine({ role: '', preferredChannel: 'any', preferredTime: 'not Fridays' })).toBe('prefers not Fridays');
  });
});
