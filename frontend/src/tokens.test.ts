import { describe, expect, it } from 'vitest';
import { TokenSource } from './tokens';

describe('token source', () => {
  function issuing() {
    let count = 0;
    const issue = async (ttlSeconds: number) => {
      count++;
      return { token: `t${count}`, userName: 'dashboard', expiresAt: ttlSeconds };
    };
    return { issue, count: () => count };
  }

  it('reuses a fresh token and fetches a new one near expiry', async () => {
    let now = 0;
    const { issue, count } = issuing();
    const tokens = new TokenSource(issue, 900, () => now);
    expect(await tokens.token()).toBe('t1');
    now = 600_000;
    expect(await tokens.token()).toBe('t1');
    expect(tokens.renewAt()).toBe(840_000);
    now = 840_000;
    expect(await tokens.token()).toBe('t2');
    expect(count()).toBe(2);
  });

  it('fetches a new token after the old one was refused', async () => {
    const { issue } = issuing();
    const tokens = new TokenSource(issue, 900, () => 0);
    await tokens.token();
    tokens.invalidate();
    expect(tokens.renewAt()).toBeUndefined();
    expect(await tokens.token()).toBe('t2');
  });

  it('asks Herald once when several callers want a token at the same time', async () => {
    const { issue, count } = issuing();
    const tokens = new TokenSource(issue, 900, () => 0);
    const all = await Promise.all([tokens.token(), tokens.token(), tokens.token()]);
    expect(all).toEqual(['t1', 't1', 't1']);
    expect(count()).toBe(1);
  });
});
