/**
 * Fuzzed malformed files (fast-check): every file gives a preview whose every unreadable row
 * has a line in the file and a reason, or a per-file INVALID_INPUT with a short message; never a
 * crash. And an import interrupted inside its transaction leaves the vault's content hash as it
 * was: never a partial import.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import type { ImportPreview } from '../../src/shared/types';
import { contentHash } from '../support/rawDb';
import { PASSPHRASE, ok, testCore } from '../support/vault';
import { rowsOf } from './support';

let core: RapportCore;
let dataDir: string;
beforeAll(async () => {
  // Our own folder: tempDir() folders are removed after each test, and this core spans the file.
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-fuzz-'));
  core = await testCore({ dataDir });
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  await ok(core, 'clients.create', { kind: 'organisation', name: 'Acme Holdings' });
});
afterAll(async () => {
  await core.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const piece = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('"', '""', ',', ';', '\t', '\n', '\r\n', '\r', ' ', '=', '=C3', '=ZZ', '\\', '\\n', ':', '\uFEFF', 'é', '🧮', '\u0000'),
);
const cell = fc.array(piece, { maxLength: 4 }).map((p) => p.join(''));

/** CSV rows under a LinkedIn header, some cells broken on purpose. */
const csvFile = fc
  .tuple(fc.constantFrom(',', ';', '\t'), fc.constantFrom('\n', '\r\n'), fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 25 }), fc.boolean())
  .map(([sep, nl, rows, header]) => {
    const body = rows.map((r) => r.join(sep)).join(nl);
    return (header ? ['First Name', 'Last Name', 'URL', 'Email Address', 'Company', 'Position', 'Connected On'].join(sep) + '\n' : '') + body;
  });

const vcardLine = fc.oneof(
  fc.constantFrom('BEGIN:VCARD', 'END:VCARD', 'VERSION:3.0', 'VERSION:2.1', 'VERSION:4.0', 'VERSION:9', 'N:Doe;Jane;;;', 'FN:Ada Lovelace', 'EMAIL:ada@example.com', 'TEL:+44 20 7946 0000', 'ORG:Acme Holdings', ' folded', '\tfolded', 'FN;ENCODING=QUOTED-PRINTABLE:=C3=A9=', 'NOTE;QUOTED-PRINTABLE:=ZZ', 'PHOTO;ENCODING=b:AAAA', 'X-BAD NAME:x', 'EMAIL;TYPE="unclosed:x', ''),
  fc.string({ maxLength: 30 }),
  cell.map((c) => `FN:${c}`),
);
const vcardFile = fc.array(vcardLine, { maxLength: 40 }).chain((lines) => fc.constantFrom('\n', '\r\n', '\r').map((nl) => lines.join(nl)));

function checkPreview(p: ImportPreview, text: string) {
  const lines = text.split(/\r\n|\n|\r/).length;
  for (const e of p.unreadable) {
    expect(Number.isInteger(e.line) && e.line >= 1 && e.line <= lines).toBe(true);
    expect(e.reason.length).toBeGreaterThan(0);
    expect(e.reason.length).toBeLessThan(500);
  }
  for (const r of rowsOf(p)) expect(r.line >= 1 && r.line <= lines).toBe(true);
  expect(p.counts.rows).toBe(p.toCreate.length + p.duplicates.length + p.unreadable.length);
}

async function previewOrRefusal(format: 'csv' | 'vcard', text: string): Promise<ImportPreview | null> {
  const r = await core.call('import.preview', { format, text, ...(format === 'csv' ? { mapping: { firstName: 'First Name', lastName: 'Last Name', email: 'Email Address' } } : {}) });
  if (!r.ok) {
    expect(r.error.code).toBe('INVALID_INPUT');
    expect(r.error.message.length).toBeLessThan(500);
    return null;
  }
  checkPreview(r.value as ImportPreview, text);
  return r.value as ImportPreview;
}

describe('fuzzed files', () => {
  test('malformed CSV: a clear per-row or per-file error, never a crash', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(csvFile, async (text) => {
        if (!text) return;
        await previewOrRefusal('csv', text);
      }),
      { numRuns: 150 },
    );
  });

  test('malformed vCard: a clear per-card or per-file error, never a crash', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(vcardFile, async (text) => {
        if (!text) return;
        await previewOrRefusal('vcard', text);
      }),
      { numRuns: 150 },
    );
  });

  test('an import that fails inside its transaction leaves the vault exactly as it was', { timeout: 180_000 }, async () => {
    const file = core.status().vaultPath;
    let interrupted = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(csvFile.map((t) => ['csv', t] as const), vcardFile.map((t) => ['vcard', t] as const)), async ([format, text]) => {
        if (!text) return;
        const p = await previewOrRefusal(format, text);
        if (!p?.previewId) return;
        const rows = p.toCreate.length + p.duplicates.length;
        const hash = await contentHash(file);
        // The last progress report comes after every row is written, before the commit: lock there.
        const off = core.subscribe((e) => {
          if (e.type === 'progress' && e.done === e.total) core.lock('user');
        });
        const r = await core.call('import.commit', { previewId: p.previewId, decisions: Object.fromEntries(rowsOf(p).map((x) => [x.rowId, 'create'])) });
        off();
        if (rows === 0) {
          expect(r.ok).toBe(true);
          return;
        }
        expect(r.ok ? 'committed' : r.error.code).toBe('VAULT_LOCKED');
        interrupted++;
        await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
        expect(await contentHash(file)).toBe(hash);
      }),
      { numRuns: 60 },
    );
    expect(interrupted).toBeGreaterThan(5);
  });
});
