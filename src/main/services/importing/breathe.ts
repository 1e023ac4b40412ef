/**
 * Long imports give the event loop back between chunks, so every other request (the client list,
 * the status poll, a lock) is answered while a big file is previewed or committed. A chunk ends
 * after BREATH_MS, however fast or slow its rows are (on a loaded machine 200 rows took 40 ms or more).
 */

/** The longest an import holds the event loop between two breaths. */
export const BREATH_MS = 10;

let lastBreath = performance.now();

/** Whether the import has held the event loop for BREATH_MS since its last breath. */
export function breathless(): boolean {
  return performance.now() - lastBreath >= BREATH_MS;
}

/** Lets every pending I/O callback and request run before the import goes on. */
export function breathe(): Promise<void> {
  return new Promise((resolve) =>
    setImmediate(() => {
      lastBreath = performance.now();
      resolve();
    }),
  );
}
