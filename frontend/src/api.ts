/** Herald's REST API with the operator's API key (docs/protocol.md, section 3). */

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }

  get unauthorized(): boolean {
    return this.status === 401;
  }
}

export interface TokenAnswer {
  token: string;
  userName: string;
  expiresAt: number;
}

export interface DeviceInfo {
  deviceId: string;
  source?: string;
  lastSeen?: number;
  rmsDb?: number;
  peakDb?: number;
  state?: 'live' | 'stale';
}

export interface ConnectionInfo {
  id: string;
  user: string;
  node?: string;
  remoteAddress?: string;
  userAgent?: string;
  uri?: string;
  /** `client` for /v1/ws, `ingest` for a device's audio stream. */
  kind?: string;
  state?: string;
  connectedAt?: number;
  lastPongAt?: number | null;
  rttMs?: number | null;
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  subscriptions: string[];
}

export interface FrameRecord {
  direction: 'in' | 'out';
  kind: string;
  bytes: number;
  ts: number;
  preview?: string;
}

export interface ConnectionDetail extends ConnectionInfo {
  recent: FrameRecord[];
}

export interface ChannelInfo {
  channel: string;
  subscribers: number;
  offset: number;
  epoch: string;
}

/** One page of GET /v1/api/channels, in name order; `next` is the `after` of the following page, null on the last. */
export interface ChannelPage {
  channels: ChannelInfo[];
  total: number;
  next: string | null;
}

export interface PublishAnswer {
  id: string;
  channel: string;
  offset: number;
  epoch: string;
  ts: number;
}

export class HeraldApi {
  constructor(private readonly apiKey: string, private readonly base = '') {
  }

  createToken(userName: string, subscribe: string[], ttlSeconds: number): Promise<TokenAnswer> {
    return this.request('POST', '/v1/api/createtoken', { userName, subscribe, publish: [], ttlSeconds });
  }

  devices(): Promise<{ devices: DeviceInfo[] }> {
    return this.request('GET', '/v1/api/devices');
  }

  connections(): Promise<{ connections: ConnectionInfo[]; total: number }> {
    return this.request('GET', '/v1/api/connections');
  }

  connection(id: string): Promise<ConnectionDetail> {
    return this.request('GET', `/v1/api/connections/${encodeURIComponent(id)}`);
  }

  closeConnection(id: string, code: number, reason: string): Promise<void> {
    const query = new URLSearchParams({ code: String(code) });
    if (reason) {
      query.set('reason', reason);
    }
    return this.request('DELETE', `/v1/api/connections/${encodeURIComponent(id)}?${query}`);
  }

  channels(limit: number, after: string | null): Promise<ChannelPage> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (after !== null) {
      query.set('after', after);
    }
    return this.request('GET', `/v1/api/channels?${query}`);
  }

  publish(channel: string, data: unknown, idempotencyKey?: string): Promise<PublishAnswer> {
    const headers: Record<string, string> = idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {};
    return this.request('POST', '/v1/api/publish', { channel, data }, headers);
  }

  private async request<T>(method: string, path: string, body?: unknown,
                           headers: Record<string, string> = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.base + path, {
        method,
        headers: {
          'X-Api-Key': this.apiKey,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (error) {
      throw new ApiError(0, 'network', `Herald cannot be reached (${(error as Error).message})`);
    }
    if (response.status === 204 || response.status === 202) {
      return undefined as T;
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const problem = (json ?? {}) as { code?: string; detail?: string; title?: string };
      throw new ApiError(response.status, problem.code ?? `http_${response.status}`,
        problem.detail ?? problem.title ?? `${response.status} ${response.statusText}`);
    }
    return json as T;
  }
}
