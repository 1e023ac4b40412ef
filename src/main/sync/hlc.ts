/**
 * Hybrid logical clocks (Kulkarni et al.): wall-clock milliseconds, a counter for events within one
 * millisecond or when the wall clock lags a clock already seen, and the device id as tie-break.
 * Written as fixed-width text, so comparing two clocks is comparing two strings.
 */
const MS_DIGITS = 15;
const COUNTER_DIGITS = 6;

export interface Hlc {
  ms: number;
  counter: number;
  device: string;
}

export const formatHlc = (c: Hlc): string =>
  `${String(c.ms).padStart(MS_DIGITS, '0')}-${String(c.counter).padStart(COUNTER_DIGITS, '0')}-${c.device}`;

export function parseHlc(text: string): Hlc {
  const m = /^(\d{15})-(\d{6})-([0-9a-f]{16})$/.exec(text);
  if (!m) throw new Error(`not a clock: ${text}`);
  return { ms: Number(m[1]), counter: Number(m[2]), device: m[3] };
}

export const ZERO_HLC = '';

/** One device's clock: `tick` for each local change, `observe` for each remote one. */
export class HlcClock {
  private ms: number;
  private counter: number;

  constructor(
    public device: string,
    last: string,
    private readonly now: () => number = Date.now,
  ) {
    const c = last ? parseHlc(last) : { ms: 0, counter: 0 };
    this.ms = c.ms;
    this.counter = c.counter;
  }

  tick(): string {
    const wall = this.now();
    if (wall > this.ms) {
      this.ms = wall;
      this.counter = 0;
    } else {
      this.counter++;
    }
    return this.current();
  }

  observe(remote: string): void {
    const r = parseHlc(remote);
    if (r.ms > this.ms || (r.ms === this.ms && r.counter > this.counter)) {
      this.ms = r.ms;
      this.counter = r.counter;
    }
  }

  current(): string {
    return formatHlc({ ms: this.ms, counter: this.counter, device: this.device });
  }
}
