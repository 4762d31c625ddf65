import type { TokenAnswer } from './api';

/**
 * The dashboard's connection tokens, fetched with the API key. The one fetched at sign-in (which proves the
 * key) is used for the first connection; every later call fetches a new one, since the client library asks
 * only when it needs one: to renew before expiry, or after Herald refused or expired the one it had.
 */
export class DashboardTokens {
  private first: string | undefined;

  constructor(private readonly issue: () => Promise<TokenAnswer>) {
  }

  /** Fetches the first token; fails as the API does (401 for a refused key). */
  async signIn(): Promise<void> {
    this.first = (await this.issue()).token;
  }

  readonly next = async (): Promise<string> => {
    const first = this.first;
    this.first = undefined;
    return first ?? (await this.issue()).token;
  };
}
