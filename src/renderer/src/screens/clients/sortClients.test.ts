import { describe, expect, it } from 'vitest';
import type { ClientSummary } from '../../../../shared/types';
import { NO_FILTER, filterClients, sortClients } from './sortClients';

const client = (name: string, patch: Partial<ClientSummary> = {}): ClientSummary => ({
  id: name,
  kind: 'organisation',
  name,
  stage: 'active',
  industry: '',
  owner: '',
  tags: [],
  revenueShare: null,
  contactCount: 0,
  lastContactAt: null,
  cadenceDays: null,
  warmth: null,
  version: 1,
  ...patch,
});

const list = [
  client('birch', { revenueShare: 30, warmth: 2, stage: 'prospect', owner: 'Ben', lastContactAt: '2026-01-02T10:00:00Z' }),
  client('Alder', { revenueShare: 12, warmth: 5, owner: 'Anna', tags: ['retail'] }),
  client('cedar', { warmth: 2, stage: 'alumni', tags: ['retail', 'key'], lastContactAt: '2026-03-01T10:00:00Z' }),
];
const names = (l: ClientSummary[]) => l.map((c) => c.name);

describe('sortClients', () => {
  it('sorts names without regard to case, either way', () => {
    expect(names(sortClients(list, 'name', 1))).toEqual(['Alder', 'birch', 'cedar']);
    expect(names(sortClients(list, 'name', -1))).toEqual(['cedar', 'birch', 'Alder']);
  });

  it('keeps clients without a value last in both directions', () => {
    expect(names(sortClients(list, 'revenueShare', -1))).toEqual(['birch', 'Alder', 'cedar']);
    expect(names(sortClients(list, 'revenueShare', 1))).toEqual(['Alder', 'birch', 'cedar']);
    expect(names(sortClients(list, 'lastContact', -1))).toEqual(['cedar', 'birch', 'Alder']);
  });

  it('breaks ties by name and orders stages by the lifecycle', () => {
    expect(names(sortClients(list, 'warmth', -1))).toEqual(['Alder', 'birch', 'cedar']);
    expect(names(sortClients(list, 'stage', 1))).toEqual(['birch', 'Alder', 'cedar']);
  });
});

describe('filterClients', () => {
  it('combines stage, owner, tag and warmth', () => {
    expect(names(filterClients(list, NO_FILTER))).toEqual(['birch', 'Alder', 'cedar']);
    expect(names(filterClients(list, { ...NO_FILTER, tag: 'retail' }))).toEqual(['Alder', 'cedar']);
    expect(names(filterClients(list, { ...NO_FILTER, tag: 'retail', warmth: '2' }))).toEqual(['cedar']);
    expect(names(filterClients(list, { ...NO_FILTER, owner: '—' }))).toEqual(['cedar']);
    expect(names(filterClients(list, { ...NO_FILTER, stage: 'prospect', owner: 'Ben' }))).toEqual(['birch']);
    expect(names(filterClients(list, { ...NO_FILTER, warmth: 'none' }))).toEqual([]);
  });
});

describe('filterClients by text', () => {
  const many = [
    client('Zoë Brandt Studio', { industry: 'Architecture', owner: 'Ana', tags: ['design'] }),
    client('Hartley & Sons', { industry: 'Bakery', owner: 'Ben', tags: ['retail', 'family'] }),
    client('Northwind', { industry: 'Logistics', owner: 'Ana Lopez', tags: ['key'] }),
  ];
  const text = (t: string) => names(filterClients(many, { ...NO_FILTER, text: t }));
  it('finds words in the name, industry, owner and tags, ignoring case and accents', () => {
    expect(text('zoe')).toEqual(['Zoë Brandt Studio']);
    expect(text('BAKERY')).toEqual(['Hartley & Sons']);
    expect(text('lopez')).toEqual(['Northwind']);
    expect(text('family')).toEqual(['Hartley & Sons']);
    expect(text('ana')).toEqual(['Zoë Brandt Studio', 'Northwind']);
  });
  it('needs every word, in any field, and an empty text filters nothing', () => {
    expect(text('ana key')).toEqual(['Northwind']);
    expect(text('ana bakery')).toEqual([]);
    expect(text('   ')).toEqual(names(many));
    expect(names(filterClients(many, { ...NO_FILTER, text: 'ana', owner: 'Ana' }))).toEqual(['Zoë Brandt Studio']);
  });
});
