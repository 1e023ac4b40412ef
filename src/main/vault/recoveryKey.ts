/**
 * The recovery key as a person copies it: 32 random bytes and a 2-byte checksum,
 * in RFC 4648 Base32 (55 characters), shown in 11 groups of five.
 * Reading it back forgives case, spaces, dashes and the look-alikes 0/O, 1/I and 8/B.
 *
 * The checksum is CRC-16/CCITT over the key, appended big-endian so the bit stream is one CRC
 * codeword: every error within 16 consecutive bits, so every single mistyped character, is caught
 * (a truncated hash would let about one typo in 65,536 through). The 3 padding bits of the last
 * character must be zero, so no two spellings give the same key.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const RECOVERY_KEY_BYTES = 32;
const CHECKSUM_BYTES = 2;

function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function base32Decode(text: string): Uint8Array | null {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    value = ((value << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

/** CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF), big-endian. */
function checksum(key: Uint8Array): Uint8Array {
  let crc = 0xffff;
  for (const byte of key) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return Uint8Array.of(crc >>> 8, crc & 0xff);
}

export function formatRecoveryKey(key: Uint8Array): string {
  if (key.length !== RECOVERY_KEY_BYTES) throw new Error('recovery key must be 32 bytes');
  const all = new Uint8Array(RECOVERY_KEY_BYTES + CHECKSUM_BYTES);
  all.set(key, 0);
  all.set(checksum(key), RECOVERY_KEY_BYTES);
  const text = base32Encode(all);
  return text.match(/.{1,5}/g)!.join('-');
}

export type ParsedRecoveryKey = { ok: true; key: Uint8Array } | { ok: false; reason: string };

export function parseRecoveryKey(input: string): ParsedRecoveryKey {
  const text = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/0/g, 'O')
    .replace(/1/g, 'I')
    .replace(/8/g, 'B');
  const expected = Math.ceil(((RECOVERY_KEY_BYTES + CHECKSUM_BYTES) * 8) / 5);
  if (text.length !== expected) {
    return { ok: false, reason: `A recovery key has ${expected} letters and digits; this one has ${text.length}.` };
  }
  const bytes = base32Decode(text);
  if (!bytes || bytes.length !== RECOVERY_KEY_BYTES + CHECKSUM_BYTES) {
    return { ok: false, reason: 'A recovery key uses only the letters A to Z and the digits 2 to 7.' };
  }
  const paddingBits = (expected * 5) % 8;
  const paddingClear = (ALPHABET.indexOf(text[text.length - 1]) & ((1 << paddingBits) - 1)) === 0;
  const key = bytes.slice(0, RECOVERY_KEY_BYTES);
  const sum = checksum(key);
  if (!paddingClear || sum[0] !== bytes[RECOVERY_KEY_BYTES] || sum[1] !== bytes[RECOVERY_KEY_BYTES + 1]) {
    return { ok: false, reason: 'This recovery key has a typo: check each group against your recovery kit.' };
  }
  return { ok: true, key };
}
