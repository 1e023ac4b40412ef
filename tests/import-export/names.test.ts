/**
 * Structured names kept from an import: the salutation of a letter ("Dear Mr. Angstadt", never
 * "Dear Mr. Jr."), the first name, and the order of a client's contacts (a courtesy title does not
 * sort "Mr. Zed" under M). Parts that no longer fit a renamed contact are ignored.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import { namesOf } from '../../src/main/services/letters/compose';
import { fittingParts, sortName } from '../../src/shared/names';
import type { NameParts } from '../../src/shared/types';
import { ok } from '../support/vault';
import { unlockedCore } from './support';

const ANGSTADT: NameParts = { prefix: 'Mr.', given: 'Michael', additional: 'Jonathan', family: 'Angstadt', suffix: 'Jr.' };

describe('namesOf and sortName', () => {
  test('with parts: prefix and family name, or the given name', () => {
    expect(namesOf('Mr. Michael Jonathan Angstadt Jr.', ANGSTADT)).toEqual({ firstName: 'Michael', salutation: 'Dear Mr. Angstadt' });
    expect(namesOf('Michael Angstadt', { ...ANGSTADT, prefix: '' })).toEqual({ firstName: 'Michael', salutation: 'Dear Michael' });
    // A family name of two words, which the last-word split would get wrong.
    expect(namesOf('Dr. Ana de la Cruz', { prefix: 'Dr.', given: 'Ana', additional: '', family: 'de la Cruz', suffix: '' })).toEqual({ firstName: 'Ana', salutation: 'Dear Dr. de la Cruz' });
  });

  test('without parts (or with parts that no longer fit the name): from the name, suffixes not taken for the family name', () => {
    expect(namesOf('Mr. Michael Angstadt Jr.')).toEqual({ firstName: 'Michael', salutation: 'Dear Mr. Angstadt' });
    expect(namesOf('Dr Amara Okafor, PhD')).toEqual({ firstName: 'Amara', salutation: 'Dear Dr Okafor' });
    expect(fittingParts('Mike Jones', ANGSTADT)).toBeNull();
    expect(namesOf('Mike Jones', ANGSTADT)).toEqual({ firstName: 'Mike', salutation: 'Dear Mike' });
  });

  test('sort key: the given, additional and family names, no courtesy title', () => {
    expect(sortName('Mr. Michael Jonathan Angstadt Jr.', ANGSTADT)).toBe('Michael Jonathan Angstadt');
    expect(sortName('Dr. Zoe Adams')).toBe('Zoe Adams');
    expect(sortName('Bob Builder')).toBe('Bob Builder');
  });
});

describe('through the app', () => {
  let core: RapportCore;
  afterEach(async () => {
    await core?.dispose();
  });

  test('an imported card with N: its letter says "Dear Mr. Angstadt"; contacts are listed by name without the title', async () => {
    core = await unlockedCore();
    const vcf = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Angstadt;Michael;Jonathan;Mr.;Jr.',
      'FN:Mr. Michael Jonathan Angstadt Jr.',
      'ORG:Angstadt Ltd',
      'EMAIL:mike@angstadt.example',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Zed;Anna;;Dr.;',
      'FN:Dr. Anna Zed',
      'ORG:Angstadt Ltd',
      'EMAIL:anna@angstadt.example',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Nina North',
      'ORG:Angstadt Ltd',
      'EMAIL:nina@angstadt.example',
      'END:VCARD',
      '',
    ].join('\r\n');
    const p = await ok(core, 'import.preview', { format: 'vcard', text: vcf });
    await ok(core, 'import.commit', { previewId: p.previewId! });
    const [client] = await ok(core, 'clients.list', {});
    const contacts = await ok(core, 'contacts.list', { clientId: client.id });
    expect(contacts.map((c) => c.name)).toEqual(['Dr. Anna Zed', 'Mr. Michael Jonathan Angstadt Jr.', 'Nina North']);

    const letter = (contactId: string) =>
      ok(core, 'letters.plainText', { templateId: 'builtin:check-in', clientId: client.id, contactId, subject: 'Hello', body: '{{contact.salutation}},\n\nHello {{contact.firstName}}.' });
    expect((await letter(contacts[1].id)).text).toMatch(/^Dear Mr\. Angstadt,\n\nHello Michael\./);
    expect((await letter(contacts[0].id)).text).toMatch(/^Dear Dr\. Zed,\n\nHello Anna\./);
    expect((await letter(contacts[2].id)).text).toMatch(/^Dear Nina,/);
  });
});
