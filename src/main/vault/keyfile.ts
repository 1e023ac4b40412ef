/**
 * The key slots of a format-3 vault, in `<vault file>.keys` beside the database: the vault is the
 * two files together (the README says so; backups and restore move both).
 *
 * Each slot wraps the raw database key with XChaCha20-Poly1305. Its associated data names the vault,
 * the slot kind, the slot's generation and its KDF parameters, so a slot moved to another vault, or
 * with its parameters or generation edited, fails to open. The database records each kind's
 * generation: a slot file older than the database (a passphrase or recovery key replaced since) is
 * refused as DOWNGRADE. The file also carries the commit counter as last seen, with a MAC under a
 * subkey of the database key: a database older than that (a whole vault rolled back, or WAL frames
 * missing) is refused as CORRUPT.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { RapportError } from '../../shared/errors';
import {
  KEY_BYTES,
  type KdfParams,
  SALT_BYTES,
  deriveSubkey,
  encodeUtf8,
  equalBytes,
  mac,
  open,
  randomBytes,
  seal,
  wipe,
} from './crypto';
import { deriveKeyInWorker } from './kdf';
import { writeFileAtomic } from '../files';

export const KEYFILE_SUFFIX = '.keys';
export const keyFileOf = (vaultFile: string) => vaultFile + KEYFILE_SUFFIX;

export type SlotKind = 'passphrase' | 'recovery';

/** Above these a slot is refused as damaged: an absurd slot must fail at once, not run for minutes. */
export const MAX_KDF = { opsLimit: 16, memLimit: 4096 * 1024 * 1024 } as const;

/**
 * Every set of parameters a Rapport has written passphrase slots with (besides the opening core's
 * own): a slot asking for anything else, above the minimum, was edited, and is refused as damage
 * rather than tried (it could only fail as a "wrong passphrase").
 */
export const WRITTEN_KDF_PARAMS: readonly KdfParams[] = [{ alg: 'argon2id13', opsLimit: 3, memLimit: 256 * 1024 * 1024 }];

const CONTEXT_RECOVERY = 'rapportv';
const CONTEXT_COUNTER = 'rapportc';
const CHECK_LABEL = encodeUtf8('rapport-slot-check');

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/).max(1024);
const kdfSchema = z.strictObject({
  alg: z.string().max(32),
  opsLimit: z.number().int().min(0).max(2 ** 32),
  memLimit: z.number().int().min(0).max(2 ** 53),
});
const slotSchema = z.strictObject({
  kind: z.enum(['passphrase', 'recovery']),
  generation: z.number().int().min(0).max(2 ** 31),
  kdf: kdfSchema.nullable(),
  salt: b64.nullable(),
  wrapped: b64,
  /**
   * A keyed hash of the slot's key-encryption key: with it, a slot whose key was derived right but
   * does not open (its wrapped key, vault id, kind or generation edited, or slots swapped) is told
   * apart from a wrong passphrase, as damage. It tells a guesser nothing the wrapped key does not.
   */
  check: b64.optional(),
  /** A recovery slot carried over from a format-2 vault: its associated data is the old one (generation 0). */
  legacy: z.literal(true).optional(),
});
const keyFileSchema = z.strictObject({
  rapport: z.literal('vault-keys'),
  format: z.literal(3),
  vaultId: z.string().uuid(),
  cipher: z.literal('chacha20'),
  slots: z.array(slotSchema).max(8),
  counter: z
    .strictObject({
      value: z.number().int().min(0),
      /** The page digest (pages.ts) of the database as Rapport last closed it at this counter, or null. */
      pages: b64.nullable(),
      mac: b64,
    })
    .nullable(),
});
export type Slot = z.infer<typeof slotSchema>;
export type KeyFile = z.infer<typeof keyFileSchema>;

const toB64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const fromB64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
const json = (parts: unknown[]) => encodeUtf8(JSON.stringify(parts));

function slotAd(vaultId: string, slot: Pick<Slot, 'kind' | 'generation' | 'kdf' | 'legacy'>): Uint8Array {
  const k = slot.kdf;
  if (slot.legacy) return json(['rapport-slot', 1, vaultId, slot.kind, k ? k.alg : null, k ? k.opsLimit : null, k ? k.memLimit : null]);
  return json(['rapport-slot', 3, vaultId, slot.kind, slot.generation, k ? k.alg : null, k ? k.opsLimit : null, k ? k.memLimit : null]);
}

