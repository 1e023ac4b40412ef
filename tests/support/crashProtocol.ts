/**
 * What the crash-test child (child-crash-writer.ts) and its parent (tests/reliability/crash.test.ts)
 * say to each other. The child prints `BEGIN <op>` before each API call and `ACK <result>` once the
 * API acknowledged it, one JSON object per line; stdout to a pipe is synchronous on Linux, so a
 * line printed is a line the parent reads, even after SIGKILL.
 */

/** The n-th passphrase of the crash test (strong enough for the strength check). */
export function crashPassphrase(n: number): string {
  return `crash writer quince harbour ${n} lantern`;
}

export const MODES = ['mixed', 'passphrase', 'import', 'backup'] as const;
export type Mode = (typeof MODES)[number];

export type Op =
  | { k: 'client'; name: string }
  | { k: 'entry'; clientId: string; summary: string }
  | { k: 'delClient'; id: string }
  | { k: 'delEntry'; id: string }
  | { k: 'undo'; token: string; of: 'client' | 'entry'; id: string }
  | { k: 'pass'; from: number; to: number }
  | { k: 'import'; tag: string; rows: number }
  | { k: 'backup'; path: string; pass: number };

export type Ack =
  | { k: 'client'; id: string }
  | { k: 'entry'; id: string }
  | { k: 'delClient'; token: string }
  | { k: 'delEntry'; token: string }
  | { k: 'undo' }
  | { k: 'pass' }
  | { k: 'import'; clientIds: string[]; contactIds: string[] }
  | { k: 'backup'; path: string };

/** Ten letters that differ from row to row (with the row number, see importCsv). */
function word(seed: string): string {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  let w = '';
  for (let i = 0; i < 10; i++) {
    h = Math.imul(h ^ (h >>> 13), 2654435761) >>> 0;
    w += String.fromCharCode(97 + (h % 26));
  }
  return w[0].toUpperCase() + w.slice(1);
}

/** The CSV an import op sends: one person per row, each at a new organisation; every name holds the tag. */
export function importCsv(tag: string, rows: number): string {
  const lines = ['Name,Company'];
  // The row number in every name: names whose numbers differ are never "close" for the duplicate
  // check, which otherwise (same tag, same digits) took two random words for one name about once
  // in a few hundred runs.
  for (let i = 0; i < rows; i++) lines.push(`${word(`p${tag}/${i}`)} ${tag} n${i},${word(`o${tag}/${i}`)} ${tag} n${i}`);
  return lines.join('\r\n') + '\r\n';
}
