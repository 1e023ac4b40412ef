import { expect, test } from 'vitest';
import { DEFAULT_CHECKLISTS } from '../../src/shared/checklists';
import { ManualClock, PASSPHRASE, fails, ok, testCore } from '../support/vault';

async function setup() {
  const clock = new ManualClock(new Date('2026-11-23T09:00:00Z').getTime());
  const core = await testCore({ clock });
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  const client = await ok(core, 'clients.create', { kind: 'organisation', name: 'Ferngrove Lettings', stage: 'active' });
  return { core, client };
}

test('templates start from the defaults and can be edited and reset', async () => {
  const { core } = await setup();
  const templates = await ok(core, 'checklists.templates', {});
  expect(templates.find((t) => t.stage === 'onboarding')!.items).toEqual(DEFAULT_CHECKLISTS.onboarding);
  const edited = await ok(core, 'checklists.updateTemplate', { stage: 'onboarding', items: ['Welcome call', 'Send the welcome pack'] });
  expect(edited).toMatchObject({ customised: true, items: ['Welcome call', 'Send the welcome pack'] });
  const reset = await ok(core, 'checklists.updateTemplate', { stage: 'onboarding', items: null });
  expect(reset).toMatchObject({ customised: false, items: DEFAULT_CHECKLISTS.onboarding });
  await core.dispose();
});

test('moving a stage adds a timeline entry and offers the checklist; template edits do not change started ones', async () => {
  const { core, client } = await setup();
  const list = await ok(core, 'clients.setStage', { clientId: client.id, stage: 'issue-resolution', startChecklist: true, note: 'Invoice dispute' });
  expect(list!.items.map((i) => i.text)).toEqual(DEFAULT_CHECKLISTS['issue-resolution']);
  expect((await ok(core, 'clients.get', { id: client.id })).stage).toBe('issue-resolution');
  expect((await ok(core, 'timeline.list', { clientId: client.id }))[0]).toMatchObject({ kind: 'stage-change', summary: 'Moved from active to issue resolution' });

  await ok(core, 'checklists.updateTemplate', { stage: 'issue-resolution', items: ['Something else entirely'] });
  const [started] = await ok(core, 'checklists.forClient', { clientId: client.id });
  expect(started.items.map((i) => i.text)).toEqual(DEFAULT_CHECKLISTS['issue-resolution']);

  expect((await fails(core, 'clients.setStage', { clientId: client.id, stage: 'issue-resolution', startChecklist: false })).code).toBe('CONFLICT');
  expect(await ok(core, 'clients.setStage', { clientId: client.id, stage: 'active', startChecklist: false })).toBeNull();
  await core.dispose();
});

test('finishing the offboarding checklist makes the client alumni with a yearly keep-in-touch', async () => {
  const { core, client } = await setup();
  let list = (await ok(core, 'clients.setStage', { clientId: client.id, stage: 'offboarding', startChecklist: true }))!;
  for (let i = 0; i < list.items.length; i++) {
    list = await ok(core, 'checklists.toggle', { id: list.id, version: list.version, index: i, done: true });
    if (i < list.items.length - 1) expect((await ok(core, 'clients.get', { id: client.id })).stage).toBe('offboarding');
  }
  expect(list.completedAt).not.toBeNull();
  const c = await ok(core, 'clients.get', { id: client.id });
  expect([c.stage, c.cadenceDays]).toEqual(['alumni', 365]);
  const follow = (await ok(core, 'followUps.list', { clientId: client.id })).items;
  expect(follow.map((f) => [f.reason, f.dueOn, f.repeatDays])).toEqual([['Keep in touch with Ferngrove Lettings', '2027-11-23', 365]]);
  expect((await fails(core, 'checklists.toggle', { id: list.id, version: list.version, index: 0, done: false })).code).toBe('CONFLICT');
  expect((await fails(core, 'checklists.toggle', { id: list.id, version: list.version, index: 40, done: true })).code).toBe('CONFLICT');
  await core.dispose();
});
