/**
 * When a connection token should be renewed: a margin before it expires, a tenth of its lifetime but at
 * least 5 s and at most 60 s, so that a fresh token is in hand before Herald closes the socket with 4001.
 */
export function renewalMargin(lifetimeMs: number): number {
  return Math.min(60_000, Math.max(5_000, lifetimeMs / 10));
}

export function renewAt(issuedAtMs: number, expiresAtMs: number): number {
  return expiresAtMs - renewalMargin(expiresAtMs - issuedAtMs);
}

export function needsRenewal(issuedAtMs: number, expiresAtMs: number, nowMs: number): boolean {
  return nowMs >= renewAt(issuedAtMs, expiresAtMs);
}
