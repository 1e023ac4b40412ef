/**
 * Backups and restore. A backup is a consistent, still-encrypted copy of the vault: the database
 * file and its key file beside it (`<backup>.keys`); it opens with that vault's passphrase or
 * recovery key and nothing else. Restore first copies the backup to temporary files, opens them
 * there, unlocks them and reads every page and record, and only then keeps a copy of the current
 * vault and moves the verified files into place.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { format } from 'date-fns';
import { RapportError, isRapportError } from '../shared/errors';
import type { BackupSummary } from '../shared/types';
import { fsyncDir, fsyncFile } from './files';
import { Vault, type VaultOptions } from './vault/vault';
import { keyFileOf } from './vault/keyfile';
import { isPlainSqlite } from './vault/database';

export const BACKUP_EXTENSION = '.rapport-backup';

/** `<vault name> 2026-11-23 0930.rapport-backup` */
export function backupFileName(vaultPath: string, at: Date): string {
  return `${path.basename(vaultPath).replace(/\.rapport$/, '')} ${format(at, 'yyyy-MM-dd HHmmss')}${BACKUP_EXTENSION}`;
}

/** Writes a backup into a folder and keeps only the newest `keep` backups of this vault there. */
export async function backupIntoFolder(vault: Vault, folder: string, keep: number, at: Date): Promise<string> {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw new RapportError('NOT_FOUND', `The backup folder ${folder} does not exist.`);
  }
  const file = path.join(folder, backupFileName(vault.path, at));
  await vault.backupTo(file);
  const prefix = path.basename(vault.path).replace(/\.rapport$/, '') + ' ';
  const ours = fs
    .readdirSync(folder)
    .filter((f) => f.startsWith(prefix) && f.endsWith(BACKUP_EXTENSION))
    .sort();
  for (const old of ours.slice(0, Math.max(0, ours.length - keep))) {
    try {
      fs.rmSync(path.join(folder, old), { force: true });
      fs.rmSync(keyFileOf(path.join(folder, old)), { force: true });
    } catch {
      // The new backup is written: an old one that cannot be deleted now goes at a later rotation.
    }
  }
  return file;
}

export interface Credentials {
  passphrase?: string;
  recoveryKey?: string;
  /** Needed with a recovery key: the new passphrase for the restored vault. */
  newPassphrase?: string;
}

/**
 * Copies a backup beside `nearPath`, opens and unlocks the copy, and decrypts every record.
 * Returns the verified copy (the caller moves or deletes it) and what it holds.
 */
export async function verifiedCopy(
  backupPath: string,
  nearPath: string,
  creds: Credentials,
  options: VaultOptions,
): Promise<{ copy: string; summary: BackupSummary }> {
  if (!fs.existsSync(backupPath) || !fs.statSync(backupPath).isFile()) {
    throw new RapportError('NOT_FOUND', 'There is no backup file at that path.');
  }
  // A format-3 backup is two files; a format-1/2 one (a plain SQLite file) is one.
  const plain = isPlainSqlite(backupPath);
  if (!plain && !fs.existsSync(keyFileOf(backupPath))) {
    throw new RapportError(
      'CORRUPT',
      `This backup's key file (${path.basename(keyFileOf(backupPath))}) is missing, so it was not used: a backup is the file and its .keys file beside it. Put the key file back and try again.`,
    );
  }
  const copy = path.join(path.dirname(nearPath), `.restore-${randomUUID()}.rapport`);
  try {
    fs.mkdirSync(path.dirname(nearPath), { recursive: true, mode: 0o700 });
    fs.copyFileSync(backupPath, copy);
    fs.chmodSync(copy, 0o600);
    if (fs.existsSync(keyFileOf(backupPath))) {
      fs.copyFileSync(keyFileOf(backupPath), keyFileOf(copy));
      fs.chmodSync(keyFileOf(copy), 0o600);
    }
  } catch (e) {
    removeVaultFiles(copy);
    throw ioError(e, 'the backup could not be copied for checking');
  }
  let vault: Vault | null = null;
  try {
    vault = await Vault.open(copy, options);
    if (creds.recoveryKey) await vault.unlockWithRecoveryKey(creds.recoveryKey, creds.newPassphrase ?? '');
    else await vault.unlock(creds.passphrase ?? '');
    const counts = await vault.verifyAll();
    const stat = fs.statSync(backupPath);
    const summary: BackupSummary = {
      vaultId: vault.vaultId,
      modifiedAt: stat.mtime.toISOString(),
      bytes: stat.size,
      counts: {
        clients: counts.clients ?? 0,
        contacts: counts.contacts ?? 0,
        timelineEntries: counts.timeline_entries ?? 0,
        followUps: counts.follow_ups ?? 0,
        engagements: counts.engagements ?? 0,
      },
    };
    await vault.close();
    vault = null;
    return { copy, summary };
  } catch (e) {
    await vault?.close().catch(() => undefined);
    removeVaultFiles(copy);
    if (isRapportError(e) && e.code === 'CORRUPT') {
      throw new RapportError('CORRUPT', `This backup is damaged or is not a Rapport backup, so it was not used. ${e.message}`);
    }
    throw e;
  }
}

/** Removes a vault's files: the database, its WAL and journal, and its key file. */
export function removeVaultFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
  fs.rmSync(keyFileOf(file), { force: true });
}

/**
 * Puts a verified copy (database and key file) in place of the vault. The current vault (if any) is
 * first copied to `<name>.before-restore-<time>.rapport` (and its .keys) beside it. The caller has
 * closed the current vault. The key file moves first: a crash between the two renames leaves the
 * restored key file beside the current database, which it opens only if they share a key and its
 * slots are not older; the kept copy holds the current vault whole either way.
 */
export function replaceVault(verified: string, vaultPath: string, at: Date): string | null {
  let kept: string | null = null;
  if (fs.existsSync(vaultPath)) {
    kept = vaultPath.replace(/\.rapport$/, '') + `.before-restore-${format(at, 'yyyyMMdd-HHmmss')}.rapport`;
    try {
      for (const [from, to] of [[vaultPath, kept], [keyFileOf(vaultPath), keyFileOf(kept)]]) {
        if (!fs.existsSync(from)) continue;
        fs.copyFileSync(from, to);
        fs.chmodSync(to, 0o600);
        fsyncFile(to);
      }
    } catch (e) {
      removeVaultFiles(kept);
      throw ioError(e, 'the current vault could not be kept as a copy before the restore');
    }
  }
  try {
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(vaultPath + suffix, { force: true });
    if (fs.existsSync(keyFileOf(verified))) fs.renameSync(keyFileOf(verified), keyFileOf(vaultPath));
    fs.renameSync(verified, vaultPath);
  } catch (e) {
    throw ioError(e, 'the restored vault could not be put in place');
  }
  fsyncDir(path.dirname(vaultPath));
  return kept;
}

/** A file-system failure of a restore step as IO_ERROR: what failed, the errno code, and that nothing changed. */
function ioError(e: unknown, what: string): RapportError {
  if (isRapportError(e)) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return new RapportError('IO_ERROR', `The disk is full: ${what} (ENOSPC). Free some space and try again; nothing was changed.`);
  return new RapportError('IO_ERROR', `The restore failed: ${what}${code ? ` (${code})` : ''}. Nothing was changed.`);
}
