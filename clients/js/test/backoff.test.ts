import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay } from '../src/backoff';

describe('backoff', () => {
  it('retries first within one second and never more than twenty seconds apart', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20, 1000].map((attempt) => backoffCeiling(attempt)))
      .toEqual([1000, 2000, 4000, 8000, 16000, 20000, 20000, 20000, 20000]);
    for (let attempt = 0; attempt < 40; attempt++) {
      expect(backoffDelay(attempt, () => 0)).toBe(0);
      expect(backoffDelay(attempt, () => 0.999999)).toBeLessThan(backoffCeiling(attempt));
    }
  });

  it('draws each delay uniformly from zero to the ceiling (full jitter), so clients dropped together spread out', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const delays = Array.from({ length: 1000 }, () => backoffDelay(3, random));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(8000);
    const quarters = [0, 1, 2, 3].map((q) => delays.filter((d) => d >= q * 2000 && d < (q + 1) * 2000).length);
    for (const count of quarters) {
      expect(count).toBeGreaterThan(180);
    }
  });
});
