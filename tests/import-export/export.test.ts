/**
 * Exports: plain JSON, CSV per kind of record and vCard 4.0 (after the passphrase and the
 * clear-text confirmation), the iCalendar file with and without sensitive text, and the round
 * trips: JSON into a new vault gives identical data; Rapport's own vCard re-imports as duplicates.
 */
import ICAL from 'ical.js';
import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import type { ExportFile } from '../../src/main/services/exporting/format';
import { contentHash } from '../support/rawDb';
import { PASSPHRASE, fails, ok } from '../support/vault';
import { directory, freshCore, rowsOf } from './support';


const TRICKY = 'Ada "Countess" Lovelace, née Byron; FRS \\ 🧮 Ωμέγα — with a name long enough to fold';

/** A vault with every kind of record. */
async function practice(core: RapportCore) {
  const acme = await ok(core, 'clients.create', { kind: 'organisation', name: "O'Brien; Partners, LLP", industry: 'Law', tags: ['key', 'north'], revenueShare: 12.5, notes: '=HYPERLINK("x")\nsecond line', cadenceDays: 30 });
  const jane = await ok(core, 'clients.create', { kind: 'person', name: 'Jane Doe', stage: 'active' });
  const ada = await ok(core, 'contacts.create', { clientId: acme.id, name: TRICKY, role: 'Partner, Tax', email: 'ada@obrien.example', phone: '+44 20 7946 0000' });
  await ok(core, 'contacts.create', { clientId: acme.id, name: 'Bob Builder', phone: '020 7946 0001' });
  await ok(core, 'facts.add', { clientId: acme.id, contactId: ada.id, type: 'diet', text: 'Nut allergy', sensitivity: 'handle-with-care' });
  await ok(core, 'dates.add', { clientId: acme.id, contactId: ada.id, label: "Tyrone's operation", date: '2026-12-03', recurrence: 'once' });
  await ok(core, 'dates.add', { clientId: jane.id, label: 'Birthday', date: '1980-02-29', recurrence: 'yearly' });
  await ok(core, 'dates.add', { clientId: jane.id, label: 'Anniversary', date: '2011-06-18', recurrence: 'yearly' });
  await ok(core, 'dates.add', { clientId: jane.id, label: 'Old one-off', date: '2020-01-01', recurrence: 'once' });
  await ok(core, 'timeline.add', { clientId: acme.id, kind: 'meeting', occurredAt: '2026-11-20T10:00:00Z', summary: 'Lunch, with "quotes"', body: 'Long\nbody', contactIds: [ada.id], followUp: { reason: 'Send the memo', dueOn: '2026-11-27' } });
  const done = await ok(core, 'followUps.create', { clientId: jane.id, reason: 'Already done', dueOn: '2026-11-24' });
  await ok(core, 'followUps.complete', { id: done.id, version: done.version });
  await ok(core, 'followUps.create', { clientId: jane.id, reason: 'Ask how the operation went; send flowers, card', dueOn: '2026-12-10', repeatDays: 90 });
  await ok(core, 'warmth.record', { clientId: acme.id, value: 4, reason: 'Good lunch' });
  await ok(core, 'clients.handOver', { clientId: acme.id, to: 'Kim', reason: 'Leave', notes: 'Be kind' });
  const eng = await ok(core, 'engagements.create', { clientId: acme.id, name: 'Audit', startOn: '2026-11-01', items: [{ kind: 'promise', text: 'Deliver A', dueOn: '2026-11-15' }, { kind: 'gap', text: 'No weekend work', toldHow: 'In the kick-off' }] });
  const promises = await ok(core, 'promises.forClient', { clientId: acme.id });
  const item = promises.engagements[0].items.find((i) => i.kind === 'promise')!;
  await ok(core, 'expectations.setState', { id: item.id, version: item.version, state: 'kept', note: 'Delivered' });
  await ok(core, 'clients.setStage', { clientId: jane.id, stage: 'onboarding', startChecklist: true });
  await ok(core, 'checklists.updateTemplate', { stage: 'alumni', items: ['Send a goodbye card'] });
  const review = await ok(core, 'reviews.start', { quarter: '2026-Q4', clientIds: [acme.id] });
  await ok(core, 'reviews.record', { id: review.id, clientId: acme.id, warmth: 4, decision: 'invest', reason: 'Growing' });
  await ok(core, 'settings.update', { userName: 'Sam Consultant', autoLockMinutes: 15 });
  return { acme, jane, ada, eng };
}

async function plain(core: RapportCore, format: 'json' | 'csv' | 'vcard') {
  return ok(core, 'export.plain', { passphrase: PASSPHRASE, confirmUnencrypted: true, format });
}

