/** A message as Herald delivers it: `offset` counts from 1 per channel, `ts` is the server's accept time (ms). */
export interface Message<T = unknown> {
  channel: string;
  offset: number;
  id: string;
  ts: number;
  data: T;
}

/**
 * What is lost for good on a channel, offsets `fromOffset` to `toOffset` inclusive.
 * - `not-retained`: the server no longer keeps them (history size or TTL), so neither replay nor history had them.
 * - `epoch-changed`: the channel's history restarted (a new `epoch`): whatever followed `fromOffset` in the old
 *   one is gone, and how much that was is unknown, so `toOffset` is null.
 * - `skipped`: the server skipped them on a live connection, which only conflated channels (latest value wins) do.
 */
export interface Gap {
  channel: string;
  fromOffset: number;
  toOffset: number | null;
  reason: 'not-retained' | 'epoch-changed' | 'skipped';
}

/** The place a channel's delivery has reached: the last message delivered, in the channel's epoch. */
export interface Position {
  offset: number;
  epoch: string;
}

export type ClientState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Why the state changed: the close code and reason, the next attempt, the error met. */
export interface StateDetail {
  code?: number;
  reason?: string;
  /** failed attempts in a row, for `connecting` and `reconnecting` */
  attempt?: number;
  /** when a retry is scheduled: how long until it starts */
  retryInMs?: number;
  error?: unknown;
}

/** A retained page of a channel's history, as `GET /v1/api/history` and the `history` frame give it. */
export interface HistoryPage<T = unknown> {
  channel: string;
  epoch: string;
  offset: number;
  messages: Message<T>[];
}

export interface Published {
  channel: string;
  offset: number;
  /** the new message's id */
  id: string;
  epoch: string;
  ts: number;
}

/** The smallest part of the standard WebSocket that the client uses; `ws` on Node matches it. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: any) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: any) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;
