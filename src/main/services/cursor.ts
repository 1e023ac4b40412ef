/**
 * Opaque page cursors: the sort key of a page's last row, so the next page starts after it (keyset
 * paging: no OFFSET, so a page costs the same at any depth, and rows added meanwhile do not shift
 * pages). The caller gets a string it passes back unchanged; anything else is refused.
 */
import { RapportError } from '../../shared/errors';

type Part = 'string' | 'number';
type Parts<T extends readonly Part[]> = { [K in keyof T]: T[K] extends 'number' ? number : string };

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key a cursor holds, of the given shape; INVALID_INPUT for anything this code did not write. */
export function decodeCursor<const T extends readonly Part[]>(cursor: string, shape: T): Parts<T> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  if (!Array.isArray(key) || key.length !== shape.length || key.some((v, i) => typeof v !== shape[i])) {
    throw new RapportError('INVALID_INPUT', 'That page cursor is not valid: start again from the first page.');
  }
  return key as Parts<T>;
}
