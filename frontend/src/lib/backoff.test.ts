import { describe, expect, it } from 'vitest';
import { Backoff, backoffBounds, backoffDelay, DEFAULT_BACKOFF } from './backoff';

describe('reconnect backoff', () => {
  it('doubles the ceiling with every failed attempt until the maximum', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffBounds(n).max);
    expect(ceilings).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
  });

  it('keeps each delay within the jitter bounds, from the lowest to the highest random draw', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const { min, max } = backoffBounds(attempt);
      expect(min).toBe(max * (1 - DEFAULT_BACKOFF.jitter));
      for (const draw of [0, 0.25, 0.5, 0.999999]) {
        const delay = backoffDelay(attempt, () => draw);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(min));
        expect(delay).toBeLessThanOrEqual(max);
      }
    }
  });

  it('spreads delays across the jitter range instead of giving every client the same one', () => {
    const delays = new Set<number>();
    for (let i = 0; i < 200; i++) {
      delays.add(backoffDelay(3));
    }
    expect(delays.size).toBeGreaterThan(50);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(4000);
  });

  it('waits a quarter to half a second before the first retry with the defaults', () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 0.999999)).toBe(500);
  });

  it('counts attempts and starts over after a reset', () => {
    const backoff = new Backoff(DEFAULT_BACKOFF, () => 0.999999);
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([500, 1000, 2000]);
    expect(backoff.attempts).toBe(3);
    backoff.reset();
    expect(backoff.next()).toBe(500);
  });

  it('never waits when jitter is all and the draw is zero, and never longer than the maximum', () => {
    const options = { baseMs: 100, maxMs: 1000, factor: 3, jitter: 1 };
    expect(backoffDelay(0, () => 0, options)).toBe(0);
    expect(backoffDelay(20, () => 0.999999, options)).toBe(1000);
  });
});
