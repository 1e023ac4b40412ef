/** Paths the user types: `~` expanded, relative ones taken from the home folder. */
import os from 'node:os';
import path from 'node:path';

export const VAULT_EXTENSION = '.rapport';

/** An absolute path: `~` expanded, relative paths taken from the home folder. */
export function absolutePath(requested: string): string {
  let p = requested.trim();
  if (p === '~' || p.startsWith('~/')) p = path.join(os.homedir(), p.slice(1));
  return path.resolve(os.homedir(), p);
}

/** An absolute vault path, with the .rapport extension added when there is none. */
export function resolveVaultPath(requested: string): string {
  const p = absolutePath(requested);
  return path.extname(p) ? p : p + VAULT_EXTENSION;
}
