/**
 * Fills a vault with realistic synthetic clients, contacts and timelines, and each client's dossier
 * (news, keep-in-touch cadence, warmth readings, personal facts, important dates, handovers and
 * follow-ups), engagements with their expectation checklists (promises kept, slipped, missed,
 * renegotiated, at risk; expectation gaps) and lifecycle checklists, for demos, manual testing and
 * benchmarks. Creates the vault when there is none at
 * the path (printing its recovery key once), otherwise unlocks it and adds to it.
 *
 *   npm run seed -- --vault <path> [--clients 40] [--events 1500] [--contacts-per-org N|MIN-MAX] [--seed 1]
 *
 * The same --seed gives the same names; add the same --now for the same dates and texts too.
 * The passphrase comes from RAPPORT_PASSPHRASE, or is asked for on the terminal without echo.
 * Progress goes to stderr; the recovery key and the summary go to stdout.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { resolveVaultPath } from '../src/main/paths';
import { DEFAULT_KDF, MIN_KDF } from '../src/main/vault/crypto';
import { Vault } from '../src/main/vault/vault';
import { isRapportError } from '../src/shared/errors';
import type { ContactsPerOrg } from './seed/generate';
import { DEFAULT_BATCH_SIZE, type SeedProgress, seedVault } from './seed/fill';

const USAGE = `Usage: npm run seed -- --vault <path> [options]

Fills a Rapport vault with realistic synthetic clients, contacts and timeline entries, and
each client's dossier: news, keep-in-touch cadence, warmth readings, personal facts, important
dates, handovers and follow-ups (about six a client); engagements with their promises (kept,
slipped, missed, renegotiated, at risk), expectation gaps and assumptions, each change of state on
the timeline; and lifecycle checklists (onboarding, active, issue resolution, offboarding).
Creates the vault if there is none at <path> (and prints its recovery key once);
otherwise unlocks it and adds to it.

Options:
  --vault <path>            Vault file (required; ".rapport" is added when there is no extension)
  --clients <n>             Clients to add (default 40; about 75% organisations); the dossier
                            rows scale with it
  --events <n>              Timeline entries, spread unevenly over the clients (default 1500)
  --contacts-per-org <n>    Contacts per organisation: a number, or a range like 2-4 (default 1-5)
  --seed <n>                Random seed: the same seed gives the same names (default 1)
  --now <date>              Date the three years of history lead up to (default: now); with the
                            same --seed and --now, every name, date and text is the same
  --batch-size <n>          Rows per write transaction (default ${DEFAULT_BATCH_SIZE})
  -h, --help                Show this help

The passphrase is read from the RAPPORT_PASSPHRASE environment variable, or asked for
on the terminal (not echoed) when there is one.

Example:
  RAPPORT_PASSPHRASE='correct horse battery staple 42' \\
    npm run seed -- --vault ~/demo.rapport --clients 5000 --events 250000`;

/** A problem with how the command was called: exit code 2 and a pointer to --help. */
class UsageError extends Error {}

interface Args {
  vault: string;
  clients: number;
  events: number;
  contactsPerOrg?: ContactsPerOrg;
  seed: number;
  now?: Date;
  batchSize: number;
}

const MAX_COUNT = 10_000_000;

