/**
 * Batch letters: per-client warnings first; then one file per client with progress events; one
 * broken letter (its client deleted mid-batch) reported while the rest go on; cancel; names
 * that never overwrite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import { batchTask } from '../../src/shared/letters';
import type { AppEvent } from '../../src/shared/types';
import { PASSPHRASE, choose, fails, ok, testCore } from '../support/vault';
import { flat, readDocx, readPdf, setLetterhead } from './support';

let core: RapportCore;
let out: string;
const events: AppEvent[] = [];

beforeAll(async () => {
  core = await testCore();
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  await setLetterhead(core);
  core.subscribe((e) => events.push(e));
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-batch-'));
});

afterAll(async () => {
  await core.dispose();
  fs.rmSync(out, { recursive: true, force: true });
});

const folder = (name: string) => {
  const d = path.join(out, name);
  fs.mkdirSync(d);
  return d;
};
const progress = (batchId: string) =>
  events.filter((e): e is Extract<AppEvent, { type: 'progress' }> => e.type === 'progress' && e.task === batchTask(batchId));

async function clients(n: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= n; i++) {
    const c = await ok(core, 'clients.create', { kind: 'organisation', name: `${prefix} ${String(i).padStart(3, '0')}`, stage: 'alumni' });
    if (i % 2 === 0) await ok(core, 'contacts.create', { clientId: c.id, name: `Alex Morgan ${i}`, email: `alex${i}@example.com` });
    ids.push(c.id);
  }
  return ids;
}

test('batch preview: per-client warnings, before anything is written', async () => {
  const [withEngagement, without] = await clients(2, 'Preview');
  await ok(core, 'engagements.create', { clientId: withEngagement, name: 'Annual audit', startOn: '2026-01-10' });
  const gone = (await ok(core, 'clients.create', { kind: 'person', name: 'Gone Soon' })).id;
  await ok(core, 'clients.delete', { id: gone });

  const rows = await ok(core, 'letters.batchPreview', { templateId: 'builtin:thank-you-delivery', clientIds: [withEngagement, without, gone] });
  expect(rows).toEqual([
    {
      clientId: withEngagement,
      clientName: 'Preview 001',
      contactName: null,
      missing: [
        { field: 'engagement.promisesKept', label: 'Promises kept', effect: 'omitted' },
        { field: 'personalLine', label: 'Personal line', effect: 'omitted' },
      ],
      ready: true,
      error: null,
    },
    {
      clientId: without,
      clientName: 'Preview 002',
      contactName: 'Alex Morgan 2',
      missing: [
        { field: 'engagement.name', label: 'Engagement', effect: 'blank' },
        { field: 'engagement.promisesKept', label: 'Promises kept', effect: 'omitted' },
        { field: 'personalLine', label: 'Personal line', effect: 'omitted' },
      ],
      ready: false,
      error: null,
    },
    { clientId: gone, clientName: '', contactName: null, missing: [], ready: false, error: expect.stringMatching(/does not exist/) },
  ]);
  expect(fs.readdirSync(out)).toEqual([]);
});

test('200 letters: progress events, one file each, recorded; a client deleted mid-batch fails alone', async () => {
  const ids = await clients(200, 'Alumni');
  const dir = folder('year-end');
  const batchId = '11111111-2222-4333-8444-555555555555';
  const victim = ids[149];
  let deleting: Promise<unknown> | null = null;
  const unsubscribe = core.subscribe((e) => {
    if (e.type === 'progress' && e.task === batchTask(batchId) && e.done === 50) deleting = core.call('clients.delete', { id: victim });
  });

  const started = Date.now();
  const result = await ok(core, 'letters.batch', {
    batchId,
    templateId: 'builtin:occasion',
    clientIds: ids,
    folderChoice: await choose(core, 'letters-folder', dir),
    format: 'pdf',
    personalLine: 'Thank you for a wonderful year together.',
  });
  const seconds = (Date.now() - started) / 1000;
  unsubscribe();
  await deleting;
  console.log(`batch PDF export: 200 letters in ${seconds.toFixed(1)} s, ${(200 / seconds).toFixed(1)} letters/s`);

  expect(result).toMatchObject({ batchId, cancelled: false, written: 199, failed: 1 });
  expect(result.results).toHaveLength(200);
  expect(result.results.map((r) => r.clientId)).toEqual(ids);
  const failed = result.results.filter((r) => r.status !== 'written');
  expect(failed).toEqual([{ clientId: victim, clientName: '', status: 'failed', path: null, entryId: null, error: expect.stringMatching(/does not exist/) }]);

  // Progress: 0 to 200, in order, one event per letter and one at the start.
  const seen = progress(batchId);
  expect(seen.map((e) => e.done)).toEqual(Array.from({ length: 201 }, (_, i) => i));
  expect(new Set(seen.map((e) => e.total))).toEqual(new Set([200]));

  // One file per written letter, named for the client; each recorded on its client's timeline.
  const files = fs.readdirSync(dir).sort();
  expect(files).toHaveLength(199);
  expect(files[0]).toBe('Alumni 001 - Holiday or anniversary note.pdf');
  expect(files).not.toContain('Alumni 150 - Holiday or anniversary note.pdf');
  for (const row of result.results.filter((r) => r.status === 'written')) expect(fs.existsSync(row.path!)).toBe(true);
  const sample = result.results[1];
  const text = flat((await readPdf(sample.path!)).pages[0].text);
  expect(text).toContain('Dear Alex,'); // Alumni 002 has a contact
  expect(text).toContain('our warmest wishes to you and yours.');
  expect(text).toContain('Alex Morgan 2 Alumni 002'); // the address block
  expect(text).toContain('With warm wishes from Rivera & Hale Consulting');
  expect(flat((await readPdf(result.results[0].path!)).pages[0].text)).toContain('Dear Alumni 001 team,');
  const timeline = await ok(core, 'timeline.list', { clientId: sample.clientId });
  expect(timeline).toEqual([expect.objectContaining({ id: sample.entryId, kind: 'letter', summary: 'Letter: With warm wishes from Rivera & Hale Consulting' })]);
}, 300_000);

test('cancel stops the batch between letters; what was written stays written', async () => {
  const ids = await clients(30, 'Cancel');
  const dir = folder('cancelled');
  const batchId = '22222222-3333-4444-8555-666666666666';
  const unsubscribe = core.subscribe((e) => {
    if (e.type === 'progress' && e.task === batchTask(batchId) && e.done === 5) void core.call('letters.cancelBatch', { batchId });
  });
  const result = await ok(core, 'letters.batch', { batchId, templateId: 'builtin:check-in', clientIds: ids, folderChoice: await choose(core, 'letters-folder', dir), format: 'docx' });
  unsubscribe();
  expect(result.cancelled).toBe(true);
  expect(result.written).toBeGreaterThanOrEqual(5);
  expect(result.written).toBeLessThan(30);
  expect(result.results.filter((r) => r.status === 'cancelled')).toHaveLength(30 - result.written);
  expect(fs.readdirSync(dir)).toHaveLength(result.written);
  const first = await readDocx(result.results[0].path!);
  expect(first.paragraphs).toContain('Dear Cancel 001 team,');
  // Finished: there is nothing left to cancel.
  expect(await ok(core, 'letters.cancelBatch', { batchId })).toEqual({ cancelled: false });
});

test('missing fields fail those letters unless allowed; names never overwrite; a missing folder is refused', async () => {
  const a = (await ok(core, 'clients.create', { kind: 'organisation', name: 'Twin/Co: "North"' })).id;
  const b = (await ok(core, 'clients.create', { kind: 'organisation', name: 'Twin/Co: "North"' })).id;
  await ok(core, 'engagements.create', { clientId: a, name: 'Brand refresh', startOn: '2026-03-01' });
  const dir = folder('twins');
  fs.writeFileSync(path.join(dir, 'Twin-Co- -North- - Thank you after a delivery.docx'), 'keep me');

  const strict = await ok(core, 'letters.batch', { templateId: 'builtin:thank-you-delivery', clientIds: [a, b], folderChoice: await choose(core, 'letters-folder', dir), format: 'docx' });
  expect(strict.results.map((r) => r.status)).toEqual(['written', 'failed']);
  expect(strict.results[1].error).toMatch(/No value for Engagement/);
  expect(path.basename(strict.results[0].path!)).toBe('Twin-Co- -North- - Thank you after a delivery (2).docx');
  expect(fs.readFileSync(path.join(dir, 'Twin-Co- -North- - Thank you after a delivery.docx'), 'utf8')).toBe('keep me');

  const anyway = await ok(core, 'letters.batch', { templateId: 'builtin:thank-you-delivery', clientIds: [b, b], folderChoice: await choose(core, 'letters-folder', dir), format: 'docx', allowMissing: true });
  expect(anyway.results.map((r) => r.status)).toEqual(['written']); // the same client once
  expect(path.basename(anyway.results[0].path!)).toBe('Twin-Co- -North- - Thank you after a delivery (3).docx');

  expect((await fails(core, 'letters.batch', { templateId: 'builtin:welcome', clientIds: [a], folderChoice: await choose(core, 'letters-folder', path.join(out, 'nowhere')), format: 'pdf' })).code).toBe('NOT_FOUND');
  expect((await fails(core, 'letters.batch', { templateId: 'builtin:welcome', clientIds: [], folderChoice: await choose(core, 'letters-folder', dir), format: 'pdf' })).code).toBe('INVALID_INPUT');
});
