/**
 * Issue 16: letters are signed from the user's name and title in Settings when the letterhead has
 * none, and a letter with no sender at all says so (it is not "every field has a value").
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import { fails, ok } from '../support/vault';
import { letterWorld } from './support';

let core: RapportCore;
let clientId: string;
beforeEach(async () => {
  const w = await letterWorld();
  core = w.core;
  clientId = w.clientId;
});
afterEach(() => core.dispose());

const thanks = () => ({ templateId: 'builtin:thank-you-delivery' as const, clientId, personalLine: 'x' });

test('with no letterhead, the sign-off is the name and title from Settings', async () => {
  await ok(core, 'settings.update', { userName: 'Sam Rivera', userTitle: 'Managing Partner' });
  const p = await ok(core, 'letters.preview', thanks());
  expect(p.signOff).toMatchObject({ name: 'Sam Rivera', title: 'Managing Partner' });
  expect(p.unsigned).toBe(false);
  expect((await ok(core, 'letters.plainText', thanks())).text).toMatch(/With warm thanks,\s+Sam Rivera\nManaging Partner$/);
});

test('with no sender anywhere, the preview says the letter is unsigned', async () => {
  await ok(core, 'settings.update', { userName: '' });
  const p = await ok(core, 'letters.preview', thanks());
  expect(p.signOff.name).toBe('');
  expect(p.unsigned).toBe(true);
});

test('a title in Settings is refused when too long, with a message', async () => {
  expect((await fails(core, 'settings.update', { userTitle: 'x'.repeat(201) })).message).toMatch(/At most 200 characters/);
});
