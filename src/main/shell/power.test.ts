import { EventEmitter } from 'node:events';
import { afterEach, expect, test, vi } from 'vitest';
import { watchPower } from './power';

class FakePower extends EventEmitter {
  state = 'active';
  getSystemIdleState(): string {
    return this.state;
  }
}

afterEach(() => vi.useRealTimers());

test('suspend and lock-screen events lock the vault', () => {
  const power = new FakePower();
  const reasons: string[] = [];
  watchPower(power, () => ({ lock: (r) => void reasons.push(r) }), 'darwin');
  power.emit('suspend');
  power.emit('lock-screen');
  expect(reasons).toEqual(['suspend', 'screen-lock']);
});

test('on Linux a locked screen is also found by polling the idle state', () => {
  vi.useFakeTimers();
  const power = new FakePower();
  const reasons: string[] = [];
  const stop = watchPower(power, () => ({ lock: (r) => void reasons.push(r) }), 'linux', 10_000);
  vi.advanceTimersByTime(25_000);
  expect(reasons).toEqual([]);
  power.state = 'locked';
  vi.advanceTimersByTime(10_000);
  expect(reasons).toEqual(['screen-lock']);
  stop();
  vi.advanceTimersByTime(30_000);
  expect(reasons).toEqual(['screen-lock']);
});

test('no vault open: nothing to lock, nothing thrown', () => {
  const power = new FakePower();
  watchPower(power, () => null, 'win32');
  expect(() => power.emit('suspend')).not.toThrow();
});
