/** The lifetime claims of a connection token (a JWT), read without verifying it: the server does that. */
export interface TokenTimes {
  /** epoch ms */
  expiresAt: number;
  /** epoch ms, when the token carries `iat` */
  issuedAt?: number;
}

export function tokenTimes(token: string): TokenTimes | undefined {
  const payload = token.split('.')[1];
  if (!payload) {
    return undefined;
  }
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    if (typeof json.exp !== 'number') {
      return undefined;
    }
    return { expiresAt: json.exp * 1000, issuedAt: typeof json.iat === 'number' ? json.iat * 1000 : undefined };
  } catch {
    return undefined;
  }
}

/**
 * How long after receiving a token to renew it: at 80% of its lifetime less a second (the claims are whole
 * seconds), measured from when it arrived so a skewed clock does not matter (the lifetime is exp - iat;
 * without iat, exp - now on this clock).
 */
export function renewalDelay(times: TokenTimes | undefined, now: number): number | undefined {
  if (!times) {
    return undefined;
  }
  const lifetime = times.issuedAt !== undefined ? times.expiresAt - times.issuedAt : times.expiresAt - now;
  return Math.max(500, Math.min(2 ** 31 - 1, Math.floor(lifetime * 0.8) - 1000));
}
