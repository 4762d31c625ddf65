import type { TokenAnswer } from './api';
import { renewAt } from './lib/token-clock';

/**
 * The dashboard's connection token: fetched with the API key, kept while it is fresh, renewed a margin
 * before it expires (lib/token-clock.ts) or at once when Herald refused it. Lifetimes are measured on the
 * browser's clock from the moment the token arrived, so a skewed clock does not make it look expired.
 */
export class TokenSource {
  private current: { token: string; issuedAt: number; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly issue: (ttlSeconds: number) => Promise<TokenAnswer>,
              private readonly ttlSeconds = 900,
              private readonly now: () => number = Date.now) {
  }

  /** A token good for a while yet, fetching one when needed (one request at a time). */
  token(): Promise<string> {
    const current = this.current;
    if (current && this.now() < renewAt(current.issuedAt, current.expiresAt)) {
      return Promise.resolve(current.token);
    }
    if (!this.pending) {
      this.pending = this.issue(this.ttlSeconds).then((answer) => {
        const issuedAt = this.now();
        this.current = { token: answer.token, issuedAt, expiresAt: issuedAt + this.ttlSeconds * 1000 };
        return answer.token;
      }).finally(() => {
        this.pending = undefined;
      });
    }
    return this.pending;
  }

  /** Forget the token (refused by Herald, or expired): the next call to token() fetches a new one. */
  invalidate(): void {
    this.current = undefined;
  }

  /** When the token in hand should be replaced, on the browser's clock; undefined when none is held. */
  renewAt(): number | undefined {
    return this.current && renewAt(this.current.issuedAt, this.current.expiresAt);
  }
}
