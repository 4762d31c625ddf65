import { describe, expect, it } from 'vitest';
import { DashboardTokens } from './tokens';

describe('dashboard tokens', () => {
  it('uses the sign-in token first and fetches a new one on every later call', async () => {
    let count = 0;
    const tokens = new DashboardTokens(async () => ({ token: `t${++count}`, userName: 'dashboard', expiresAt: 0 }));
    await tokens.signIn();
    expect(count).toBe(1);
    expect(await tokens.next()).toBe('t1');
    expect(await tokens.next()).toBe('t2');
    expect(await tokens.next()).toBe('t3');
    expect(count).toBe(3);
  });
});
