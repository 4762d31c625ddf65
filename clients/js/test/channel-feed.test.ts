import { describe, expect, it } from 'vitest';
import { ChannelFeed } from '../src/channel-feed';
import type { Gap, Message } from '../src/types';

function feed() {
  const delivered: number[] = [];
  const gaps: Gap[] = [];
  const errors: unknown[] = [];
  const channel = new ChannelFeed('c', { onMessage: (m) => delivered.push(m.offset), onGap: (g) => gaps.push(g) },
    (e) => errors.push(e));
  return { channel, delivered, gaps, errors };
}

const message = (offset: number): Message => ({ channel: 'c', offset, id: `m${offset}`, ts: 0, data: null });

describe('channel feed', () => {
  it('takes its position from delivered messages, never from the subscribed reply', () => {
    const { channel } = feed();
    expect(channel.since()).toBeUndefined();
    channel.onSubscribed({ offset: 10, epoch: 'e', recovered: false });
    expect(channel.since()).toEqual({ offset: 10, epoch: 'e' });
    channel.onMessage(message(11));
    channel.onMessage(message(12));
    expect(channel.since()).toEqual({ offset: 12, epoch: 'e' });

    // a resubscribe: the reply names the channel's offset (20), but only 13 has been delivered when it drops
    expect(channel.onSubscribed({ offset: 20, epoch: 'e', recovered: true })).toBeUndefined();
    channel.onMessage(message(13));
    channel.disconnected();
    expect(channel.since()).toEqual({ offset: 13, epoch: 'e' });
  });

  it('delivers each message once and in order when a replay overlaps what came before the drop', () => {
    const { channel, delivered, gaps } = feed();
    channel.since();
    channel.onSubscribed({ offset: 0, epoch: 'e', recovered: false });
    [1, 2, 3].forEach((o) => channel.onMessage(message(o)));
    channel.since();
    channel.onSubscribed({ offset: 5, epoch: 'e', recovered: true });
    [2, 3, 4, 5, 3, 6].forEach((o) => channel.onMessage(message(o)));
    expect(delivered).toEqual([1, 2, 3, 4, 5, 6]);
    expect(gaps).toEqual([]);
  });

  it('fills from history what the server no longer replayed and reports only what is lost for good', () => {
    const { channel, delivered, gaps } = feed();
    channel.since();
    channel.onSubscribed({ offset: 0, epoch: 'e', recovered: false });
    channel.onMessage(message(1));
    channel.since();
    expect(channel.onSubscribed({ offset: 9, epoch: 'e', recovered: false })).toBe(1);
    [6, 7, 8, 9, 10].forEach((o) => channel.onMessage(message(o))); // replay and live, held back meanwhile
    expect(delivered).toEqual([1]);
    const next = channel.onHistory({ channel: 'c', epoch: 'e', offset: 10, messages: [5, 6, 7, 8, 9, 10].map(message) }, 1000);
    expect(next).toBeUndefined();
    expect(gaps).toEqual([{ channel: 'c', fromOffset: 2, toOffset: 4, reason: 'not-retained' }]);
    expect(delivered).toEqual([1, 5, 6, 7, 8, 9, 10]);
  });

  it('reads history page by page until the retained messages are all delivered', () => {
    const { channel, delivered } = feed();
    channel.since();
    channel.onSubscribed({ offset: 0, epoch: 'e', recovered: false });
    channel.since();
    expect(channel.onSubscribed({ offset: 5, epoch: 'e', recovered: false })).toBe(0);
    expect(channel.onHistory({ channel: 'c', epoch: 'e', offset: 5, messages: [1, 2].map(message) }, 2)).toBe(2);
    expect(channel.onHistory({ channel: 'c', epoch: 'e', offset: 5, messages: [3, 4].map(message) }, 2)).toBe(4);
    expect(channel.onHistory({ channel: 'c', epoch: 'e', offset: 5, messages: [5].map(message) }, 2)).toBeUndefined();
    expect(delivered).toEqual([1, 2, 3, 4, 5]);
  });

  it('reports an unknown loss when the epoch changed and starts over from the new history', () => {
    const { channel, delivered, gaps } = feed();
    channel.since();
    channel.onSubscribed({ offset: 3, epoch: 'old', recovered: false });
    channel.onMessage(message(4));
    channel.since();
    expect(channel.onSubscribed({ offset: 2, epoch: 'new', recovered: false })).toBe(0);
    channel.onHistory({ channel: 'c', epoch: 'new', offset: 2, messages: [2].map(message) }, 1000);
    expect(gaps).toEqual([
      { channel: 'c', fromOffset: 5, toOffset: null, reason: 'epoch-changed' },
      { channel: 'c', fromOffset: 1, toOffset: 1, reason: 'not-retained' },
    ]);
    expect(delivered).toEqual([4, 2]);
    expect(channel.since()).toEqual({ offset: 2, epoch: 'new' });
  });

  it('when the history cannot be read, delivers what came and reports the rest as lost', () => {
    const { channel, delivered, gaps } = feed();
    channel.since();
    channel.onSubscribed({ offset: 0, epoch: 'e', recovered: false });
    channel.since();
    channel.onSubscribed({ offset: 4, epoch: 'e', recovered: false });
    channel.onMessage(message(5));
    channel.historyFailed();
    expect(gaps).toEqual([{ channel: 'c', fromOffset: 1, toOffset: 4, reason: 'not-retained' }]);
    expect(delivered).toEqual([5]);
  });

  it('reports offsets a live connection skipped (conflated channels) and keeps going after a failing handler', () => {
    const { channel, delivered, gaps, errors } = feed();
    channel.since();
    channel.onSubscribed({ offset: 0, epoch: 'e', recovered: false });
    channel.onMessage(message(1));
    channel.onMessage(message(4));
    expect(gaps).toEqual([{ channel: 'c', fromOffset: 2, toOffset: 3, reason: 'skipped' }]);
    const throwing = new ChannelFeed('c', { onMessage: () => { throw new Error('boom'); } }, (e) => errors.push(e));
    throwing.since();
    throwing.onSubscribed({ offset: 0, epoch: 'e', recovered: false });
    throwing.onMessage(message(1));
    throwing.onMessage(message(2));
    expect(errors).toHaveLength(2);
    expect(throwing.since()).toEqual({ offset: 2, epoch: 'e' });
    expect(delivered).toEqual([1, 4]);
  });
});
