/**
 * Test-only vault parameters, free of vitest so child processes can import them too.
 * Cheaper KDF parameters live here and nowhere in src/: the app builds its core with
 * createCore(), which fixes the production defaults.
 */
import type { KdfParams } from '../../src/main/vault/crypto';
import type { VaultOptions } from '../../src/main/vault/vault';

export const TEST_KDF: KdfParams = { alg: 'argon2id13', opsLimit: 1, memLimit: 8 * 1024 * 1024 };
export const TEST_VAULT_OPTIONS: VaultOptions = { kdf: TEST_KDF, minKdf: TEST_KDF };

export const PASSPHRASE = 'correct horse battery staple 42';
export const NEW_PASSPHRASE = 'purple elephant juggling marmalade 7';
