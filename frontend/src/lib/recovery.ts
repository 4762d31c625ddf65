/**
 * Per-channel recovery bookkeeping: the epoch and the last offset processed on each channel, so that a
 * resubscribe after a drop can ask for what was missed with `since` (docs/protocol.md, 4.5).
 */
export interface Position {
  offset: number;
  epoch: string;
}

export interface SubscribedFrame {
  channel: string;
  offset: number;
  epoch: string;
  recovered: boolean;
}

/**
 * - `fresh`: subscribed without `since`; live messages follow the channel's current offset.
 * - `recovered`: every message after our offset is replayed next; nothing was lost.
 * - `partial`: same epoch, but part of what we missed is no longer retained: the rest is replayed.
 * - `epoch-changed`: the channel's history restarted; our old offsets mean nothing and nothing is replayed.
 */
export type SubscribeOutcome = 'fresh' | 'recovered' | 'partial' | 'epoch-changed';

/** `next`: the expected offset; `gap`: offsets were skipped; `duplicate`: already processed, drop it. */
export type MessageOrder = 'next' | 'gap' | 'duplicate';

export class RecoveryBook {
  private readonly positions = new Map<string, Position>();

  /** What to send as `since` when (re)subscribing to `channel`, or undefined for a first subscribe. */
  since(channel: string): Position | undefined {
    const position = this.positions.get(channel);
    return position ? { offset: position.offset, epoch: position.epoch } : undefined;
  }

  /**
   * Records a `subscribed` reply. `sentSince` is what the subscribe request carried. When the epochs
   * match, our own offset is kept: the replayed messages move it forward one by one, so a second drop in
   * the middle of a replay still recovers from the right place.
   */
  onSubscribed(frame: SubscribedFrame, sentSince: Position | undefined): SubscribeOutcome {
    if (!sentSince) {
      this.positions.set(frame.channel, { offset: frame.offset, epoch: frame.epoch });
      return 'fresh';
    }
    if (sentSince.epoch !== frame.epoch) {
      this.positions.set(frame.channel, { offset: frame.offset, epoch: frame.epoch });
      return 'epoch-changed';
    }
    if (!this.positions.has(frame.channel)) {
      this.positions.set(frame.channel, { offset: sentSince.offset, epoch: sentSince.epoch });
    }
    return frame.recovered ? 'recovered' : 'partial';
  }

  /** Records a message; a `duplicate` must not be processed again. */
  onMessage(channel: string, offset: number): MessageOrder {
    const position = this.positions.get(channel);
    if (!position) {
      return 'next'; // no subscribed reply seen (cannot happen with a well-behaved server): nothing to compare
    }
    if (offset <= position.offset) {
      return 'duplicate';
    }
    const order: MessageOrder = offset === position.offset + 1 ? 'next' : 'gap';
    position.offset = offset;
    return order;
  }

  forget(channel: string): void {
    this.positions.delete(channel);
  }

  channels(): string[] {
    return [...this.positions.keys()];
  }
}
