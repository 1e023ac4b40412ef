/**
 * Cryptographic primitives of the vault, all from libsodium (sumo build, for crypto_pwhash).
 * Keys are Uint8Array, never strings, and are wiped with memzero when no longer needed.
 */
import sodiumModule from 'libsodium-wrappers-sumo';

type Sodium = typeof sodiumModule;
let sodium: Sodium | null = null;

/** Loads libsodium once; every other function here needs it loaded. */
export async function loadSodium(): Promise<Sodium> {
  if (!sodium) {
    await sodiumModule.ready;
    sodium = sodiumModule;
  }
  return sodium;
}

/** libsodium, once loadSodium() has run (every vault operation runs after it). */
export function sodiumLoaded(): Sodium {
  return na();
}

function na(): Sodium {
  if (!sodium) throw new Error('libsodium is not loaded: call loadSodium() first');
  return sodium;
}

export const KEY_BYTES = 32;
export const NONCE_BYTES = 24;
export const SALT_BYTES = 16;
export const TAG_BYTES = 16;

export interface KdfParams {
  alg: 'argon2id13';
  /** Passes over memory. */
  opsLimit: number;
  /** Memory in bytes. */
  memLimit: number;
}

const MiB = 1024 * 1024;
/** The parameters every new passphrase slot gets: 256 MiB, 3 passes. */
export const DEFAULT_KDF: KdfParams = { alg: 'argon2id13', opsLimit: 3, memLimit: 256 * MiB };
/** Below this a slot is refused as a downgrade. */
export const MIN_KDF: KdfParams = { alg: 'argon2id13', opsLimit: 3, memLimit: 64 * MiB };

/** Random bytes from the platform CSPRNG (much cheaper per call than randombytes_buf in wasm). */
export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  globalThis.crypto.getRandomValues(out);
  return out;
}

export function wipe(...buffers: (Uint8Array | null | undefined)[]): void {
  for (const b of buffers) if (b) na().memzero(b);
}

const utf8 = new TextEncoder();
const utf8d = new TextDecoder('utf-8', { fatal: true });
export const encodeUtf8 = (s: string): Uint8Array => utf8.encode(s);
export const decodeUtf8 = (b: Uint8Array): string => utf8d.decode(b);

/** Argon2id: derives a key-encryption key from a passphrase. */
export function deriveFromPassphrase(passphrase: string, salt: Uint8Array, params: KdfParams): Uint8Array {
  const pw = encodeUtf8(passphrase.normalize('NFC'));
  try {
    return na().crypto_pwhash(
      KEY_BYTES,
      pw,
      salt,
      params.opsLimit,
      params.memLimit,
      na().crypto_pwhash_ALG_ARGON2ID13,
    );
  } finally {
    wipe(pw);
  }
}

/** A purpose subkey of the vault key (crypto_kdf_derive_from_key, context of 8 bytes). */
export function deriveSubkey(key: Uint8Array, id: number, context: string): Uint8Array {
  return na().crypto_kdf_derive_from_key(KEY_BYTES, id, context, key);
}

/** XChaCha20-Poly1305 with a fresh random nonce; returns nonce || ciphertext. */
export function seal(key: Uint8Array, plaintext: Uint8Array, ad: Uint8Array): Uint8Array {
  const nonce = randomBytes(NONCE_BYTES);
  const ct = na().crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, ad, null, nonce, key);
  const out = new Uint8Array(NONCE_BYTES + ct.length);
  out.set(nonce, 0);
  out.set(ct, NONCE_BYTES);
  return out;
}

/** Opens nonce || ciphertext; returns null when authentication fails. */
export function open(key: Uint8Array, sealed: Uint8Array, ad: Uint8Array): Uint8Array | null {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) return null;
  try {
    return na().crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      sealed.subarray(NONCE_BYTES),
      ad,
      sealed.subarray(0, NONCE_BYTES),
      key,
    );
  } catch {
    return null;
  }
}

/** Keyed BLAKE2b-256. */
export function mac(key: Uint8Array, message: Uint8Array): Uint8Array {
  return na().crypto_generichash(32, message, key);
}

/** BLAKE2b of the given length, unkeyed. */
export function hash(message: Uint8Array, bytes = 32): Uint8Array {
  return na().crypto_generichash(bytes, message, null);
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && na().memcmp(a, b);
}

/**
 * Padding (ISO/IEC 7816-4: 0x80 then zeros) to a block that grows with the value,
 * so a ciphertext's length tells only a coarse size class.
 */
export function blockSizeFor(length: number): number {
  if (length < 256) return 64;
  if (length < 4096) return 256;
  return 4096;
}

export function pad(data: Uint8Array): Uint8Array {
  const block = blockSizeFor(data.length + 1);
  const total = Math.ceil((data.length + 1) / block) * block;
  const out = new Uint8Array(total);
  out.set(data, 0);
  out[data.length] = 0x80;
  return out;
}

export function unpad(padded: Uint8Array): Uint8Array | null {
  let i = padded.length - 1;
  while (i >= 0 && padded[i] === 0) i--;
  if (i < 0 || padded[i] !== 0x80) return null;
  return padded.subarray(0, i);
}
