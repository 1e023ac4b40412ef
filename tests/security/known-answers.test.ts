/**
 * Known-answer tests: the primitives against published vectors, and the vault's own formats against
 * fixed vectors, so a refactor cannot silently change what is on disk.
 */
import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, test } from 'vitest';
import { deriveFromPassphrase, deriveSubkey, loadSodium, open, pad, unpad } from '../../src/main/vault/crypto';
import {
  CONTEXT_INTEGRITY,
  CONTEXT_RECORDS,
  CONTEXT_RECOVERY,
  CONTEXT_STATE,
  FORMAT2,
  recordAd,
  rowTagInput,
  slotAd,
  stateAd,
} from '../../src/main/vault/format2/format';
import { formatRecoveryKey, parseRecoveryKey } from '../../src/main/vault/recoveryKey';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const fromHex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

beforeAll(async () => {
  await loadSodium();
});

describe('Argon2id (the reference implementation’s vectors; libsodium takes no secret or associated data)', () => {
  test.each([
    ['$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc'],
    ['$argon2id$v=19$m=262144,t=2,p=1$c29tZXNhbHQ$eP4eyR+zqlZX1y5xCFTkw9m5GYx0L5YWwvCFvtlbLow'],
  ])('%s', (encoded) => {
    expect(sodium.crypto_pwhash_str_verify(encoded, 'password')).toBe(true);
    expect(sodium.crypto_pwhash_str_verify(encoded, 'passwore')).toBe(false);
  });
});

describe('XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha, appendix A.3.1)', () => {
  const key = fromHex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f');
  const nonce = fromHex('404142434445464748494a4b4c4d4e4f5051525354555657');
  const aad = fromHex('50515253c0c1c2c3c4c5c6c7');
  const plaintext = new TextEncoder().encode(
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
  );
  const sealed =
    'bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da9768812f615c68b13b52e' +
    'c0875924c1c7987947deafd8780acf49';

  test('encrypts to the published ciphertext and tag', () => {
    expect(hex(sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, aad, null, nonce, key))).toBe(sealed);
  });

  test('the vault’s open() reads nonce || ciphertext and refuses a changed byte or other associated data', () => {
    const blob = new Uint8Array([...nonce, ...fromHex(sealed)]);
    expect(text(open(key, blob, aad)!)).toBe(text(plaintext));
    const flipped = blob.slice();
    flipped[40] ^= 1;
    expect(open(key, flipped, aad)).toBeNull();
    expect(open(key, blob, fromHex('50515253c0c1c2c3c4c5c6c8'))).toBeNull();
  });
});

describe('the vault format, pinned', () => {
  const vaultKey = Uint8Array.from({ length: 32 }, (_, i) => i);

  test('format version and associated data', () => {
    expect(FORMAT2).toBe(2);
    expect(text(recordAd('v', 'contacts', 'r', 'data', 2, 1, 'c'))).toBe('["rapport-record",2,"v","contacts","r","data",2,1,"c"]');
    expect(text(recordAd('v', 'clients', 'r', 'data', 2, 1, null))).toBe('["rapport-record",2,"v","clients","r","data",2,1,null]');
    // Format 1, still read so that old vaults upgrade at unlock:
    expect(text(recordAd('v', 'clients', 'r', 'data', 2, 1, null, 1))).toBe('["rapport-record",1,"v","clients","r","data",2,1]');
    expect(text(slotAd('v', 'passphrase', { alg: 'argon2id13', opsLimit: 3, memLimit: 268435456 }))).toBe(
      '["rapport-slot",1,"v","passphrase","argon2id13",3,268435456]',
    );
    expect(text(slotAd('v', 'recovery', null))).toBe('["rapport-slot",1,"v","recovery",null,null,null]');
    expect(text(stateAd('v'))).toBe('["rapport-state",1,"v"]');
    expect(text(rowTagInput('clients', 'r', 3))).toBe('["clients","r",3]');
  });

  test('subkeys of a fixed vault key', () => {
    expect(hex(deriveSubkey(vaultKey, 1, CONTEXT_RECORDS))).toBe('9fc80d6d7801f1374b1d38d8303338f8967df8cc826c7304eec571a6fe1537cc');
    expect(hex(deriveSubkey(vaultKey, 1, CONTEXT_STATE))).toBe('fb4cf64171277ebbbfa4c25ccbd402cf02c9d00a99820342eaba2a6e5fa31320');
    expect(hex(deriveSubkey(vaultKey, 1, CONTEXT_INTEGRITY))).toBe('2112e4e781226189fd6f39c8097ebdd124606ef9d5a9e9d06fe6ddb90196110c');
    expect(hex(deriveSubkey(vaultKey, 1, CONTEXT_RECOVERY))).toBe('5482ed20e1c2daa6f01ce48869d5b48077179d099c800a2ea79ad336020e1a8a');
  });

  test('a passphrase slot written by format 1 still opens', () => {
    const params = { alg: 'argon2id13' as const, opsLimit: 3, memLimit: 64 * 1024 * 1024 };
    const salt = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
    const kek = deriveFromPassphrase('correct horse battery staple 42', salt, params);
    expect(hex(kek)).toBe('447fd567cb231414caab0d26f7dba509e329055b36b57f2423462e7302695db5');
    const wrapped = fromHex(
      '3935f7fcdfa9170af7dcfe0bcf49e78e357a12d260bcc0b0b27d80e0f158e13a56cb3fc75f2bcd1fee5e85f597b9acedf5af6cfe70bac3d94e970178ee7cf70f7e3d4707bb92ceee',
    );
    const ad = slotAd('00000000-0000-4000-8000-000000000000', 'passphrase', params);
    expect(open(kek, wrapped, ad)).toEqual(vaultKey);
  });

  test('recovery key text and padding', () => {
    expect(formatRecoveryKey(vaultKey)).toBe('AAAQE-AYEAU-DAOCA-JBIFQ-YDIOB-4IBCE-QTCQK-RMFYY-DENBW-HA5DY-PSHMY');
    const parsed = parseRecoveryKey('aaaqe ayeau daoca jbifq ydiob 4ibce qtcqk rmfyy denbw ha5dy pshmy');
    expect(parsed.ok && hex(parsed.key)).toBe(hex(vaultKey));
    const padded = pad(new Uint8Array([1, 2, 3]));
    expect(padded.length).toBe(64);
    expect(hex(padded.subarray(0, 4))).toBe('01020380');
    expect(hex(unpad(padded)!)).toBe('010203');
  });
});
