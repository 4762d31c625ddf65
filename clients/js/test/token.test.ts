import { describe, expect, it } from 'vitest';
import { renewalDelay, tokenTimes } from '../src/token';
import { fakeToken } from './fake-socket';

describe('token times', () => {
  it('reads exp and iat from a JWT without verifying it', () => {
    expect(tokenTimes(fakeToken(1000, 3600))).toEqual({ issuedAt: 1_000_000, expiresAt: 4_600_000 });
    expect(tokenTimes('not-a-jwt')).toBeUndefined();
    expect(tokenTimes('a.!!!.c')).toBeUndefined();
  });

  it('renews a second before four fifths of the lifetime, whatever this clock says', () => {
    expect(renewalDelay(tokenTimes(fakeToken(1000, 100)), 0)).toBe(79_000);
    expect(renewalDelay(tokenTimes(fakeToken(1000, 100)), 9_999_999_999)).toBe(79_000);
    expect(renewalDelay({ expiresAt: 50_000 }, 0)).toBe(39_000);
    expect(renewalDelay(tokenTimes(fakeToken(1000, 1)), 0)).toBe(500);
    expect(renewalDelay(undefined, 0)).toBeUndefined();
  });
});
