/**
 * Child process for tests/reliability/crash.test.ts: writes through the API (RapportCore with the
 * test KDF) until it is killed, printing each operation before it starts (`BEGIN {json}`) and each
 * acknowledgement (`ACK {json}`). It prints LOADED once loaded, then waits for
 * `GO <passphrase number> <round> <mode> <seed>` on stdin, opens and unlocks the vault in
 * <dataDir>, prints READY, and writes forever: client creates, timeline entries, deletes (half of
 * them undone), passphrase changes, CSV imports and backups into <backupDir>, in a mix set by the
 * mode. Any failed call prints `ERR {json}` and exits with code 3.
 *
 *   node tests/support/child-crash-writer.ts <dataDir> <backupDir>   (bundled; see childBundle.ts)
 */
import path from 'node:path';
import { RapportCore } from '../../src/main/core';
import type { Result } from '../../src/shared/errors';
import { passphraseStrength } from '../../src/shared/passphrase';
import { loadSodium } from '../../src/main/vault/crypto';
import { type Ack, type Mode, type Op, crashPassphrase, importCsv } from './crashProtocol';
import { TEST_VAULT_OPTIONS } from './options';
// Seeded, so a failing round can be replayed from its seed.
import { rng } from '../../scripts/seed/random';

function line(kind: 'BEGIN' | 'ACK' | 'ERR', value: unknown): void {
  process.stdout.write(`${kind} ${JSON.stringify(value)}\n`);
}

async function call<T>(core: RapportCore, method: string, input: unknown): Promise<T> {
  const r = (await core.call(method, input)) as Result<T>;
  if (!r.ok) {
    line('ERR', { method, code: r.error.code, message: r.error.message });
    process.exit(3);
  }
  return r.value;
}

function readGo(): Promise<{ pass: number; round: number; mode: Mode; seed: number }> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const m = /^GO (\d+) (\d+) (\w+) (\d+)\n/.exec(text);
      if (m) resolve({ pass: Number(m[1]), round: Number(m[2]), mode: m[3] as Mode, seed: Number(m[4]) });
    });
    process.stdin.on('end', () => reject(new Error('stdin closed before GO')));
  });
}

const WEIGHTS: Record<Mode, Partial<Record<Op['k'], number>>> = {
  mixed: { client: 30, entry: 30, delClient: 6, delEntry: 10, pass: 6, import: 6, backup: 8 },
  passphrase: { pass: 10, client: 1 },
  import: { import: 10, entry: 1 },
  backup: { backup: 10, client: 2, entry: 2 },
};