describe('plain export', () => {
  test('needs the passphrase again and the clear-text confirmation; refusals write nothing', async () => {
    const core = await freshCore();
    await practice(core);
    const file = core.status().vaultPath;
    const hash = await contentHash(file);
    expect((await fails(core, 'export.plain', { passphrase: 'not the passphrase at all', confirmUnencrypted: true, format: 'json' })).code).toBe('WRONG_PASSPHRASE');
    expect((await fails(core, 'export.plain', { passphrase: PASSPHRASE, confirmUnencrypted: false, format: 'json' })).code).toBe('INVALID_INPUT');
    expect((await fails(core, 'export.plain', { passphrase: PASSPHRASE, format: 'csv' })).code).toBe('INVALID_INPUT');
    await ok(core, 'vault.lock', {});
    expect((await fails(core, 'export.plain', { passphrase: PASSPHRASE, confirmUnencrypted: true, format: 'json' })).code).toBe('VAULT_LOCKED');
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(await contentHash(file)).toBe(hash);
  });

  test('JSON into a new vault gives identical data', async () => {
    const a = await freshCore();
    await practice(a);
    const { files } = await plain(a, 'json');
    const [[name, text]] = Object.entries(files);
    expect(name).toBe('rapport-export-2026-11-23.json');
    const exported = JSON.parse(text) as ExportFile;
    expect(Object.keys(exported.tables)).toEqual(expect.arrayContaining(['clients', 'contacts', 'facts', 'review_sessions', 'checklist_templates', 'settings']));
    expect(exported.tables.contacts?.find((c) => c.data.name === TRICKY)).toBeTruthy();

    const b = await freshCore();
    const report = await ok(b, 'import.json', { text });
    expect(report.counts).toMatchObject({ clients: 2, contacts: 2, facts: 1, important_dates: 4, engagements: 1, expectation_items: 2, review_sessions: 1 });
    const again = JSON.parse(Object.values((await plain(b, 'json')).files)[0]) as ExportFile;
    expect(again.tables).toEqual(exported.tables);
    // What the app shows is the same too.
    const view = async (c: RapportCore) => {
      const clients = await ok(c, 'clients.list', {});
      const dossiers = await Promise.all(clients.map((x) => ok(c, 'clients.dossier', { id: x.id })));
      const promises = await Promise.all(clients.map((x) => ok(c, 'promises.forClient', { clientId: x.id })));
      const reviews = await ok(c, 'reviews.list', {});
      return JSON.parse(JSON.stringify({ clients, dossiers, promises, reviews, templates: await ok(c, 'checklists.templates', {}), settings: await ok(c, 'settings.get', {}) }, (k, v) => (k === 'version' ? undefined : v))) as unknown;
    };
    expect(await view(b)).toEqual(await view(a));

    // Only into an empty vault; a damaged file is refused whole. Neither writes anything.
    const hash = await contentHash(b.status().vaultPath);
    expect((await fails(b, 'import.json', { text })).code).toBe('CONFLICT');
    const c = await freshCore();
    const hashC = await contentHash(c.status().vaultPath);
    const damaged = JSON.parse(text) as ExportFile;
    damaged.tables.contacts![0].clientId = '00000000-0000-4000-8000-000000000000';
    expect((await fails(c, 'import.json', { text: JSON.stringify(damaged) })).message).toMatch(/belongs to a client the export does not have/);
    const badKind = JSON.parse(text) as ExportFile;
    (badKind.tables.clients![0].data as { kind: string }).kind = 'robot';
    expect((await fails(c, 'import.json', { text: JSON.stringify(badKind) })).message).toMatch(/at tables\.clients\.0\.data\.kind/);
    expect((await fails(c, 'import.json', { text: text.slice(0, text.length / 2) })).message).toMatch(/not JSON/);
    expect(await contentHash(b.status().vaultPath)).toBe(hash);
    expect(await contentHash(c.status().vaultPath)).toBe(hashC);
  });

  test('CSV: one file per kind of record, with the client named; quotes, commas, newlines and formulas safe', async () => {
    const core = await freshCore();
    const { acme } = await practice(core);
    const { files } = await plain(core, 'csv');
    expect(Object.keys(files).sort()).toEqual(
      ['checklist-templates.csv', 'checklists.csv', 'clients.csv', 'contacts.csv', 'engagements.csv', 'expectations.csv', 'follow-ups.csv', 'handovers.csv', 'important-dates.csv', 'personal-facts.csv', 'reviews.csv', 'settings.csv', 'timeline.csv', 'warmth.csv'].sort(),
    );
    const parse = (name: string) => Papa.parse<Record<string, string>>(files[name], { header: true }).data;
    const contacts = parse('contacts.csv');
    expect(contacts.map((c) => [c.name, c.client_name, c.role, c.email])).toEqual(
      expect.arrayContaining([[TRICKY, acme.name, 'Partner, Tax', 'ada@obrien.example']]),
    );
    // A phone starting with + and a note starting with = are not run as formulas by a spreadsheet.
    expect(contacts.find((c) => c.name === TRICKY)?.phone).toBe("'+44 20 7946 0000");
    const clients = parse('clients.csv');
    expect(clients.find((c) => c.id === acme.id)).toMatchObject({ notes: '\'=HYPERLINK("x")\nsecond line', tags: 'key; north', revenueShare: '12.5' });
    expect(parse('timeline.csv').find((e) => e.kind === 'meeting')).toMatchObject({ summary: 'Lunch, with "quotes"', body: 'Long\nbody', client_name: acme.name });
  });

  test("vCard 4.0: parses with ical.js; Rapport's own vCard re-imports with every row a duplicate, nothing created", async () => {
    const core = await freshCore();
    await practice(core);
    const { files } = await plain(core, 'vcard');
    const text = Object.values(files)[0];
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const cards = ICAL.parse(text) as unknown as unknown[][];
    const vcards = (Array.isArray(cards[0]) ? cards : [cards]).map((c) => new ICAL.Component(c as never));
    expect(vcards.map((c) => c.getFirstPropertyValue('fn')).sort()).toEqual([TRICKY, 'Bob Builder', 'Jane Doe'].sort());
    expect(vcards.find((c) => c.getFirstPropertyValue('fn') === TRICKY)?.getFirstPropertyValue('org')).toBe("O'Brien; Partners, LLP");

    const before = await directory(core);
    const p = await ok(core, 'import.preview', { format: 'vcard', text });
    expect(p.detected).toBe('vCard 4.0');
    expect(p.unreadable).toEqual([]);
    expect(p.toCreate).toEqual([]);
    expect(p.duplicates).toHaveLength(3);
    expect(rowsOf(p).every((r) => r.suggested === 'skip' && r.duplicate!.reasons.some((x) => x !== 'similar-name'))).toBe(true);
    const report = await ok(core, 'import.commit', { previewId: p.previewId! });
    expect(report.counts).toMatchObject({ created: 0, merged: 0, skipped: 3, clientsCreated: 0, contactsCreated: 0 });
    expect(await directory(core)).toEqual(before);

    // Into a new vault, the same people and organisations come back.
    const other = await freshCore();
    const p2 = await ok(other, 'import.preview', { format: 'vcard', text });
    await ok(other, 'import.commit', { previewId: p2.previewId! });
    expect(await directory(other)).toEqual(before);
  });
});