function count(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--${name} must be a whole number (got "${value}").`);
  const n = Number(value);
  if (n < min || n > MAX_COUNT) throw new UsageError(`--${name} must be between ${min} and ${MAX_COUNT.toLocaleString('en-GB')} (got ${value}).`);
  return n;
}

function parse(argv: string[]): Args | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        vault: { type: 'string' },
        clients: { type: 'string' },
        events: { type: 'string' },
        'contacts-per-org': { type: 'string' },
        seed: { type: 'string' },
        now: { type: 'string' },
        'batch-size': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return 'help';
  if (!values.vault?.trim()) throw new UsageError('--vault <path> is required.');

  let contactsPerOrg: ContactsPerOrg | undefined;
  const perOrg = values['contacts-per-org']?.trim();
  if (perOrg !== undefined) {
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(perOrg);
    if (range) {
      contactsPerOrg = { min: count('contacts-per-org', range[1], 0), max: count('contacts-per-org', range[2], 0) };
      if (contactsPerOrg.min > contactsPerOrg.max) throw new UsageError(`--contacts-per-org: ${perOrg} is not a range (min > max).`);
    } else if (/^\d+$/.test(perOrg)) {
      contactsPerOrg = count('contacts-per-org', perOrg, 0);
      if (contactsPerOrg > 100) throw new UsageError('--contacts-per-org must be at most 100.');
    } else {
      throw new UsageError(`--contacts-per-org must be a number or a range like 2-4 (got "${perOrg}").`);
    }
  }

  const seedText = values.seed?.trim();
  if (seedText !== undefined && !/^\d+$/.test(seedText)) throw new UsageError(`--seed must be a whole number (got "${values.seed}").`);
  const seed = seedText === undefined ? 1 : Number(seedText);
  if (!Number.isSafeInteger(seed)) throw new UsageError('--seed is too large.');

  let now: Date | undefined;
  if (values.now !== undefined) {
    now = new Date(values.now.trim());
    if (Number.isNaN(now.getTime())) throw new UsageError(`--now must be a date like 2026-01-31 (got "${values.now}").`);
  }

  const clients = count('clients', values.clients, 40);
  const events = count('events', values.events, 1500);
  if (events > 0 && clients === 0) throw new UsageError('--events needs at least one client (--clients 1 or more).');

  return {
    vault: values.vault.trim(),
    clients,
    events,
    contactsPerOrg,
    seed,
    now,
    batchSize: count('batch-size', values['batch-size'], DEFAULT_BATCH_SIZE, 1),
  };
}

/**
 * Relative paths are taken from the folder the command was run in (npm runs scripts from the
 * package root and keeps the caller's folder in INIT_CWD); the app takes them from home.
 */
function vaultPath(requested: string): string {
  if (requested.startsWith('~')) return resolveVaultPath(requested);
  return resolveVaultPath(path.resolve(process.env.INIT_CWD ?? process.cwd(), requested));
}

const plural = (n: number, word: string, words = `${word}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? word : words}`;

class Cancelled extends Error {}

/** Reads one line from the terminal without echoing it. */
function askHidden(prompt: string): Promise<string> {
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  process.stderr.write(prompt);
  const rl = readline.createInterface({ input: process.stdin, output: muted, terminal: true });
  return new Promise<string>((resolve, reject) => {
    let answered = false;
    rl.on('SIGINT', () => rl.close());
    rl.on('close', () => {
      process.stderr.write('\n');
      if (!answered) reject(new Cancelled('Cancelled.'));
    });
    rl.question('', (answer) => {
      answered = true;
      rl.close();
      resolve(answer);
    });
  });
}

async function passphrase(creating: boolean): Promise<string> {
  const fromEnv = process.env.RAPPORT_PASSPHRASE;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new UsageError(
      'No passphrase: set the RAPPORT_PASSPHRASE environment variable, or run this in a terminal to be asked for it.',
    );
  }
  const first = await askHidden(creating ? 'Passphrase for the new vault: ' : 'Vault passphrase: ');
  if (!first) throw new UsageError('The passphrase is empty.');
  if (creating && (await askHidden('Repeat the passphrase: ')) !== first) throw new UsageError('The passphrases do not match.');
  return first;
}

function progress({ table, done, total }: SeedProgress): void {
  process.stderr.write(`${table} ${done}/${total}\n`);
}

async function main(argv: string[]): Promise<number> {
  let args: Args | 'help';
  try {
    args = parse(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`seed: ${e.message}\nRun with --help for usage.\n`);
      return 2;
    }
    throw e;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const file = vaultPath(args.vault);
  const creating = !fs.existsSync(file);
  const options = { kdf: DEFAULT_KDF, minKdf: MIN_KDF };
  let vault: Vault | null = null;
  try {
    const secret = await passphrase(creating);
    if (creating) {
      const created = await Vault.create(file, secret, options);
      vault = created.vault;
      process.stdout.write(
        `Created a new vault at ${file}\n\n` +
          `RECOVERY KEY (shown only this once):\n\n    ${created.recoveryKey}\n\n` +
          `Keep it somewhere safe, away from this computer. It is the only way into the vault\n` +
          `if the passphrase is forgotten; without both, the data cannot be recovered.\n\n`,
      );
    } else {
      vault = await Vault.open(file, options);
      await vault.unlock(secret);
      process.stderr.write(`Unlocked ${file}; adding to it.\n`);
    }

    const started = performance.now();
    const result = await seedVault(vault, {
      clients: args.clients,
      events: args.events,
      contactsPerOrg: args.contactsPerOrg,
      seed: args.seed,
      now: args.now,
      batchSize: args.batchSize,
      onProgress: progress,
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `Added ${plural(result.clients, 'client')}, ${plural(result.contacts, 'contact')} and ` +
        `${plural(result.entries, 'timeline entry', 'timeline entries')} to ${file} in ${seconds} s (seed ${args.seed}),\n` +
        `with ${plural(result.facts, 'personal fact')}, ${plural(result.dates, 'important date')}, ` +
        `${plural(result.warmthReadings, 'warmth reading')}, ${plural(result.handovers, 'handover')}, ` +
        `${plural(result.followUps, 'follow-up')}, ${plural(result.engagements, 'engagement')}, ` +
        `${plural(result.expectationItems, 'expectation item')} and ${plural(result.checklists, 'lifecycle checklist')}.\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof Cancelled) {
      process.stderr.write(`seed: ${e.message}\n`);
      return e instanceof Cancelled ? 130 : 2;
    }
    if (isRapportError(e)) {
      process.stderr.write(`seed: ${e.message} (${e.code})\n`);
      return 1;
    }
    throw e;
  } finally {
    await vault?.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`seed: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
