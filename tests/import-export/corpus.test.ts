/**
 * The import corpus: real files from public vCard and CSV test suites (tests/fixtures/import/corpus,
 * sources in SOURCES.md), each sent as bytes the way the import dialog sends them, with what
 * each must become: [name, primary email, primary phone, role, organisation], client kind, and
 * the dates found. Every file is checked.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import { ok } from '../support/vault';
import { FIXTURES, directory, rowsOf, unlockedCore } from './support';

const DIR = path.join(FIXTURES, 'corpus');
type Row = [name: string, email: string, phone: string, role: string, organisation: string, kind: 'person' | 'organisation', dates?: string[]];
interface Expected {
  detected: string;
  rows: Row[];
  unreadable?: RegExp[];
}

const N = 'Ñ';
const EXPECTED: Record<string, Expected> = {
  'ezvcard-John_Doe_ANDROID.vcf': {
    detected: 'vCard 2.1',
    rows: [
      ['john.doe@company.com', 'john.doe@company.com', '', '', '', 'person'],
      ['jane.doe@company.com', 'jane.doe@company.com', '', '', '', 'person'],
      [`${N} ${N} ${N} ${N} ${N}`, '', '123456789', '', '', 'person'],
      [Array(11).fill(N).join(' '), '', '123456', '', '', 'person'],
      [`${N} ${N} ${N} ${N}`, 'bob@company.com', '123456', '', N.repeat(12), 'organisation'],
      [N.repeat(4), 'henry@company.com', '55556666', '', N.repeat(44), 'organisation'],
    ],
  },
  'ezvcard-John_Doe_BLACK_BERRY.vcf': { detected: 'vCard 2.1', rows: [['John Doe', '', '+96123456789', '', 'Acme Solutions', 'organisation']] },
  'ezvcard-John_Doe_EVOLUTION.vcf': {
    detected: 'vCard 3.0',
    rows: [['Mr. John Richter, James Doe Sr.', 'john.doe@ibm.com', '905-555-1234', 'Money Counter', 'IBM', 'organisation', ['Birthday 1980-03-22', 'Anniversary 1980-03-22']]],
  },
  'ezvcard-John_Doe_GMAIL.vcf': {
    detected: 'vCard 3.0',
    rows: [['Mr. John Richter, James Doe Sr.', 'john.doe@ibm.com', '905-555-1234', 'Money Counter', 'IBM', 'organisation', ['Birthday 1980-03-22', 'Anniversary 1975-03-01']]],
  },
  'ezvcard-John_Doe_IPHONE.vcf': {
    detected: 'vCard 3.0',
    rows: [['Mr. John Richter James Doe Sr.', 'john.doe@ibm.com', '905-555-1234', 'Money Counter', 'IBM', 'organisation', ['Birthday 2012-06-06']]],
  },
  'ezvcard-John_Doe_LOTUS_NOTES.vcf': {
    detected: 'vCard 3.0',
    rows: [['Mr. Doe John I Johny', 'john.doe@ibm.com', '+1 (212) 204-34456', 'Generic Accountant, Counting Money', 'IBM', 'organisation', ['Birthday 1980-05-21']]],
  },
  'ezvcard-John_Doe_MAC_ADDRESS_BOOK.vcf': {
    detected: 'vCard 3.0',
    rows: [['Mr. John Richter,James Doe Sr.', 'john.doe@ibm.com', '905-777-1234', 'Money Counter', 'IBM', 'organisation', ['Birthday 2012-06-06']]],
  },
  'ezvcard-John_Doe_MS_OUTLOOK.vcf': {
    detected: 'vCard 2.1',
    rows: [['Mr. John Richter James Doe Sr.', 'john.doe@ibm.cm', '(905) 555-1234', 'Money Counter, Counting Money', 'IBM', 'organisation', ['Birthday 1980-03-22', 'Anniversary 2011-01-13']]],
  },
  'ezvcard-fullcontact.vcf': {
    detected: 'vCard 4.0',
    rows: [['Prefix FirstName MiddleName LastName Suffix', 'home@example.com', '555-555-1112', 'Title1', 'Organization1', 'organisation', ['Birthday 2016-08-01']]],
  },
  'ezvcard-gmail-list.vcf': {
    detected: 'vCard 3.0',
    rows: [
      ['Arnold Smith', 'asmithk@gmail.com', '', '', '', 'person'],
      ['Chris Beatle', 'chrisy55d@yahoo.com', '', '', '', 'person'],
      ['Doug White', 'dwhite@gmail.com', '', '', '', 'person'],
    ],
  },
  'ezvcard-gmail-single.vcf': {
    detected: 'vCard 3.0',
    rows: [['Greg Dartmouth', 'gdartmouth@hotmail.com', '555 555 1111', 'TheJobTitle', 'TheCompany', 'organisation', ['Birthday 1960-09-10', 'Anniversary 1970-06-02']]],
  },
  'ezvcard-gmail-single2.vcf': {
    detected: 'vCard 3.0',
    rows: [
      ['VCard Test', 'email@example.com', '5555551113', 'TheJobTitle', 'TheCompany', 'organisation', ['Birthday 1912-06-23', 'Anniversary 1930-03-20', 'Date 1776-07-04', 'Customdatecategory 2000-09-12']],
    ],
  },
  'ezvcard-issue114.vcf': { detected: 'vCard 4.0', rows: [['Dummy, Dummy', 'dummy.dummy@dummy.com', '+49 1234 56789', '', 'Dummy GmbH', 'organisation']] },
  'ezvcard-outlook-2003.vcf': {
    detected: 'vCard 2.1',
    rows: [['John Doe III', 'jdoe@hotmail.com', 'BusinessPhone', 'The Job Title, TheProfession', 'Company, The', 'organisation', ['Birthday 1980-03-21']]],
  },
  'ezvcard-outlook-2007.vcf': {
    detected: 'vCard 2.1',
    rows: [['Mr. Michael Angstadt Jr.', 'mike.angstadt@gmail.com', '(111) 555-1111', 'TheJobTitle, TheProfession', 'TheCompany', 'organisation', ['Birthday 1922-03-10', 'Anniversary 2012-08-01']]],
  },
  'ezvcard-rfc2426-example.vcf': {
    detected: 'vCard 3.0',
    rows: [
      ['Frank Dawson', 'Frank_Dawson@Lotus.com', '+1-919-676-9515', '', 'Lotus Development Corporation', 'organisation'],
      ['Tim Howes', 'howes@netscape.com', '+1-415-937-3419', '', 'Netscape Communications Corp.', 'organisation'],
    ],
  },
  'ezvcard-rfc6350-example.vcf': {
    detected: 'vCard 4.0',
    rows: [['Simon Perreault', 'simon.perreault@viagenie.ca', '+1-418-656-9254 ext. 102', '', 'Viagenie', 'organisation', ['Birthday 1604-02-03', 'Anniversary 2009-08-08']]],
  },
  'ezvcard-thunderbird-MoreFunctionsForAddressBook-extension.vcf': {
    detected: 'vCard 3.0',
    rows: [['John Doe', 'doe.john@hotmail.com', '555-555-1111', 'TheTitle', 'TheOrganization', 'organisation', ['Birthday 1970-09-21', 'Anniversary 1990-04-30']]],
  },
  'gpc-outlook.csv': {
    detected: 'CSV (columns recognised by their names)',
    rows: [
      ['Adam Glacius', 'adam.glacius@anycom.com', '+1 555 3227 8547', 'Sales Planner', 'Acme Inc.', 'organisation'],
      ['Daniel Ireland', 'danielireland@restty.com', '+1 555 3227 8543', 'Receptionist', '', 'person'],
      ['Duncan Amey', 'duncanamey@dreamt.com', '+1 555 3227 8543', 'Supervisor', '', 'person'],
    ],
  },
  'lexnetwork-google-contacts.csv': {
    detected: 'Google Contacts CSV',
    rows: [
      ['Jane Doe', 'jane.doe@acme.example', '+41 79 123 45 67', 'VP Engineering', 'Acme Corp', 'organisation', ['Birthday 1988-06-15']],
      // Google writes a birthday without its year as --MM-DD.
      ['Bob Smith', 'bob.smith@globex.example', '+1 415 555 0100', 'Designer', 'Globex', 'organisation', ['Birthday 1604-12-01']],
      // A comma in the family name, doubled quotes in the title, a line break in the notes.
      ['Chloé Van Damme, Jr.', 'chloe@vandamme.example', '', 'Head of "Special" Projects', 'Widgets, Inc.', 'organisation'],
    ],
  },
  'lexnetwork-linkedin-Connections.csv': {
    detected: 'LinkedIn connections CSV',
    rows: [
      ['Ana Silva', 'ana.silva@example.com', '', 'Product Lead', 'Anthropic', 'organisation'],
      ['Marc Dubois', '', '', 'Founder & CEO', 'Veltra', 'organisation'],
      ['Noah Okonkwo', '', '', 'Solutions Engineer', 'Datadog', 'organisation'],
      ['Kenji Watanabe', '', '', 'CTO', 'Hoshi Labs', 'organisation'],
    ],
  },
  'sixhops-linkedin-Connections.csv': {
    detected: 'LinkedIn connections CSV',
    rows: [
      ['Priya Sharma', '', '', 'Software Engineer II', 'Razorpay', 'organisation'],
      ['Rahul Iyer', 'rahul@example.com', '', 'Senior SDE', 'Flipkart', 'organisation'],
      // A namesake at another organisation: a possible duplicate, created by default.
      ['Priya Sharma', '', '', 'Product Manager', 'Razorpay Software Pvt Ltd', 'organisation'],
      ['Anita Rao', '', '', '', '', 'person'],
    ],
    // A connection LinkedIn exported with nothing but the date.
    unreadable: [/nothing to import/],
  },
  'thunderbird-basic_addressbook.csv': { detected: 'Thunderbird CSV', rows: [['John Doe', 'johndoe@host.invalid', '', '', '', 'person']] },
  'thunderbird-quote.csv': { detected: 'Thunderbird CSV', rows: [['Acer America', '', '(800) 000-0000', '', 'Acer America', 'organisation']] },
  'vobject-radicale-1587.vcf': { detected: 'vCard 3.0', rows: [['Given Family', '', '', '', '', 'person']] },
  'vobject-vcard40_full.vcf': {
    detected: 'vCard 4.0',
    rows: [['Dr. John Q. Public, III', 'johnny@personal.example.org', '+1-555-555-5555', 'CEO, Executive', 'Example Corp.', 'organisation', ['Birthday 1985-04-15', 'Anniversary 2010-06-12']]],
  },
  'vobject-vcard40_group.vcf': { detected: 'vCard 4.0', rows: [], unreadable: [/contact group/] },
  'vobject-vcard40_multilang.vcf': { detected: 'vCard 4.0', rows: [['Yamada Taro', '', '', '', '', 'person']] },
  'vobject-vcard40_org.vcf': { detected: 'vCard 4.0', rows: [['', 'marketing@abc.example.com', '+1-555-000-0000', '', 'ABC, Inc.', 'organisation']] },
  'vobject-vcard40_simple.vcf': { detected: 'vCard 4.0', rows: [['John Doe', '', '', '', '', 'person']] },
};

let core: RapportCore;
beforeAll(async () => {
  core = await unlockedCore();
});
afterAll(async () => {
  await core?.dispose();
});

describe('the import corpus', () => {
  const files = fs.readdirSync(DIR).filter((f) => /\.(vcf|csv)$/.test(f)).sort();

  test('holds at least 25 files, each with its source named and an expected result', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
    const sources = fs.readFileSync(path.join(DIR, 'SOURCES.md'), 'utf8');
    for (const f of files) {
      expect(sources).toContain(`| ${f} |`);
      expect(Object.keys(EXPECTED)).toContain(f);
    }
  });

  test.each(Object.keys(EXPECTED))('%s', async (name) => {
    const want = EXPECTED[name];
    const bytes = fs.readFileSync(path.join(DIR, name));
    const p = await ok(core, 'import.preview', { format: name.endsWith('.csv') ? 'csv' : 'vcard', encoding: 'base64', text: bytes.toString('base64') });
    expect(p.detected).toBe(want.detected);
    const got = rowsOf(p).map((r): Row => {
      const row: Row = [r.person.name, r.person.email, r.person.phone, r.person.role, r.person.organisation, r.client.kind];
      if (r.person.dates.length) row.push(r.person.dates.map((d) => `${d.label} ${d.date}`));
      return row;
    });
    expect(got).toEqual(want.rows);
    expect(p.unreadable.map((u) => u.reason)).toEqual((want.unreadable ?? []).map((re) => expect.stringMatching(re)));
  });
});

describe('the Google Contacts and LinkedIn exports of the corpus, imported', () => {
  const directoryOf = async (file: string) => {
    const fresh = await unlockedCore();
    try {
      const text = fs.readFileSync(path.join(DIR, file)).toString('base64');
      const preview = await ok(fresh, 'import.preview', { format: 'csv', encoding: 'base64', text });
      const report = await ok(fresh, 'import.commit', { previewId: preview.previewId! });
      // The same file again: everything is a duplicate, nothing new is made.
      const again = await ok(fresh, 'import.preview', { format: 'csv', encoding: 'base64', text });
      expect(again.counts.toCreate).toBe(0);
      const second = await ok(fresh, 'import.commit', { previewId: again.previewId! });
      expect({ created: second.counts.created, clientsCreated: second.counts.clientsCreated, contactsCreated: second.counts.contactsCreated }).toEqual({ created: 0, clientsCreated: 0, contactsCreated: 0 });
      const people = (await directory(fresh)).sort((a, b) => a.name.localeCompare(b.name));
      return { counts: report.counts, people };
    } finally {
      await fresh.dispose();
    }
  };

  test('Google Contacts: three people at their organisations, with emails, phones and titles', async () => {
    const { counts, people } = await directoryOf('lexnetwork-google-contacts.csv');
    expect(counts).toMatchObject({ created: 3, clientsCreated: 3, contactsCreated: 3, failed: 0 });
    expect(people).toEqual([
      { kind: 'organisation', name: 'Acme Corp', contacts: [{ name: 'Jane Doe', email: 'jane.doe@acme.example', phone: '+41 79 123 45 67', role: 'VP Engineering' }] },
      { kind: 'organisation', name: 'Globex', contacts: [{ name: 'Bob Smith', email: 'bob.smith@globex.example', phone: '+1 415 555 0100', role: 'Designer' }] },
      { kind: 'organisation', name: 'Widgets, Inc.', contacts: [{ name: 'Chloé Van Damme, Jr.', email: 'chloe@vandamme.example', phone: '', role: 'Head of "Special" Projects' }] },
    ]);
  });

  test('LinkedIn: every connection, namesakes at two organisations both kept, the empty row reported', async () => {
    const { counts, people } = await directoryOf('sixhops-linkedin-Connections.csv');
    expect(counts).toMatchObject({ created: 4, clientsCreated: 4, contactsCreated: 3, failed: 1 });
    expect(people).toEqual([
      { kind: 'person', name: 'Anita Rao', contacts: [] },
      { kind: 'organisation', name: 'Flipkart', contacts: [{ name: 'Rahul Iyer', email: 'rahul@example.com', phone: '', role: 'Senior SDE' }] },
      { kind: 'organisation', name: 'Razorpay', contacts: [{ name: 'Priya Sharma', email: '', phone: '', role: 'Software Engineer II' }] },
      { kind: 'organisation', name: 'Razorpay Software Pvt Ltd', contacts: [{ name: 'Priya Sharma', email: '', phone: '', role: 'Product Manager' }] },
    ]);
    const other = await directoryOf('lexnetwork-linkedin-Connections.csv');
    expect(other.people.map((c) => [c.name, c.contacts.map((k) => `${k.name}, ${k.role}`)])).toEqual([
      ['Anthropic', ['Ana Silva, Product Lead']],
      ['Datadog', ['Noah Okonkwo, Solutions Engineer']],
      ['Hoshi Labs', ['Kenji Watanabe, CTO']],
      ['Veltra', ['Marc Dubois, Founder & CEO']],
    ]);
  });
});
