/**
 * Long imports give the event loop back between chunks, so every other request (the client list,
 * the status poll, a lock) is answered while a big file is previewed or committed.
 */

/** Rows handled between two breaths. */
export const CHUNK_ROWS = 200;

/** Lets every pending I/O callback and request run before the import goes on. */
export function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
