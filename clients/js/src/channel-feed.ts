import type { Gap, HistoryPage, Message, Position } from './types.js';

export interface FeedHandlers<T> {
  onMessage: (message: Message<T>) => void;
  onGap?: (gap: Gap) => void;
}

export interface SubscribedFrame {
  offset: number;
  epoch: string;
  recovered: boolean;
}

/**
 * One channel's delivery: each message once, in offset order, across any number of reconnects. The position
 * moves only when a message is delivered (the `subscribed` reply comes before replayed messages, so taking
 * the position from it would skip them if the connection dropped during the replay). When the server cannot
 * recover (`recovered: false`), live messages wait in a buffer while the history fills in what is retained,
 * and only what is lost for good is reported as a gap.
 */
export class ChannelFeed<T = unknown> {
  private position: Position | undefined;
  private sentSince: Position | undefined;
  private filling = false;
  private buffer: Message<T>[] = [];
  private subscribedOffset = 0;

  constructor(readonly channel: string, private readonly handlers: FeedHandlers<T>,
              private readonly failed: (error: unknown) => void) {
  }

  /** The `since` of the next subscribe: the last message delivered (before any, where the subscription went live). */
  since(): Position | undefined {
    this.sentSince = this.position && { ...this.position };
    return this.sentSince;
  }

  /** What the last subscribe asked for. */
  sentPosition(): Position | undefined {
    return this.sentSince && { ...this.sentSince };
  }

  /** Starts from a stored position: the first subscribe asks for everything after it. */
  resumeFrom(position: Position): void {
    this.position = { offset: position.offset, epoch: position.epoch };
  }

  current(): Position | undefined {
    return this.position && { ...this.position };
  }

  /** The connection dropped: what was buffered is dropped too, and comes again by `since`. */
  disconnected(): void {
    this.filling = false;
    this.buffer = [];
  }

  /** Returns the offset to read history from when the server could not recover, undefined otherwise. */
  onSubscribed(frame: SubscribedFrame): number | undefined {
    const sent = this.sentSince;
    this.subscribedOffset = frame.offset;
    if (!sent || !this.position) {
      // no replay follows a subscribe without since: live messages start after this offset
      this.position = { epoch: frame.epoch, offset: frame.offset };
      return undefined;
    }
    if (sent.epoch !== frame.epoch) {
      this.gap(this.position.offset + 1, null, 'epoch-changed');
      this.position = { epoch: frame.epoch, offset: 0 };
    } else if (frame.recovered) {
      return undefined;
    }
    this.filling = true;
    this.buffer = [];
    return this.position.offset;
  }

  onMessage(message: Message<T>): void {
    if (!this.position) {
      return;
    }
    if (this.filling) {
      this.buffer.push(message);
    } else {
      this.deliver(message, 'skipped');
    }
  }

  /** A history page while filling; returns the offset to read the next page from, or undefined when done. */
  onHistory(page: HistoryPage<T>, limit: number): number | undefined {
    if (!this.position || !this.filling) {
      return undefined;
    }
    if (page.epoch !== this.position.epoch) {
      this.gap(this.position.offset + 1, null, 'epoch-changed');
      this.position = { epoch: page.epoch, offset: 0 };
    }
    for (const message of page.messages) {
      this.deliver(message, 'not-retained');
    }
    if (page.messages.length >= limit && this.position.offset < page.offset) {
      return this.position.offset;
    }
    this.finishFill(page.offset);
    return undefined;
  }

  /** The history could not be read: deliver what came meanwhile, report the rest as lost. */
  historyFailed(): void {
    if (this.filling) {
      this.finishFill(this.subscribedOffset);
    }
  }

  private finishFill(knownOffset: number): void {
    const position = this.position!;
    const buffered = this.buffer;
    this.filling = false;
    this.buffer = [];
    const next = buffered.find((message) => message.offset > position.offset);
    const lostUpTo = Math.min(knownOffset, next ? next.offset - 1 : knownOffset);
    if (position.offset < lostUpTo) {
      this.gap(position.offset + 1, lostUpTo, 'not-retained');
      position.offset = lostUpTo;
    }
    for (const message of buffered) {
      this.deliver(message, 'skipped');
    }
  }

  private deliver(message: Message<T>, reason: Gap['reason']): void {
    const position = this.position!;
    if (message.offset <= position.offset) {
      return; // delivered already (a replay overlapping what arrived before the drop)
    }
    if (message.offset > position.offset + 1) {
      this.gap(position.offset + 1, message.offset - 1, reason);
    }
    position.offset = message.offset;
    try {
      this.handlers.onMessage(message);
    } catch (error) {
      this.failed(error);
    }
  }

  private gap(fromOffset: number, toOffset: number | null, reason: Gap['reason']): void {
    try {
      this.handlers.onGap?.({ channel: this.channel, fromOffset, toOffset, reason });
    } catch (error) {
      this.failed(error);
    }
  }
}
