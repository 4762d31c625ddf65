export { HeraldClient } from './client';
export type { HeraldClientOptions, SubscribedInfo, SubscribeOptions, Subscription } from './client';
export { HeraldError } from './errors';
export { backoffCeiling, backoffDelay, DEFAULT_BACKOFF } from './backoff';
export type { BackoffOptions } from './backoff';
export type {
  ClientState, Gap, HistoryPage, Message, Position, Published, StateDetail, WebSocketConstructor, WebSocketLike,
} from './types';