export function readKeyFile(vaultFile: string): KeyFile {
  const file = keyFileOf(vaultFile);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new RapportError(
        'CORRUPT',
        `The vault's key file (${file}) is missing. A vault is two files, the .rapport file and its .keys file: put the key file back, or restore from a backup.`,
      );
    }
    throw new RapportError('IO_ERROR', `The vault's key file could not be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const format = (parsed as { format?: unknown } | null)?.format;
  if (typeof format === 'number' && format > 3) {
    throw new RapportError('VAULT_TOO_NEW', 'This vault was written by a newer version of Rapport. Update Rapport to open it; nothing was changed.');
  }
  const result = keyFileSchema.safeParse(parsed);
  if (!result.success) {
    throw new RapportError('CORRUPT', "The vault's key file is damaged or is not a Rapport key file. Restore the vault from a backup.");
  }
  return result.data;
}

export const keyFileText = (keys: KeyFile) => JSON.stringify(keys, null, 1) + '\n';

export function writeKeyFile(vaultFile: string, keys: KeyFile): void {
  writeFileAtomic(keyFileOf(vaultFile), keyFileText(keys));
}

export function slotOf(keys: KeyFile, kind: SlotKind): Slot {
  const slot = keys.slots.find((s) => s.kind === kind);
  if (!slot) throw new RapportError('CORRUPT', `This vault has no ${kind} slot: its key file is damaged. Restore it from a backup.`);
  return slot;
}

export function withSlot(keys: KeyFile, slot: Slot): KeyFile {
  return { ...keys, slots: [...keys.slots.filter((s) => s.kind !== slot.kind), slot] };
}

/**
 * Refuses, before any work, KDF parameters below the minimum or of an unknown algorithm (DOWNGRADE),
 * absurdly high ones (CORRUPT), and, where `written` is given, any that Rapport does not write (CORRUPT).
 */
export function checkKdf(params: { alg: string; opsLimit: number; memLimit: number }, min: KdfParams, written?: readonly KdfParams[]): asserts params is KdfParams {
  if (params.alg !== 'argon2id13') {
    throw new RapportError('DOWNGRADE', `The vault asks for an unknown key derivation (${params.alg}); refused.`);
  }
  if (params.opsLimit < min.opsLimit || params.memLimit < min.memLimit) {
    throw new RapportError(
      'DOWNGRADE',
      `The vault's passphrase slot asks for weaker key derivation than Rapport accepts ` +
        `(${Math.round(params.memLimit / 1048576)} MiB, ${params.opsLimit} passes; the minimum is ` +
        `${Math.round(min.memLimit / 1048576)} MiB, ${min.opsLimit} passes). It may have been tampered with; refused.`,
    );
  }
  if (params.opsLimit > MAX_KDF.opsLimit || params.memLimit > MAX_KDF.memLimit) {
    throw new RapportError(
      'CORRUPT',
      `The vault's passphrase slot asks for absurd key derivation (${Math.round(params.memLimit / 1048576)} MiB, ` +
        `${params.opsLimit} passes): its key file is damaged or was tampered with. Restore the vault from a backup.`,
    );
  }
  if (written && !written.some((w) => w.opsLimit === params.opsLimit && w.memLimit === params.memLimit)) {
    throw new RapportError(
      'CORRUPT',
      `The vault's passphrase slot asks for key derivation parameters Rapport never writes (${Math.round(params.memLimit / 1048576)} MiB, ` +
        `${params.opsLimit} passes): its key file was changed outside Rapport. Restore the vault from a backup.`,
    );
  }
}

const checkOf = (kek: Uint8Array) => toB64(mac(kek, CHECK_LABEL));

/** Opens a slot with its key-encryption key: the database key, or `wrong` (a wrong secret) / CORRUPT (a damaged slot). */
function openSlot(keys: KeyFile, slot: Slot, kek: Uint8Array, wrong: () => RapportError): Uint8Array {
  const key = open(kek, fromB64(slot.wrapped), slotAd(keys.vaultId, slot));
  const rightSecret = slot.check !== undefined && equalBytes(fromB64(checkOf(kek)), fromB64(slot.check));
  if (key && key.length === KEY_BYTES) return key;
  if (rightSecret) {
    throw new RapportError('CORRUPT', `The vault's ${slot.kind} slot was changed outside Rapport: the secret is right but the slot does not open. Restore the vault from a backup.`);
  }
  throw wrong();
}

