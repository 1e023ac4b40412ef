/**
 * Files and folders the person chose in main's own dialogs, by opaque id (issue 15, finding 1).
 * The renderer only ever holds the id: a random UUID that main hands out after its dialog returned,
 * that names one purpose, is used once, and expires. A path from the renderer is never a choice.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { RapportError } from '../shared/errors';
import type { ChoicePurpose } from '../shared/choices';

/** How long a choice stays usable after its dialog closed. */
export const CHOICE_TTL_MS = 15 * 60_000;
/** At most this many open choices; the oldest go first. */
const MAX_CHOICES = 32;

interface Entry {
  purpose: ChoicePurpose;
  path: string;
  at: number;
}

export class ChoiceRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly busy = new Set<string>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Records a path main's dialog returned; the id is what the renderer gets. */
  add(purpose: ChoicePurpose, chosen: string): { id: string; name: string } {
    if (!path.isAbsolute(chosen)) throw new RapportError('INTERNAL', 'The chooser returned a relative path.');
    const id = randomUUID();
    this.entries.set(id, { purpose, path: path.normalize(chosen), at: this.now() });
    while (this.entries.size > MAX_CHOICES) this.entries.delete(this.entries.keys().next().value as string);
    return { id, name: path.basename(chosen) };
  }

  /**
   * The path of a choice made for one of `purposes`. A choice is used up by any attempt to use it,
   * even one for the wrong purpose; an unknown, expired or misused id is refused.
   */
  take(id: string, purposes: ChoicePurpose | readonly ChoicePurpose[]): { path: string; purpose: ChoicePurpose } {
    const entry = this.entries.get(id);
    this.entries.delete(id);
    const allowed: readonly ChoicePurpose[] = typeof purposes === 'string' ? [purposes] : purposes;
    if (!entry || !allowed.includes(entry.purpose) || this.now() - entry.at > CHOICE_TTL_MS) {
      throw new RapportError('INVALID_INPUT', 'That file choice is not valid any more. Choose the file or folder again.');
    }
    return { path: entry.path, purpose: entry.purpose };
  }

  /**
   * The path of a choice made for one of `purposes`, without using it up (to inspect a file before
   * acting on it); a wrong purpose uses it up and is refused, as in take().
   */
  peek(id: string, purposes: ChoicePurpose | readonly ChoicePurpose[]): string {
    const entry = this.entries.get(id);
    const allowed: readonly ChoicePurpose[] = typeof purposes === 'string' ? [purposes] : purposes;
    if (!entry || !allowed.includes(entry.purpose) || this.now() - entry.at > CHOICE_TTL_MS) {
      if (entry && !this.busy.has(id)) this.entries.delete(id);
      throw new RapportError('INVALID_INPUT', 'That file choice is not valid any more. Choose the file or folder again.');
    }
    return entry.path;
  }

  /**
   * Runs `write` with the path of a choice made for one of `purposes`; the choice is used up when
   * `write` succeeds (so a refused export can be retried, say with gaps allowed, without choosing
   * again). A wrong purpose, an unknown or expired id, or a choice already in use is refused.
   */
  async use<T>(id: string, purposes: ChoicePurpose | readonly ChoicePurpose[], write: (chosen: string) => Promise<T>): Promise<T> {
    const entry = this.entries.get(id);
    const allowed: readonly ChoicePurpose[] = typeof purposes === 'string' ? [purposes] : purposes;
    if (!entry || !allowed.includes(entry.purpose) || this.now() - entry.at > CHOICE_TTL_MS || this.busy.has(id)) {
      if (entry && !this.busy.has(id)) this.entries.delete(id);
      throw new RapportError('INVALID_INPUT', 'That file choice is not valid any more. Choose the file or folder again.');
    }
    this.busy.add(id);
    try {
      const result = await write(entry.path);
      this.entries.delete(id);
      return result;
    } finally {
      this.busy.delete(id);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
