export { HeraldClient } from './client.js';
export type { HeraldClientOptions, SubscribedInfo, SubscribeOptions, Subscription } from './client.js';
export { HeraldError } from './errors.js';
export { backoffCeiling, backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
export type { BackoffOptions } from './backoff.js';
export type {
  ClientState, Gap, HistoryPage, Message, Position, Published, StateDetail, WebSocketConstructor, WebSocketLike,
} from './types.js';