/** A new passphrase slot (Argon2id in a worker). */
export async function passphraseSlot(vaultId: string, dbKey: Uint8Array, passphrase: string, kdf: KdfParams, generation: number): Promise<Slot> {
  const salt = randomBytes(SALT_BYTES);
  const kek = await deriveKeyInWorker(passphrase, salt, kdf);
  try {
    const slot = { kind: 'passphrase' as const, generation, kdf, salt: toB64(salt) };
    return { ...slot, wrapped: toB64(seal(kek, dbKey, slotAd(vaultId, { ...slot }))), check: checkOf(kek) };
  } finally {
    wipe(kek);
  }
}

/** A new recovery slot for a 256-bit recovery key. */
export function recoverySlot(vaultId: string, dbKey: Uint8Array, recoveryKey: Uint8Array, generation: number): Slot {
  const kek = deriveSubkey(recoveryKey, 1, CONTEXT_RECOVERY);
  try {
    const slot = { kind: 'recovery' as const, generation, kdf: null, salt: null };
    return { ...slot, wrapped: toB64(seal(kek, dbKey, slotAd(vaultId, slot))), check: checkOf(kek) };
  } finally {
    wipe(kek);
  }
}

/** Opens the passphrase slot: the database key, or WRONG_PASSPHRASE (or CORRUPT/DOWNGRADE for a damaged slot). */
export async function openPassphraseSlot(keys: KeyFile, passphrase: string, minKdf: KdfParams, ownKdf?: KdfParams): Promise<Uint8Array> {
  const slot = slotOf(keys, 'passphrase');
  if (!slot.kdf || !slot.salt) throw new RapportError('CORRUPT', "The vault's passphrase slot is damaged. Restore the vault from a backup.");
  const kdf = slot.kdf;
  checkKdf(kdf, minKdf, ownKdf ? [ownKdf, ...WRITTEN_KDF_PARAMS] : undefined);
  const kek = await deriveKeyInWorker(passphrase, fromB64(slot.salt), kdf);
  try {
    return openSlot(keys, slot, kek, () => new RapportError('WRONG_PASSPHRASE', 'That passphrase does not open this vault.'));
  } finally {
    wipe(kek);
  }
}

/** Opens the recovery slot: the database key, or WRONG_RECOVERY_KEY. */
export function openRecoverySlot(keys: KeyFile, recoveryKey: Uint8Array): Uint8Array {
  const slot = slotOf(keys, 'recovery');
  const kek = deriveSubkey(recoveryKey, 1, CONTEXT_RECOVERY);
  try {
    return openSlot(keys, slot, kek, () => new RapportError('WRONG_RECOVERY_KEY', 'This recovery key does not open this vault.'));
  } finally {
    wipe(kek);
  }
}

function counterMac(keys: Pick<KeyFile, 'vaultId'>, dbKey: Uint8Array, value: number, pages: string | null): Uint8Array {
  const k = deriveSubkey(dbKey, 1, CONTEXT_COUNTER);
  try {
    return mac(k, json(['rapport-counter', keys.vaultId, value, pages]));
  } finally {
    wipe(k);
  }
}

/** The key file with the commit counter (and, for a cleanly closed file, its page digest) under a MAC. */
export function withCounter(keys: KeyFile, dbKey: Uint8Array, value: number, pages: Uint8Array | null = null): KeyFile {
  const digest = pages ? toB64(pages) : null;
  return { ...keys, counter: { value, pages: digest, mac: toB64(counterMac(keys, dbKey, value, digest)) } };
}

/** What the key file vouches for: the commit counter (0 when none) and page digest; CORRUPT if its MAC fails. */
export function counterOf(keys: KeyFile, dbKey: Uint8Array): { value: number; pages: Uint8Array | null } {
  if (!keys.counter) return { value: 0, pages: null };
  const { value, pages } = keys.counter;
  if (!equalBytes(counterMac(keys, dbKey, value, pages), fromB64(keys.counter.mac))) {
    throw new RapportError('CORRUPT', "The vault's key file was changed outside Rapport (its commit counter does not authenticate). Restore from a backup.");
  }
  return { value, pages: pages ? fromB64(pages) : null };
}