async function main(): Promise<void> {
  const [dataDir, backupDir] = process.argv.slice(2);
  await loadSodium();
  passphraseStrength(crashPassphrase(0)); // loads the dictionaries now, not inside the first change
  process.stdout.write('LOADED\n');
  const go = await readGo();
  const random = rng(go.seed);
  let pass = go.pass;
  let seq = 0;
  /** What main's "dialog" returns next: the backup file the person picks. */
  let nextChoice: string | null = null;
  const core = new RapportCore(
    { dataDir, host: { platform: 'web', choose: async () => ({ supported: true, path: nextChoice }) } },
    TEST_VAULT_OPTIONS,
  );
  await core.start();
  await call(core, 'vault.unlock', { passphrase: crashPassphrase(pass) });
  const clients = (await call<{ id: string }[]>(core, 'clients.list', {})).map((c) => c.id);
  /** Entries this child wrote (reading every entry of a growing vault at each start would cost more than it tests). */
  const entries: { id: string; clientId: string }[] = [];
  process.stdout.write('READY\n');

  const weights = Object.entries(WEIGHTS[go.mode]) as [Op['k'], number][];
  const total = weights.reduce((s, [, w]) => s + w, 0);
  const choose = (): Op['k'] => {
    let x = random() * total;
    for (const [k, w] of weights) if ((x -= w) < 0) return k;
    return weights[0][0];
  };
  const pickIndex = (n: number) => Math.floor(random() * n);

  for (;;) {
    let kind = choose();
    if (kind === 'delEntry' && entries.length === 0) kind = 'entry';
    if (kind === 'delClient' && clients.length < 6) kind = 'client';
    if (kind === 'entry' && clients.length === 0) kind = 'client';
    const name = `${go.round}-${seq++}`;
    switch (kind) {
      case 'client': {
        const op: Op = { k: 'client', name: `c-${name}` };
        line('BEGIN', op);
        const c = await call<{ id: string }>(core, 'clients.create', { kind: random() < 0.5 ? 'person' : 'organisation', name: op.name, notes: `Notes of ${op.name}` });
        clients.push(c.id);
        line('ACK', { k: 'client', id: c.id } satisfies Ack);
        break;
      }
      case 'entry': {
        const clientId = clients[pickIndex(clients.length)];
        const op: Op = { k: 'entry', clientId, summary: `e-${name}` };
        line('BEGIN', op);
        const e = await call<{ id: string }>(core, 'timeline.add', {
          clientId,
          kind: 'note',
          occurredAt: new Date().toISOString(),
          summary: op.summary,
          body: `Body of ${op.summary}`,
        });
        entries.push({ id: e.id, clientId });
        line('ACK', { k: 'entry', id: e.id } satisfies Ack);
        break;
      }
      case 'delClient':
      case 'delEntry': {
        const isClient = kind === 'delClient';
        const list = isClient ? clients : entries.map((e) => e.id);
        const id = list[pickIndex(list.length)];
        line('BEGIN', { k: kind, id } satisfies Op);
        const { undoToken } = await call<{ undoToken: string }>(core, isClient ? 'clients.delete' : 'timeline.delete', { id });
        line('ACK', { k: kind, token: undoToken } satisfies Ack);
        if (random() < 0.5) {
          line('BEGIN', { k: 'undo', token: undoToken, of: isClient ? 'client' : 'entry', id } satisfies Op);
          await call(core, 'undo.apply', { token: undoToken });
          line('ACK', { k: 'undo' } satisfies Ack);
        } else if (isClient) {
          clients.splice(clients.indexOf(id), 1);
          for (let i = entries.length - 1; i >= 0; i--) if (entries[i].clientId === id) entries.splice(i, 1);
        } else {
          entries.splice(entries.findIndex((e) => e.id === id), 1);
        }
        break;
      }
      case 'pass': {
        line('BEGIN', { k: 'pass', from: pass, to: pass + 1 } satisfies Op);
        await call(core, 'vault.changePassphrase', { currentPassphrase: crashPassphrase(pass), newPassphrase: crashPassphrase(pass + 1) });
        pass += 1;
        line('ACK', { k: 'pass' } satisfies Ack);
        break;
      }
      case 'import': {
        const rows = 5 + pickIndex(40);
        const op: Op = { k: 'import', tag: `i-${name}`, rows };
        line('BEGIN', op);
        const preview = await call<{ previewId: string | null }>(core, 'import.preview', {
          format: 'csv',
          text: importCsv(op.tag, rows),
          mapping: { name: 'Name', organisation: 'Company' },
        });
        const report = await call<{ created: { clientId: string; contactId: string | null }[] }>(core, 'import.commit', { previewId: preview.previewId });
        const clientIds = [...new Set(report.created.map((c) => c.clientId))];
        clients.push(...clientIds);
        line('ACK', { k: 'import', clientIds, contactIds: report.created.map((c) => c.contactId ?? '') } satisfies Ack);
        break;
      }
      case 'backup': {
        const file = path.join(backupDir, `b-${name}.rapport-backup`);
        line('BEGIN', { k: 'backup', path: file, pass } satisfies Op);
        nextChoice = file;
        const chosen = await call<{ choice: { id: string } }>(core, 'files.choose', { purpose: 'backup-save' });
        const b = await call<{ path: string }>(core, 'backup.create', { choiceId: chosen.choice.id });
        line('ACK', { k: 'backup', path: b.path } satisfies Ack);
        break;
      }
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`child failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(2);
});
