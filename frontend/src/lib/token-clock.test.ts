import { describe, expect, it } from 'vitest';
import { needsRenewal, renewalMargin, renewAt } from './token-clock';

describe('token renewal', () => {
  it('renews a tenth of the lifetime before expiry, within 5 to 60 seconds', () => {
    expect(renewalMargin(15 * 60_000)).toBe(60_000);
    expect(renewalMargin(300_000)).toBe(30_000);
    expect(renewalMargin(10_000)).toBe(5_000);
  });

  it('keeps a fresh token and renews one that is near its expiry', () => {
    const issued = 1_000_000;
    const expires = issued + 15 * 60_000;
    expect(renewAt(issued, expires)).toBe(expires - 60_000);
    expect(needsRenewal(issued, expires, issued + 1000)).toBe(false);
    expect(needsRenewal(issued, expires, expires - 60_000)).toBe(true);
    expect(needsRenewal(issued, expires, expires + 1)).toBe(true);
  });
});
