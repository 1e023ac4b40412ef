/**
 * Locks the vault when the machine suspends or the screen locks. Free of `electron` (the shell
 * passes its powerMonitor in), so it is tested with a fake.
 */

export interface PowerMonitorLike {
  on(event: 'suspend' | 'lock-screen', listener: () => void): unknown;
  getSystemIdleState(idleThresholdSeconds: number): string;
}

export interface Lockable {
  lock(reason: 'suspend' | 'screen-lock'): void;
}

/** Returns a function that stops the polling. */
export function watchPower(
  power: PowerMonitorLike,
  target: () => Lockable | null,
  platform: NodeJS.Platform,
  pollMs = 10_000,
): () => void {
  power.on('suspend', () => target()?.lock('suspend'));
  power.on('lock-screen', () => target()?.lock('screen-lock'));
  // Linux desktops do not all send lock-screen: poll the idle state as well.
  if (platform !== 'linux') return () => undefined;
  const timer = setInterval(() => {
    if (power.getSystemIdleState(60) === 'locked') target()?.lock('screen-lock');
  }, pollMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
