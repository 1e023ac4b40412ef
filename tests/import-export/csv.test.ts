/**
 * CSV import previews: Google Contacts (both layouts), Outlook (comma and semicolon), LinkedIn
 * connections (notes above the header), any CSV through a column mapping, and a generated
 * 10,000-row file imported in one commit.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import type { AppEvent } from '../../src/shared/types';
import { contentHash } from '../support/rawDb';
import { fails, ok } from '../support/vault';
import { directory, fixture, people, rowsOf, unlockedCore } from './support';

let core: RapportCore;
afterEach(async () => {
  await core?.dispose();
});

describe('CSV exports recognised by their header', () => {
  test('Google Contacts: BOM, newlines and commas in quotes, doubled quotes, " ::: " lists, short rows, blank rows', async () => {
    core = await unlockedCore();
    const p = await ok(core, 'import.preview', { format: 'csv', text: fixture('google.csv') });
    expect(p.detected).toBe('Google Contacts CSV');
    expect(p.needsMapping).toBe(false);
    expect(p.mapping).toMatchObject({ firstName: 'First Name', lastName: 'Last Name', email: 'E-mail 1 - Value', phone: 'Phone 1 - Value', organisation: 'Organization Name', role: 'Organization Title' });
    expect(p.unreadable).toEqual([]);
    expect(people(p)).toEqual([
      ['Ada Lovelace', 'ada@analytical.example', '+44 20 7946 0018', 'Chief Mathematician', 'Analytical Engines, Ltd'],
      ['José Núñez', 'jose@example.es', '+34 600 000 001', '', ''],
      ['Grace Brewster Hopper', 'grace@navy.example', '+1 202-555-0100', 'Director, Computing', 'US Navy'],
      ['', 'info@initech.example', '+1 512 555 0000', '', 'Initech'],
    ]);
    // Line numbers count the newlines inside quoted fields.
    expect(rowsOf(p).map((r) => r.line)).toEqual([2, 5, 6, 8]);
    expect(p.columns[0]).toBe('First Name');
  });

  test('Google Contacts, older layout ("Name", "Given Name", "Organization 1 - Name")', async () => {
    core = await unlockedCore();
    const p = await ok(core, 'import.preview', { format: 'csv', text: fixture('google-legacy.csv') });
    expect(p.detected).toBe('Google Contacts CSV');
    expect(people(p)).toEqual([['Katherine Johnson', 'katherine@nasa.example', '+1 757 555 0101', 'Mathematician', 'NASA Langley']]);
  });

  test('Outlook: Job Title (not the courtesy Title), Business Phone first, an invalid email left out with a warning', async () => {
    core = await unlockedCore();
    const p = await ok(core, 'import.preview', { format: 'csv', text: fixture('outlook.csv') });
    expect(p.detected).toBe('Outlook CSV');
    expect(people(p)).toEqual([
      ['Hedy Lamarr', 'hedy@example.com', '+1 (310) 555-0134', 'Inventor', 'Frequency Hopping, Inc.'],
      ['Tim Berners-Lee', 'timbl@w3.example', '+44 7700 900123', 'Director', 'W3C'],
      ['Rosalind Franklin', '', '+44 20 7946 0999', '', ''],
    ]);
    expect(rowsOf(p)[2].warnings).toEqual(['"not-an-email" is not an email address and was left out.']);
    expect(rowsOf(p).map((r) => r.line)).toEqual([2, 4, 5]);
  });

  test('Outlook with semicolons (European regional settings)', async () => {
    core = await unlockedCore();
    const p = await ok(core, 'import.preview', { format: 'csv', text: fixture('outlook-semicolon.csv') });
    expect(p.detected).toBe('Outlook CSV');
    expect(people(p).map((x) => x[0])).toEqual(['Hedy Lamarr', 'Tim Berners-Lee']);
  });

  test('LinkedIn connections: the notes above the header are not contacts; missing emails are fine', async () => {
    core = await unlockedCore();
    const p = await ok(core, 'import.preview', { format: 'csv', text: fixture('linkedin.csv') });
    expect(p.detected).toBe('LinkedIn connections CSV');
    expect(p.notes.join(' ')).toMatch(/above the header/);
    expect(people(p)).toEqual([
      ['Margaret Hamilton', 'margaret@apollo.example', '', 'CEO', 'Hamilton Technologies'],
      ['Donald Knuth, PhD', '', '', 'Professor Emeritus of The Art of Computer Programming', 'Stanford University'],
      ['Barbara Liskov', '', '', 'Institute Professor', 'MIT'],
    ]);
    expect(rowsOf(p).map((r) => r.line)).toEqual([5, 6, 7]);
  });
});

describe('any CSV through a column mapping', () => {
  test('an unknown header asks for a mapping, with the columns and a sample; nothing can be committed', async () => {
    core = await unlockedCore();
    const p = await ok(core, 'import.preview', { format: 'csv', text: fixture('custom.csv') });
    expect(p).toMatchObject({ needsMapping: true, previewId: null, columns: ['Client', 'Person', 'Mail', 'Tel', 'Job'], toCreate: [], duplicates: [] });
    expect(p.sample[0]).toEqual(['Acme Holdings', 'Jane Doe', 'jane@acme.example', '+44 161 496 0001', 'Buyer']);
  });

  test('with a mapping: people of one organisation share one new client', async () => {
    core = await unlockedCore();
    const mapping = { organisation: 'client', name: 'Person', email: 'Mail', phone: 'Tel', role: 'Job' };
    const p = await ok(core, 'import.preview', { format: 'csv', text: fixture('custom.csv'), mapping });
    expect(p.detected).toBe('CSV (your column mapping)');
    expect(people(p)).toEqual([
      ['Jane Doe', 'jane@acme.example', '+44 161 496 0001', 'Buyer', 'Acme Holdings'],
      ['John Roe', 'john@acme.example', '', 'Head of "Special" Projects; North', 'Acme Holdings'],
      ['Solo Person', 'solo@example.net', '', '', ''],
    ]);
    expect(p.counts.newClients).toBe(2);
    const report = await ok(core, 'import.commit', { previewId: p.previewId! });
    expect(report.counts).toMatchObject({ created: 3, clientsCreated: 2, contactsCreated: 3 });
    expect(await directory(core)).toEqual([
      {
        kind: 'organisation',
        name: 'Acme Holdings',
        contacts: [
          { name: 'Jane Doe', email: 'jane@acme.example', phone: '+44 161 496 0001', role: 'Buyer' },
          { name: 'John Roe', email: 'john@acme.example', phone: '', role: 'Head of "Special" Projects; North' },
        ],
      },
      { kind: 'person', name: 'Solo Person', contacts: [{ name: 'Solo Person', email: 'solo@example.net', phone: '', role: '' }] },
    ]);
  });

  test('a mapping naming a column the file does not have is refused with the column named', async () => {
    core = await unlockedCore();
    const err = await fails(core, 'import.preview', { format: 'csv', text: fixture('custom.csv'), mapping: { name: 'Full name' } });
    expect(err).toMatchObject({ code: 'INVALID_INPUT' });
    expect(err.message).toMatch(/"Full name" of the mapping is not in the file's header/);
  });

  test('files that are not CSV of contacts are refused as a whole', async () => {
    core = await unlockedCore();
    const hash = await contentHash(core.status().vaultPath);
    expect((await fails(core, 'import.preview', { format: 'csv', text: '\uFEFF\n\n' })).message).toMatch(/empty/);
    expect((await fails(core, 'import.preview', { format: 'csv', text: 'y'.repeat(5000) })).message).toMatch(/does not look like a header/);
    expect((await fails(core, 'import.preview', { format: 'csv', text: '"Name,Email\nAda,ada@x.org\n' })).message).toMatch(/header row cannot be read/);
    expect(await contentHash(core.status().vaultPath)).toBe(hash);
  });

  test('an unclosed quote makes its row and the rest unreadable, with the line where it starts', async () => {
    core = await unlockedCore();
    const text = 'Name,Email\nAda,ada@x.org\n"Bob,bob@x.org\nCy,cy@x.org\n';
    const p = await ok(core, 'import.preview', { format: 'csv', text, mapping: { name: 'Name', email: 'Email' } });
    expect(people(p).map((x) => x[0])).toEqual(['Ada']);
    expect(p.unreadable).toEqual([{ line: 3, reason: expect.stringMatching(/quoted field is not closed/) }]);
  });
});

describe('a 10,000-row CSV', () => {
  test('previews and commits in one transaction, with progress every 200 rows', { timeout: 120_000 }, async () => {
    core = await unlockedCore();
    const firsts = ['Ada', 'Grace', 'Alan', 'Hedy', 'Katherine', 'Tim', 'Barbara', 'Donald', 'Margaret', 'Edsger'];
    const lines = ['First Name,Last Name,Email Address,Company,Position,Connected On'];
    for (let i = 0; i < 10_000; i++) {
      const company = i % 3 === 0 ? `"Company ${i % 500}, Ltd"` : '';
      lines.push(`${firsts[i % 10]},Person-${i},person${i}@example.com,${company},"Role ${i % 7}",01 Jan 2026`);
    }
    const text = lines.join('\r\n');
    const t0 = performance.now();
    const p = await ok(core, 'import.preview', { format: 'csv', text });
    const tPreview = performance.now() - t0;
    expect(p.detected).toBe('LinkedIn connections CSV');
    expect(p.counts).toMatchObject({ rows: 10_000, unreadable: 0, duplicates: 0, toCreate: 10_000 });

    const events: AppEvent[] = [];
    const off = core.subscribe((e) => events.push(e));
    const t1 = performance.now();
    let committed = false;
    const commit = ok(core, 'import.commit', { previewId: p.previewId! }).finally(() => (committed = true));
    // Requests made while the import commits are answered before it ends, from the vault as it was.
    const during: number[] = [];
    while (!committed) {
      const list = await ok(core, 'clients.list', {});
      if (!committed) during.push(list.length);
      await new Promise((r) => setTimeout(r, 20));
    }
    const report = await commit;
    const tCommit = performance.now() - t1;
    off();
    expect(during.length).toBeGreaterThanOrEqual(3);
    expect(new Set(during)).toEqual(new Set([0]));
    expect(report.counts).toMatchObject({ created: 10_000, contactsCreated: 10_000 });
    expect(report.counts.clientsCreated).toBe(500 + 6_666);
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress).toHaveLength(50);
    expect(progress.at(-1)).toEqual({ type: 'progress', task: 'import', done: 10_000, total: 10_000 });
    expect((await ok(core, 'clients.list', {})).length).toBe(500 + 6_666);
    console.log(
      `10,000-row CSV: preview ${Math.round(tPreview)} ms (${Math.round(10_000 / (tPreview / 1000))} rows/s), ` +
        `commit ${Math.round(tCommit)} ms (${Math.round(10_000 / (tCommit / 1000))} rows/s)`,
    );
  });
});

describe('a CSV read in runs of rows (papaparse gives the event loop back between them)', () => {
  /**
   * A file of `n` people with CRLF line ends, a two-line quoted note every 7th row (before row
   * `quotedUpTo`) and a blank line every 13th; and the line each row starts on.
   */
  function file(n: number, quotedUpTo = n): { text: string; lines: number[] } {
    const out = ['Name,Email,Notes'];
    const lines: number[] = [];
    let line = 2;
    for (let i = 0; i < n; i++) {
      if (i % 13 === 12) {
        out.push('');
        line++;
      }
      lines.push(line);
      const quoted = i % 7 === 0 && i < quotedUpTo;
      const note = quoted ? '"Met at the fair,\r\nasked for ""the brochure"""' : 'plain';
      out.push(`Person ${i},p${i}@example.org,${note}`);
      line += quoted ? 2 : 1;
    }
    return { text: `${out.join('\r\n')}\r\n`, lines };
  }

  test('every row of a 5,000-row file, with the line it starts on, across the runs', async () => {
    core = await unlockedCore();
    const { text, lines } = file(5_000);
    const p = await ok(core, 'import.preview', { format: 'csv', text });
    const rows = rowsOf(p);
    expect(p.counts).toMatchObject({ rows: 5_000, unreadable: 0 });
    expect(rows.map((r) => r.line)).toEqual(lines);
    expect(rows.map((r) => r.person.name)).toEqual(lines.map((_, i) => `Person ${i}`));
    expect(rows.filter((r) => r.person.notes === 'Met at the fair,\nasked for "the brochure"').length).toBe(Math.ceil(5_000 / 7));
  });

  test('an unclosed quote in a later run still takes the rest of the file, and the rows before it are read', async () => {
    core = await unlockedCore();
    // No quote after the broken row, so nothing closes it.
    const { text, lines } = file(5_000, 4_500);
    const broken = text.replace('Person 4500,p4500@example.org,plain', 'Person 4500,"p4500@example.org,plain');
    const p = await ok(core, 'import.preview', { format: 'csv', text: broken });
    expect(rowsOf(p).map((r) => r.person.name)).toEqual(lines.slice(0, 4500).map((_, i) => `Person ${i}`));
    expect(p.unreadable).toEqual([{ line: lines[4500], reason: expect.stringMatching(/quoted field is not closed/) }]);
  });
});