describe('calendar export', () => {
  function events(text: string) {
    const cal = new ICAL.Component(ICAL.parse(text) as never);
    expect(cal.name).toBe('vcalendar');
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    return cal.getAllSubcomponents('vevent').map((e) => ({
      uid: String(e.getFirstPropertyValue('uid')),
      summary: String(e.getFirstPropertyValue('summary')),
      description: e.getFirstPropertyValue('description') as string | null,
      start: (e.getFirstPropertyValue('dtstart') as ICAL.Time).toString(),
      allDay: (e.getFirstPropertyValue('dtstart') as ICAL.Time).isDate,
      rrule: e.getFirstPropertyValue('rrule')?.toString() ?? null,
    }));
  }

  test('open follow-ups and important dates; yearly dates repeat; sensitive text round-trips through a real parser', async () => {
    const core = await freshCore();
    await practice(core);
    const cal = await ok(core, 'export.calendar', { includeSensitiveText: true });
    expect(cal.fileName).toBe('rapport-2026-11-23.ics');
    for (const line of cal.text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const list = events(cal.text);
    expect(cal.events).toBe(list.length);
    expect(list.map((e) => [e.start, e.summary, e.rrule])).toEqual([
      ['1980-02-29', 'Birthday (Jane Doe)', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1'],
      ['2011-06-18', 'Anniversary (Jane Doe)', 'FREQ=YEARLY'],
      ['2026-11-27', "Follow up with O'Brien; Partners, LLP: Send the memo", null],
      ['2026-12-03', `Tyrone's operation (${TRICKY}, O'Brien; Partners, LLP)`, null],
      ['2026-12-07', "Follow up with O'Brien; Partners, LLP: Check in with O'Brien; Partners, LLP after the handover to Kim", null],
      ['2026-12-10', 'Follow up with Jane Doe: Ask how the operation went; send flowers, card', null],
    ]);
    expect(list.every((e) => e.allDay && /@rapport$/.test(e.uid))).toBe(true);
    expect(list[2].description).toBe('Send the memo');
  });

  test('without sensitive text: neutral titles, no description, none of the names, reasons or labels', async () => {
    const core = await freshCore();
    await practice(core);
    const cal = await ok(core, 'export.calendar', { includeSensitiveText: false });
    const list = events(cal.text);
    expect(list.map((e) => e.summary).sort()).toEqual(['Rapport date', 'Rapport date', 'Rapport date', 'Rapport follow-up', 'Rapport follow-up', 'Rapport follow-up']);
    expect(list.every((e) => e.description === null)).toBe(true);
    for (const secret of ['Jane', 'Brien', 'Lovelace', 'memo', 'Tyrone', 'operation', 'Birthday', 'Anniversary', 'flowers', 'Kim', 'handover']) {
      expect(cal.text).not.toContain(secret);
    }
  });

  test('an empty vault gives a valid calendar with no events', async () => {
    const core = await freshCore();
    const cal = await ok(core, 'export.calendar', { includeSensitiveText: true });
    expect(cal.events).toBe(0);
    expect(events(cal.text)).toEqual([]);
  });
});
